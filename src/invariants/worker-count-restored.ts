// The invariant "worker count restored": after each worker fault the cluster is back to its baseline workers, and answers.

import { connectionRecords, type ConnectionRecord } from '../history/connections.js';
import type { HistoryEvent, Millis } from '../history/events.js';
import {
  clientEventsByConnection,
  count,
  describeConnection,
  describeFault,
  eventsOfConnection,
  evidenceOf,
  formatMs,
  listFirst,
} from './_internals/evidence.js';
import { faultKills, landedFaults, unlandedFaults, type LandedFault } from './_internals/faults.js';
import { liveWorkersAt, workerLives, type WorkerLife } from './_internals/processes.js';
import { clusterReadyOf, inTimeOrder, judgedRun, ofTypes, type JudgedRun } from './_internals/timeline.js';
import { worstStatus, type Verdict, type VerdictStatus } from './verdict.js';

export interface WorkerCountRestoredOptions {
  /** How long after a fault lands the cluster has to be restored, in ms. Default 5000. */
  restoreWithinMs?: number;
}

/**
 * After each fault that landed on a worker, within `restoreWithinMs` (default 5000 ms), the cluster is restored.
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
 *
 * Verdict: `pass` when no fault was requested before the stop (nothing had to be restored; the message says so) or
 * when every worker fault was restored and followed up. `unknown` when a fault was requested but never landed, when
 * the run ended (stop or end of history) before a fault's deadline with the count not yet restored, or when nothing
 * proves the restored cluster answers. `fail` when a deadline passed unrestored (evidence: the fault, the exits and
 * `worker-ready` events between the fault and the deadline; the deadline and live workers are in the message), or
 * when every follow-up connection was lost.
 */
export function workerCountRestored(events: readonly HistoryEvent[], options: WorkerCountRestoredOptions = {}): Verdict {
  const restoreWithinMs = options.restoreWithinMs ?? 5000;
  const timeline = inTimeOrder(events);
  const run = judgedRun(timeline);
  const requested = ofTypes(run.events, 'fault-requested');
  if (requested.length === 0) {
    return {
      invariant: 'worker-count-restored',
      status: 'pass',
      message: 'no fault was requested before the stop: nothing had to be restored',
      evidence: [],
    };
  }
  const ready = clusterReadyOf(run.events);
  if (!ready) {
    return {
      invariant: 'worker-count-restored',
      status: 'unknown',
      message: `${count(requested.length, 'fault')} requested, but the history has no cluster-ready event: there is no baseline worker count to restore`,
      evidence: evidenceOf(requested),
    };
  }

  const judgement: Judgement = {
    run,
    clientEvents: clientEventsByConnection(timeline),
    baseline: ready.workers.length,
    restoreWithinMs,
    lives: workerLives(run.events),
    // Connections opened before the stop may close after it: their outcome still counts.
    records: connectionRecords(timeline).filter((record) => record.openedAt < run.end),
  };
  const findings: Finding[] = [
    ...unlandedFaults(run.events).map(
      (fault): Finding => ({
        status: 'unknown',
        text: `fault #${fault.fault} (${fault.kind}) on ${fault.target} was requested at ${formatMs(fault.t)} but never landed`,
        evidence: [fault],
      }),
    ),
    ...landedFaults(run.events)
      .filter((fault) => fault.landed.role === 'worker')
      .map((fault) => judgeFault(fault, judgement)),
  ];
  const masterFaults = landedFaults(run.events).filter((fault) => fault.landed.role !== 'worker').length;
  const ignored = masterFaults > 0 ? ` (${count(masterFaults, 'fault')} on non-worker processes left to master-survived)` : '';

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
  const head =
    status === 'pass'
      ? `all ${count(findings.length, 'worker fault')} restored to ${judgement.baseline} workers within ${formatMs(restoreWithinMs)}${ignored}`
      : `${shown.length} of ${count(findings.length, 'fault')} ${status === 'fail' ? 'not restored' : 'not proven restored'} within ${formatMs(restoreWithinMs)} (baseline ${judgement.baseline} workers)${ignored}`;
  return {
    invariant: 'worker-count-restored',
    status,
    message: `${head}: ${listFirst(shown.map((finding) => finding.text), 3)}`,
    evidence: evidenceOf([ready, ...shown.flatMap((finding) => finding.evidence)]),
  };
}

interface Judgement {
  run: JudgedRun;
  baseline: number;
  restoreWithinMs: Millis;
  lives: ReadonlyMap<number, WorkerLife>;
  records: readonly ConnectionRecord[];
  clientEvents: ReadonlyMap<number, HistoryEvent[]>;
}

interface Finding {
  status: VerdictStatus;
  text: string;
  /** Most relevant first. */
  evidence: (HistoryEvent | undefined)[];
}

