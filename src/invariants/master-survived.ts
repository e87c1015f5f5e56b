// The invariant "master survived": the master stays alive from cluster-ready to the stop request.

import type { HistoryEvent, ProcessExitEvent } from '../history/events.js';
import { describeFault, evidenceOf, formatMs, maxEvidence } from './_internals/evidence.js';
import { landedFaults } from './_internals/faults.js';
import { clusterReadyOf, firstOfType, inTimeOrder } from './_internals/timeline.js';
import type { Verdict } from './verdict.js';

/** The fixes, by what ended the master. */
export const masterFixes = {
  killedByFault:
    'Nothing restarts a master: its workers and its port go with it. Run it under a supervisor (systemd, a container restart policy), and keep master faults out of schedules meant to check how the workers recover.',
  exited:
    'Find why the master exited (its exit code or signal, its output tail): a master must stay up until it is stopped; handle its errors (an uncaught exception or a failed fork in the master takes the whole cluster down).',
} as const;

/**
 * The master (the `masterPid` of the first `cluster-ready`) has no `process-exit` at or after cluster-ready and strictly
 * before the first `stop-requested` (before the end of the history when the cluster was never stopped).
 *
 * A master exit fails the invariant whatever caused it, a fault injected into the master included: such a fault tests
 * something else (how the workers and the harness cope), and this verdict still records that the master did not
 * survive; the message names the fault. `unknown` when the history has no `cluster-ready` (there is no master to
 * speak of). Fail evidence: the master's exit, a fault that landed on it, and the events just before the exit; cause
 * `master-survived/exited` (origin app; the fix says whether a fault killed it).
 */
export function masterSurvived(events: readonly HistoryEvent[]): Verdict {
  const timeline = inTimeOrder(events);
  const ready = clusterReadyOf(timeline);
  if (!ready) {
    return {
      invariant: 'master-survived',
      status: 'unknown',
      message: 'the history has no cluster-ready event: the cluster never became ready, so there is no master to judge',
      evidence: evidenceOf(timeline.slice(-10)),
    };
  }
  const stop = firstOfType(timeline, 'stop-requested');
  const until = stop
    ? `the stop request at ${formatMs(stop.t)}`
    : `the end of the history at ${formatMs(timeline.at(-1)?.t ?? ready.t)}`;
  const exitIndex = timeline.findIndex(
    (event) =>
      event.type === 'process-exit' &&
      event.pid === ready.masterPid &&
      event.t >= ready.t &&
      (stop === undefined || event.t < stop.t),
  );
  if (exitIndex === -1) {
    return {
      invariant: 'master-survived',
      status: 'pass',
      message: `master ${ready.masterPid} stayed alive from cluster-ready at ${formatMs(ready.t)} to ${until}`,
      evidence: evidenceOf([ready, stop]),
    };
  }
  const exit = timeline[exitIndex] as ProcessExitEvent;
  const fault = landedFaults(timeline)
    .filter((candidate) => candidate.landed.pid === ready.masterPid && candidate.landed.t <= exit.t)
    .at(-1);
  const how =
    exit.signal !== null ? `signal ${exit.signal}` : exit.code !== null ? `code ${exit.code}` : 'an unknown cause';
  const cause = fault ? `, after ${describeFault(fault)}` : ', with no fault injected into it';
  const before = timeline.slice(Math.max(0, exitIndex - (maxEvidence - 3)), exitIndex).reverse();
  const message = `master ${ready.masterPid} exited at ${formatMs(exit.t)} with ${how}${cause}, before ${until}`;
  return {
    invariant: 'master-survived',
    status: 'fail',
    message,
    evidence: evidenceOf([exit, fault?.landed, ready, ...before]),
    causes: [
      {
        key: 'master-survived/exited',
        origin: 'app',
        summary: message,
        fix: fault ? masterFixes.killedByFault : masterFixes.exited,
        count: 1,
      },
    ],
    details: [{ key: 'master-survived/exited', text: message }],
  };
}
