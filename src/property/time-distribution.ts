// Times as a distribution (count, min, median, p95, max): the campaign's restore totals and the reports' restore rows.

import type { RunRow } from './resilience-result.js';

/** A distribution of times in ms; a count of 0 has no distribution (see `restoreDistribution`). */
export interface TimeDistribution {
  count: number;
  minMs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

/**
 * The `q` quantile (0..1) of values sorted in ascending order, interpolated between the two nearest ranks (numpy's
 * and R's default): the median of an even count is the mean of the middle two, as the campaign's totals compute it,
 * and the p95 of a few values lies between the two largest rather than being the largest.
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no value');
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const below = Math.floor(position);
  const lower = sorted[below]!;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return lower + (upper - lower) * (position - below);
}

/** The distribution of some times in ms, in any order; undefined for none. */
export function timeDistribution(times: readonly number[]): TimeDistribution | undefined {
  if (times.length === 0) return undefined;
  const sorted = [...times].sort((a, b) => a - b);
  return {
    count: sorted.length,
    minMs: sorted[0]!,
    medianMs: quantile(sorted, 0.5),
    p95Ms: quantile(sorted, 0.95),
    maxMs: sorted.at(-1)!,
  };
}

/** Every restore time of every run (`figures.restoreMs`: a worker fault's landing to the cluster's restore) as one distribution. */
export function restoreDistribution(rows: readonly RunRow[]): TimeDistribution | undefined {
  return timeDistribution(rows.flatMap((row) => row.figures.restoreMs));
}

/** `min 52 ms, median 143 ms, p95 351 ms, max 412 ms` (whole ms: restores are tens to hundreds of ms). */
export function formatDistribution(distribution: TimeDistribution): string {
  const ms = (value: number) => `${Math.round(value)} ms`;
  return `min ${ms(distribution.minMs)}, median ${ms(distribution.medianMs)}, p95 ${ms(distribution.p95Ms)}, max ${ms(distribution.maxMs)}`;
}
