// Why the unknown runs of a campaign proved nothing, grouped, and the runs that gave each reason.

import type { RunSummary } from '../../property/resilience-result.js';

/** One reason for which runs proved nothing, and the runs that gave it. */
export interface UnknownReason {
  invariant: string;
  /** The message of the first run that gave it. */
  message: string;
  /** The runs' campaign indices (0-based). */
  runs: number[];
  /** Every run gave the same message (otherwise they differ from the first only in their numbers: pids, times, counts). */
  identical: boolean;
}

/**
 * The reasons the unknown runs proved nothing, grouped by invariant and by message up to its numbers, most frequent
 * first. A run with no verdict to show still counts, under "no reason recorded".
 */
export function unknownReasons(runs: readonly RunSummary[]): UnknownReason[] {
  const groups = new Map<string, UnknownReason>();
  for (const run of runs) {
    const reasons = run.verdicts.filter((verdict) => verdict.status !== 'pass');
    const listed =
      reasons.length > 0
        ? reasons
        : [{ invariant: 'run', message: 'no reason recorded (no verdict of the run was unknown)' }];
    for (const verdict of listed) {
      const key = `${verdict.invariant}\u0000${verdict.message.replace(/\d+(?:\.\d+)?/g, '#')}`;
      const group = groups.get(key);
      if (!group)
        groups.set(key, { invariant: verdict.invariant, message: verdict.message, runs: [run.index], identical: true });
      else {
        if (!group.runs.includes(run.index)) group.runs.push(run.index);
        if (verdict.message !== group.message) group.identical = false;
      }
    }
  }
  return [...groups.values()].sort((a, b) => b.runs.length - a.runs.length);
}

/** `run 4`, `runs 4, 17 and 20` (1-based, as a person counts runs), at most `max` numbers then how many more. */
export function runNumbers(indices: readonly number[], max = Number.POSITIVE_INFINITY): string {
  const numbers = [...indices].sort((a, b) => a - b).map((index) => String(index + 1));
  if (numbers.length === 1) return `run ${numbers[0]}`;
  if (numbers.length > max) return `runs ${numbers.slice(0, max).join(', ')} and ${numbers.length - max} more`;
  return `runs ${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`;
}
