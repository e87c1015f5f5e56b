// The result of checking one invariant over a history: three-valued, with the events that prove it.

import type { HistoryEvent } from '../history/events.js';

/** `fail` beats `unknown` beats `pass` (as in Jepsen's checkers). */
export type VerdictStatus = 'pass' | 'unknown' | 'fail';

export type InvariantName =
  | 'every-connection-answered'
  | 'worker-count-restored'
  | 'master-survived'
  | 'no-orphans'
  | 'fairness'
  | 'restart-latency'
  | 'handled-once';

export interface Verdict {
  invariant: InvariantName;
  status: VerdictStatus;
  /** One sentence a person can act on: what held, what broke, or why nothing was proven. */
  message: string;
  /** The events that prove the verdict (for a failure: the offending connections, faults, exits). */
  evidence: HistoryEvent[];
}

const rank: Record<VerdictStatus, number> = { pass: 0, unknown: 1, fail: 2 };

/** Combines statuses: the worst wins. */
export function worstStatus(statuses: Iterable<VerdictStatus>): VerdictStatus {
  let worst: VerdictStatus = 'pass';
  for (const status of statuses) if (rank[status] > rank[worst]) worst = status;
  return worst;
}
