// The invariant "worker count restored": after each worker fault, and each reload, the cluster is back to exactly its baseline workers, stays there, and answers.

import type { HistoryEvent } from '../history/events.js';
import { detailsOf, groupCauses } from './_internals/causes.js';
import { count, evidenceOf, formatMs, listFirst } from './_internals/evidence.js';
import { judgeRestores, type WorkerCountRestoredOptions } from './_internals/judge-restores.js';
import { worstStatus, type Verdict } from './verdict.js';

export type { WorkerCountRestoredOptions };

/**
 * After each fault that landed on a worker, within `restoreWithinMs` (default 5000 ms), the cluster is restored to
 * exactly its baseline workers and stays there until the next disturbance; and after each reload's end likewise.
 *
 * Only the events before the first `stop-requested` are read (a shutdown is not a fault). The baseline is the number
 * of workers of the first `cluster-ready`. A worker is live from its `worker-ready` (a baseline worker without one:
 * from `cluster-ready`) until its `process-exit`. Faults on the master are `master-survived`'s business and ignored.
 *
 * - Killing faults (every kind but `hang`): restored at the first moment r in [fault, fault + restoreWithinMs] at
 *   which the faulted pid has exited and exactly the baseline number of workers is live. Each fault has its own
 *   deadline: with two faults close together, each must see such a moment before its own deadline (a moment before
 *   the second fault lands counts for the first). Then a follow-up connection opened at or after r must be answered:
 *   at least one closed, non-aborted connection opened in [r, stop) ended `answered` (any later one will do: the
 *   settle burst comes after the deadline); if some were opened and none was answered, `fail`; if none, `unknown`.
 * - `hang` (the process survives): restored at the first moment r by the deadline at which the baseline number of
 *   workers is live and either the hung pid answered again (a connection attributed to it ended `answered` at or after
 *   the hang's end, i.e. landing + the request's `durationMs`), which is its own follow-up, or the hang is over (r is
 *   at or after its end), then with the follow-up rule of the killing faults (the cluster answers a connection opened
 *   at or after r: with OS-balanced accepts nothing steers a connection to the hung pid itself), or it was replaced
 *   (it exited, then the killing rule above applies). A hang that outlasts the deadline without a replacement fails.
 * - Exactly the baseline, held: from r until the next disturbance (the next fault landing after r, on any process;
 *   the next reload start; the stop request; or, with none of these, the end of the history; and at once, r itself,
 *   when another fault is still at work at r: its target not yet gone, its hang not over, or, before its deadline,
 *   its target gone and the count not back at the baseline since, since what that target does next, a drain's exit,
 *   a surge replacement or the replacement still to come, is that fault's to judge) the live count is the
 *   baseline at every moment (r and every `worker-ready` or `process-exit` before the disturbance): a moment with
 *   more workers fails (`too-many-workers`), one with fewer fails (`not-restored`). A restore inside a reload window
 *   (between its start and its end or failure) is held only at r: the reload's own workers come and go until it ends,
 *   and its end is judged instead.
 * - Reloads: from each `reload end` until the next disturbance after it, the live count is exactly the baseline by the
 *   same rule (a reload that ends with 3 workers instead of 2 fails `too-many-workers`). A failed or unended reload is
 *   `every-reload-completes`' business.
 * - A fault withdrawn on purpose (`fault-disarmed`) or never requested (`fault-skipped`) is no fault of the run.
 *
 * Verdict: `pass` when nothing had to be restored (no fault requested, no reload ended; the message says so) or when
 * every worker fault was restored, held and followed up and every reload ended at the baseline. `unknown` when a
 * fault was requested but never landed, when the run ended (stop or end of history) before a fault's deadline with
 * the count not yet restored, or when nothing proves the restored cluster answers. `fail` when a deadline passed
 * unrestored (`not-restored`; evidence: the fault, the exits and `worker-ready` events between the fault and the
 * deadline; the deadline and live workers are in the message), when the count left the baseline before the next
 * disturbance (`too-many-workers` / `not-restored`; evidence: the events that made the count wrong), or when every
 * follow-up connection was lost or a hung worker did not answer after its hang (`not-answering-after-restore`).
 * `causes` groups the failures by key (most frequent first), `details` lists each failure.
 */
export function workerCountRestored(
  events: readonly HistoryEvent[],
  options: WorkerCountRestoredOptions = {},
): Verdict {
  const restores = judgeRestores(events, options);
  const { restoreWithinMs } = restores;
  if (restores.kind === 'nothing-to-restore') {
    return { invariant: 'worker-count-restored', status: 'pass', message: restores.message, evidence: [] };
  }
  if (restores.kind === 'no-baseline') {
    return {
      invariant: 'worker-count-restored',
      status: 'unknown',
      message: restores.message,
      evidence: evidenceOf(restores.evidence),
    };
  }

  const { findings, baseline, ignored } = restores;
  const faultFindings = findings.filter((finding) => finding.reload === undefined);
  const reloadFindings = findings.filter((finding) => finding.reload !== undefined);
  if (findings.length === 0) {
    return {
      invariant: 'worker-count-restored',
      status: 'pass',
      message: `no fault landed on a worker${ignored}: nothing had to be restored`,
      evidence: [],
    };
  }
  const status = worstStatus(findings.map((finding) => finding.status));
  const shown = findings.filter((finding) => finding.status === status);
  const shownFaults = shown.filter((finding) => finding.reload === undefined).length;
  const shownReloads = shown.length - shownFaults;
  const reloadsPart = (verb: string): string =>
    `${reloadFindings.length === 1 ? 'the reload' : `${shownReloads} of ${count(reloadFindings.length, 'reload')}`} ${verb} the baseline ${baseline} workers`;
  const head =
    status === 'pass'
      ? [
          ...(faultFindings.length > 0
            ? [
                `all ${count(faultFindings.length, 'worker fault')} restored to ${baseline} workers within ${formatMs(restoreWithinMs)}`,
              ]
            : []),
          ...(reloadFindings.length > 0 ? [reloadsPart('ended at')] : []),
        ].join('; ') + ignored
      : [
          ...(shownFaults > 0
            ? [
                `${shownFaults} of ${count(faultFindings.length, 'fault')} ${status === 'fail' ? 'not restored' : 'not proven restored'} within ${formatMs(restoreWithinMs)} (baseline ${baseline} workers)`,
              ]
            : []),
          ...(shownReloads > 0 ? [reloadsPart('did not end at')] : []),
        ].join('; ') + ignored;
  const failures = shown.flatMap((finding) => (finding.cause ? [{ ...finding.cause, line: finding.text }] : []));
  return {
    invariant: 'worker-count-restored',
    status,
    message: `${head}: ${listFirst(
      shown.map((finding) => finding.text),
      3,
    )}`,
    evidence: evidenceOf([restores.ready, ...shown.flatMap((finding) => finding.evidence)]),
    ...(status === 'fail' ? { causes: groupCauses(failures), details: detailsOf(failures) } : {}),
  };
}
