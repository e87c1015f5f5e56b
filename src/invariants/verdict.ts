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
  | 'handled-once'
  | 'every-reload-completes'
  | 'idle-clients-cut-off'
  | 'every-worker-death-explained';

/**
 * Why an invariant failed, named from the evidence: what happened and how to fix it. A failing verdict carries one
 * per distinct cause it found. The `key` is stable across runs, so a campaign groups its failures by it: each
 * distinct key is one problem, with its own shrunk counterexample.
 */
export interface FailureCause {
  /** `<invariant>/<kind>`, e.g. `every-connection-answered/handed-to-dead-worker`: no pid, time or count in it. */
  key: string;
  /** `app`: the app's own code. `platform`: Node itself (node:cluster's scheduling), which the app can only work around. */
  origin: 'app' | 'platform';
  /** What happened in this run, in one sentence (pids, times). */
  summary: string;
  /** What to change so that it does not happen. */
  fix: string;
  /** How many of the run's failures (lost connections, faults not restored, ...) it covers. */
  count: number;
}

/**
 * One failure of a failing verdict, in one line, filed under its cause: the message names the first few failures,
 * `details` lists every one of them (a report can show them all).
 */
export interface VerdictDetail {
  /** The `FailureCause.key` it counts under. */
  key: string;
  /** What failed and why, e.g. `#7 (timeout, pid 100, 99ms-3099ms): handed by node:cluster's round robin to ...`. */
  text: string;
  /** The connection it is about, when it is about one (every-connection-answered). */
  connection?: number;
}

export interface Verdict {
  invariant: InvariantName;
  status: VerdictStatus;
  /** One sentence a person can act on: what held, what broke, or why nothing was proven. */
  message: string;
  /** The events that prove the verdict (for a failure: the offending connections, faults, exits). */
  evidence: HistoryEvent[];
  /** For `fail`: every distinct cause, most frequent first (at least one). Absent otherwise. */
  causes?: FailureCause[];
  /** For `fail`: every failure, one line each, in the order found (the message shows only the first few). */
  details?: VerdictDetail[];
}

const rank: Record<VerdictStatus, number> = { pass: 0, unknown: 1, fail: 2 };

/** Combines statuses: the worst wins. */
export function worstStatus(statuses: Iterable<VerdictStatus>): VerdictStatus {
  let worst: VerdictStatus = 'pass';
  for (const status of statuses) if (rank[status] > rank[worst]) worst = status;
  return worst;
}
