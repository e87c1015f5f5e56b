// The fate of every judged connection (answered, excused, lost with its cause): one judgement read by the verdict and by the run's figures.

import { connectionRecords, type ConnectionRecord } from '../../history/connections.js';
import type { HistoryEvent, ProcessExitEvent, StopRequestedEvent } from '../../history/events.js';
import { excuseForLoss, type LossExcuse } from './excuse.js';
import { landedFaults, type LandedFault } from './faults.js';
import { causeOfLoss } from './loss-cause.js';
import type { LossContext } from './loss-context.js';
import type { LossCause } from './loss-fixes.js';
import { rolesOf, workerLives } from './processes.js';
import { reloadWindows, type ReloadWindow } from './reloads.js';
import { clusterReadyOf, firstOfType, inTimeOrder } from './timeline.js';

/** The default `maxAnsweredStatus`: any status up to 499 is an answer, a 5xx is a loss. */
export const defaultMaxAnsweredStatus = 499;

export interface ConnectionFateOptions {
  strict?: boolean;
  maxAnsweredStatus?: number;
}

export interface ConnectionFates {
  /** Every connection opened before the first stop request (all of them if there is none), in opening order. */
  opened: ConnectionRecord[];
  /** Client-aborted connections: neither an answer nor a loss. */
  aborted: ConnectionRecord[];
  /**
   * Connections whose client misbehaved on purpose (a client fault): whatever their outcome, the client's conduct is
   * part of it, so they are neither an answer nor a loss. The other connections of their burst are judged as always.
   */
  clientFaulted: ConnectionRecord[];
  /** Connections that never closed (a harness defect: the load driver closes every connection). */
  unclosed: ConnectionRecord[];
  answered: ConnectionRecord[];
  /** Lost, and excused (lenient mode only). */
  excused: { record: ConnectionRecord; excuse: LossExcuse }[];
  /** Lost, and a violation: with the excuse strict mode would not accept, and the probable cause. */
  violations: { record: ConnectionRecord; excuse: LossExcuse | undefined; cause: LossCause }[];
  timeline: readonly HistoryEvent[];
  stop?: StopRequestedEvent;
  masterExit?: ProcessExitEvent;
  faults: readonly LandedFault[];
  reloads: readonly ReloadWindow[];
}

/** Whether a closed connection is a loss: any outcome but `answered`, or an HTTP answer above `maxAnsweredStatus`. */
export function isLoss(record: ConnectionRecord, maxAnsweredStatus: number): boolean {
  return record.outcome !== 'answered' || (record.httpStatus !== undefined && record.httpStatus > maxAnsweredStatus);
}

/**
 * Judges each connection opened before the stop request: a misbehaving client's, client-aborted, never closed,
 * answered, or lost; a loss is excused (lenient mode: see `excuseForLoss`) or a violation with its cause (see
 * `causeOfLoss`).
 */
export function connectionFates(events: readonly HistoryEvent[], options: ConnectionFateOptions = {}): ConnectionFates {
  const strict = options.strict ?? false;
  const maxAnsweredStatus = options.maxAnsweredStatus ?? defaultMaxAnsweredStatus;
  const timeline = inTimeOrder(events);
  const context = lossContextOf(timeline, maxAnsweredStatus);
  const { stop, masterExit, faults, reloads } = context;

  const fates: ConnectionFates = {
    opened: connectionRecords(timeline).filter((record) => stop === undefined || record.openedAt < stop.t),
    aborted: [],
    clientFaulted: [],
    unclosed: [],
    answered: [],
    excused: [],
    violations: [],
    timeline,
    ...(stop ? { stop } : {}),
    ...(masterExit ? { masterExit } : {}),
    faults,
    reloads,
  };
  for (const record of fates.opened) {
    if (record.clientFault !== undefined) fates.clientFaulted.push(record);
    else if (record.clientAborted) fates.aborted.push(record);
    else if (record.closedAt === undefined) fates.unclosed.push(record);
    else if (!isLoss(record, maxAnsweredStatus)) fates.answered.push(record);
    else {
      const excuse = excuseForLoss(record, context);
      if (excuse !== undefined && !strict) fates.excused.push({ record, excuse });
      else fates.violations.push({ record, excuse, cause: causeOfLoss(record, excuse, context) });
    }
  }
  return fates;
}

/** What the cause rules of every-connection-answered read of a history in time order. */
export function lossContextOf(timeline: readonly HistoryEvent[], maxAnsweredStatus: number): LossContext {
  const stop = firstOfType(timeline, 'stop-requested');
  const ready = clusterReadyOf(timeline);
  const exits = new Map<number, ProcessExitEvent>();
  for (const event of timeline) if (event.type === 'process-exit' && !exits.has(event.pid)) exits.set(event.pid, event);
  const masterExit = ready ? exits.get(ready.masterPid) : undefined;
  return {
    faults: landedFaults(timeline),
    ...(stop ? { stop } : {}),
    ...(ready ? { masterPid: ready.masterPid } : {}),
    ...(masterExit ? { masterExit } : {}),
    exits,
    lives: workerLives(timeline),
    roles: rolesOf(timeline),
    nodeCluster: timeline.some(
      (event) =>
        (event.type === 'process-start' && event.nodeClusterWorker === true) ||
        (event.type === 'connection-dispatched' && event.by === 'node:cluster'),
    ),
    reloads: reloadWindows(timeline),
    maxAnsweredStatus,
  };
}