function judgeFault(fault: LandedFault, judgement: Judgement): Finding {
  const { run, baseline, lives, records } = judgement;
  const { landed } = fault;
  const pid = landed.pid;
  const deadline = landed.t + judgement.restoreWithinMs;
  const horizon = Math.min(deadline, run.end);
  const exit = lives.get(pid)?.exit ?? run.events.find((event) => event.type === 'process-exit' && event.pid === pid);
  const gone = (t: Millis): boolean => exit !== undefined && exit.t <= t;
  const kills = faultKills(landed.kind);
  const hangEnd = fault.until;
  const answersAgain = (t: Millis): ConnectionRecord | undefined =>
    kills
      ? undefined
      : records.find(
          (record) =>
            record.attributedPid === pid &&
            record.outcome === 'answered' &&
            !record.clientAborted &&
            record.closedAt !== undefined &&
            record.closedAt >= hangEnd &&
            record.closedAt <= t,
        );

  const lifecycle = run.events.filter(
    (event) => (event.type === 'worker-ready' || event.type === 'process-exit') && event.t >= landed.t && event.t <= horizon,
  );
  const moments = [
    landed.t,
    ...lifecycle.map((event) => event.t),
    ...(kills ? [] : records.flatMap((record) => (record.attributedPid === pid && record.closedAt !== undefined && record.closedAt <= horizon ? [record.closedAt] : []))),
    ...(kills ? [] : [hangEnd]),
  ]
    .filter((t) => t >= landed.t && t <= horizon)
    .sort((a, b) => a - b);

  const readies = lifecycle.filter((event) => event.type === 'worker-ready');
  const evidence: (HistoryEvent | undefined)[] = [landed, exit, ...readies, ...lifecycle, fault.requested];
  const subject = describeFault(fault);

  for (const moment of moments) {
    const live = liveWorkersAt(lives, moment);
    if (live.length !== baseline) continue;
    const proof = answersAgain(moment);
    if (proof) {
      return {
        status: 'pass',
        text: `${subject}: answered again with ${describeConnection(proof)}, ${baseline} workers live`,
        evidence: [landed, ...eventsOfConnection(proof, judgement.clientEvents), ...evidence],
      };
    }
    if (gone(moment)) return followUp(fault, moment, live, judgement, evidence);
  }

  if (!kills && !gone(horizon)) {
    // The hung worker took a connection opened after its hang and did not answer it: it has not recovered.
    const stuck = records.find(
      (record) => record.attributedPid === pid && record.openedAt >= hangEnd && record.closedAt !== undefined && record.outcome !== 'answered' && !record.clientAborted,
    );
    const over = moments.find((moment) => moment >= hangEnd && liveWorkersAt(lives, moment).length === baseline);
    if (stuck) {
      return {
        status: 'fail',
        text: `${subject}: after its hang it took ${describeConnection(stuck)} and did not answer it`,
        evidence: [landed, ...eventsOfConnection(stuck, judgement.clientEvents), ...evidence],
      };
    }
    if (over !== undefined) return followUp(fault, over, liveWorkersAt(lives, over), judgement, evidence);
  }

  const liveAtHorizon = liveWorkersAt(lives, horizon);
  const state = `live workers at ${formatMs(horizon)}: [${liveAtHorizon.join(', ')}] (${liveAtHorizon.length} of ${baseline}); ${
    exit ? `pid ${pid} exited at ${formatMs(exit.t)}` : `pid ${pid} never exited`
  }; worker-ready after the fault: ${readies.length === 0 ? 'none' : readies.map((event) => `pid ${event.pid} at ${formatMs(event.t)}`).join(', ')}`;
  if (deadline > run.end) {
    return {
      status: 'unknown',
      text: `${subject}: the run ended at ${formatMs(run.end)}, before the deadline ${formatMs(deadline)}, not yet restored (${state})`,
      evidence,
    };
  }
  if (!kills && hangEnd <= deadline) {
    const reached = records.filter(
      (record) => record.attributedPid === pid && record.closedAt !== undefined && record.closedAt >= hangEnd && record.closedAt <= deadline,
    );
    if (reached.length === 0) {
      return {
        status: 'unknown',
        text: `${subject}: no connection reached pid ${pid} between the hang's end and the deadline ${formatMs(deadline)}, so nothing shows it answers again (${state})`,
        evidence,
      };
    }
  }
  const why = !kills && hangEnd > deadline ? `hung past the deadline and was not replaced; ` : '';
  return {
    status: 'fail',
    text: `${subject}: not restored by the deadline ${formatMs(deadline)}: ${why}${state}`,
    evidence,
  };
}

/** After a restore at `restoredAt`, one connection opened since must have been answered. */
function followUp(
  fault: LandedFault,
  restoredAt: Millis,
  live: readonly number[],
  judgement: Judgement,
  evidence: (HistoryEvent | undefined)[],
): Finding {
  const subject = `${describeFault(fault)}: restored at ${formatMs(restoredAt)} to [${live.join(', ')}]`;
  const followUps = judgement.records.filter(
    (record) => record.openedAt >= restoredAt && !record.clientAborted && record.closedAt !== undefined,
  );
  const answered = followUps.find((record) => record.outcome === 'answered');
  if (answered) {
    return {
      status: 'pass',
      text: `${subject}, follow-up ${describeConnection(answered)} answered`,
      evidence: [fault.landed, ...evidence.slice(1, 6), ...eventsOfConnection(answered, judgement.clientEvents)],
    };
  }
  if (followUps.length > 0) {
    return {
      status: 'fail',
      text: `${subject}, but none of the ${count(followUps.length, 'follow-up connection')} opened since was answered: ${listFirst(followUps.map(describeConnection), 3, ', ')}`,
      evidence: [fault.landed, ...evidence.slice(1, 4), ...followUps.slice(0, 3).flatMap((record) => eventsOfConnection(record, judgement.clientEvents)), ...evidence.slice(4)],
    };
  }
  return {
    status: 'unknown',
    text: `${subject}, but no connection was opened after the restore: nothing proves the restored cluster answers`,
    evidence,
  };
}
