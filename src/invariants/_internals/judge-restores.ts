// Judges every worker fault and reload end of a history, for worker-count-restored's verdict and the run's figures.

import { connectionRecords } from '../../history/connections.js';
import type { FaultLandedEvent, HistoryEvent, Millis, ProcessExitEvent } from '../../history/events.js';
import { clientEventsByConnection, count, formatMs } from './evidence.js';
import { disarmedFaults, landedFaults, unlandedFaults, type LandedFault } from './faults.js';
import { judgeFault } from './judge-fault.js';
import { judgeReloadEnd } from './held-at-baseline.js';
import { workerLives } from './processes.js';
import { reloadWindows, type ReloadWindow } from './reloads.js';
import type { Judgement, RestoreFinding } from './restore-finding.js';
import { clusterReadyOf, inTimeOrder, type JudgedRun, judgedRun, ofTypes } from './timeline.js';

export interface WorkerCountRestoredOptions {
  /** How long after a fault lands the cluster has to be restored, in ms. Default 5000. */
  restoreWithinMs?: number;
}

export type RestoreJudgement =
  | { kind: 'nothing-to-restore'; message: string; restoreWithinMs: Millis }
  | { kind: 'no-baseline'; message: string; evidence: HistoryEvent[]; restoreWithinMs: Millis }
  | {
      kind: 'judged';
      findings: RestoreFinding[];
      baseline: number;
      ready: HistoryEvent;
      /** The note on faults left to master-survived, for the message (empty or starting with a space). */
      ignored: string;
      restoreWithinMs: Millis;
    };

/** Judges every worker fault and reload end of a history (see `workerCountRestored`): the verdict and the run's figures read this. */
export function judgeRestores(
  events: readonly HistoryEvent[],
  options: WorkerCountRestoredOptions = {},
): RestoreJudgement {
  const restoreWithinMs = options.restoreWithinMs ?? 5000;
  const timeline = inTimeOrder(events);
  const run = judgedRun(timeline);
  const disarmed = new Set(disarmedFaults(run.events).map((fault) => fault.fault));
  const requested = ofTypes(run.events, 'fault-requested').filter((fault) => !disarmed.has(fault.fault));
  const reloads = reloadWindows(run.events);
  // The run's events stop before the stop request, so each of these ended before it.
  const reloadEnds = reloads.filter((reload) => reload.close?.phase === 'end');
  if (requested.length === 0 && reloadEnds.length === 0) {
    const note = disarmed.size > 0 ? ` (${count(disarmed.size, 'fault')} disarmed before landing)` : '';
    return {
      kind: 'nothing-to-restore',
      message: `no fault was requested before the stop${note}: nothing had to be restored`,
      restoreWithinMs,
    };
  }
  const ready = clusterReadyOf(run.events);
  if (!ready) {
    return {
      kind: 'no-baseline',
      message: `${count(requested.length, 'fault')} requested${reloadEnds.length > 0 ? ` and ${count(reloadEnds.length, 'reload')} ended` : ''}, but the history has no cluster-ready event: there is no baseline worker count to restore`,
      evidence: requested,
      restoreWithinMs,
    };
  }

  const judgement = judgementOf(timeline, run, ready.workers.length, restoreWithinMs, reloads);
  // A fault whose target exited before it could land (it was dying already, of another fault or of its own accord)
  // did what it was asked for: the cluster must restore from that exit, as if the fault had landed then.
  const unlanded = unlandedFaults(run.events);
  const moot = unlanded.flatMap((fault) => {
    const exit =
      fault.pid === null
        ? undefined
        : run.events.find(
            (event): event is ProcessExitEvent =>
              event.type === 'process-exit' && event.pid === fault.pid && event.t >= fault.t,
          );
    return exit && fault.role === 'worker' ? [{ request: fault, exit }] : [];
  });
  if (moot.length > 0) {
    const asLanded = moot.map(({ request, exit }): LandedFault => {
      const landed: FaultLandedEvent = {
        type: 'fault-landed',
        t: exit.t,
        fault: request.fault,
        kind: request.kind,
        pid: exit.pid,
        role: 'worker',
      };
      return { landed, requested: request, until: exit.t, exit };
    });
    judgement.faults = [...judgement.faults, ...asLanded].sort((a, b) => a.landed.t - b.landed.t);
  }
  const findings: RestoreFinding[] = [
    ...unlanded
      .filter((fault) => !moot.some(({ request }) => request === fault))
      .map(
        (fault): RestoreFinding => ({
          status: 'unknown',
          text: `fault #${fault.fault} (${fault.kind}) on ${fault.target} was requested at ${formatMs(fault.t)} but never landed`,
          evidence: [fault],
        }),
      ),
    ...judgement.faults.filter((fault) => fault.landed.role === 'worker').map((fault) => judgeFault(fault, judgement)),
    ...reloadEnds.map((reload) => judgeReloadEnd(reload, judgement)),
  ];
  const masterFaults = judgement.faults.filter((fault) => fault.landed.role !== 'worker').length;
  const ignored =
    masterFaults > 0 ? ` (${count(masterFaults, 'fault')} on non-worker processes left to master-survived)` : '';
  return { kind: 'judged', findings, baseline: judgement.baseline, ready, ignored, restoreWithinMs };
}

/** What the rules of worker-count-restored read: the judged run of a history in time order, against its baseline. */
export function judgementOf(
  timeline: readonly HistoryEvent[],
  run: JudgedRun,
  baseline: number,
  restoreWithinMs: Millis,
  reloads: readonly ReloadWindow[],
): Judgement {
  return {
    run,
    clientEvents: clientEventsByConnection(timeline),
    baseline,
    restoreWithinMs,
    lives: workerLives(run.events),
    // Connections opened before the stop may close after it: their outcome still counts.
    records: connectionRecords(timeline).filter((record) => record.openedAt < run.end),
    faults: landedFaults(run.events),
    reloads,
  };
}
