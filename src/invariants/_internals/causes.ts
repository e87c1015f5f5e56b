// Failure causes: one named cause per failure of a verdict, grouped by key into the verdict's `causes`.

import type { FailureCause, VerdictDetail } from '../verdict.js';

/** The cause of one failure (a lost connection, a fault not restored, ...), before grouping. */
export interface CauseOfFailure {
  /** `<invariant>/<kind>`: no pid, time or count in it. */
  key: string;
  origin: 'app' | 'platform';
  /** What happened to this one failure, in words (pids, times). */
  text: string;
  fix: string;
}

/**
 * Groups failures by cause: one `FailureCause` per distinct key and origin (a key whose failures come from both the
 * app and the platform gives one entry for each), counting its failures; its summary is the first failure's text
 * (with how many more it covers), its fix the first failure's. Most frequent first; ties in the order first seen.
 */
export function groupCauses(failures: readonly CauseOfFailure[]): FailureCause[] {
  const groups = new Map<string, { first: CauseOfFailure; count: number; order: number }>();
  for (const failure of failures) {
    const id = `${failure.key}\u0000${failure.origin}`;
    const group = groups.get(id);
    if (group) group.count++;
    else groups.set(id, { first: failure, count: 1, order: groups.size });
  }
  return [...groups.values()]
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .map(({ first, count }) => ({
      key: first.key,
      origin: first.origin,
      summary: count > 1 ? `${first.text} (and ${count - 1} more like it)` : first.text,
      fix: first.fix,
      count,
    }));
}

/** The details of a failing verdict: every failure, in the order given, with its cause's key. */
export function detailsOf(
  failures: readonly (CauseOfFailure & { line: string; connection?: number })[],
): VerdictDetail[] {
  return failures.map((failure) => ({
    key: failure.key,
    text: failure.line,
    ...(failure.connection === undefined ? {} : { connection: failure.connection }),
  }));
}
