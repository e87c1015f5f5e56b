// Maps history time (ms) to x coordinates and picks round tick values for the axis.

import type { Millis } from '../../history/events.js';

export interface TimeScale {
  /** The first and last time shown. */
  readonly start: Millis;
  readonly end: Millis;
  /** The x of `start` and of `end`. */
  readonly left: number;
  readonly right: number;
  /** The x of a time (clamped to the plot). */
  x(t: Millis): number;
  /** Round tick times inside [start, end]. */
  readonly ticks: Millis[];
  /** The distance between two ticks, in ms. */
  readonly step: Millis;
}

/** The round step (1, 2 or 5 times a power of ten) closest above `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 5, 10]) if (raw <= factor * power) return factor * power;
  return 10 * power;
}

/**
 * A linear scale from [start, end] to [left, right], with a tick about every `tickSpacing` pixels.
 * An empty or reversed span is widened to one second, so that an empty history still has an axis.
 */
export function timeScale(start: Millis, end: Millis, left: number, right: number, tickSpacing = 90): TimeScale {
  const span = end > start ? end - start : 1000;
  const last = start + span;
  const width = Math.max(1, right - left);
  const step = niceStep(span / Math.max(1, Math.floor(width / tickSpacing)));
  const ticks: Millis[] = [];
  for (let tick = Math.ceil(start / step) * step; tick <= last + step * 1e-9; tick += step)
    ticks.push(Number(tick.toPrecision(12)));
  return {
    start,
    end: last,
    left,
    right,
    step,
    ticks,
    x: (t) => left + ((Math.min(Math.max(t, start), last) - start) / span) * width,
  };
}

/** A tick label: `250 ms`, or `12 s` once ticks are whole seconds apart. */
export function formatTick(t: Millis, step: Millis): string {
  if (step >= 1000 && t % 1000 === 0) return `${t / 1000} s`;
  return `${Number(t.toFixed(step < 1 ? 2 : 0))} ms`;
}
