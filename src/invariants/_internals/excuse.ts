// Why a lost connection may be indeterminate rather than a violation: the one excuse rule, shared by every checker that needs it.

import type { ConnectionRecord } from '../../history/connections.js';
import type { Millis, ProcessExitEvent, StopRequestedEvent } from '../../history/events.js';
import { describeFault, formatMs } from './evidence.js';
import { faultsDuring, type LandedFault } from './faults.js';

/** What may excuse one lost connection (in lenient mode; strict mode excuses nothing but still names the cause). */
export type LossExcuse =
  /** A fault acted on the process the connection was attributed to while it was open. */
  | { kind: 'fault-on-holder'; fault: LandedFault }
  /** Nobody took the connection, and a fault acted on some process while it was open. */
  | { kind: 'fault-while-open'; fault: LandedFault }
  /** The connection was refused after the master had died of a fault injected into it. */
  | { kind: 'master-killed'; fault: LandedFault; masterExit: ProcessExitEvent }
  /** The connection was still open when the harness asked the cluster to stop. */
  | { kind: 'stop'; stop: StopRequestedEvent };

export interface ExcuseContext {
  faults: readonly LandedFault[];
  stop?: StopRequestedEvent;
  masterPid?: number;
  masterExit?: ProcessExitEvent;
}

/**
 * The excuse for a lost, closed connection, if any (checked in this order):
 * 1. it ended at or after the stop request (the harness's shutdown cut it);
 * 2. it was refused at or after the master's exit, and a fault landed on the master before that exit;
 * 3. it was attributed to a pid and a fault acted on that pid during [openedAt, closedAt];
 * 4. it was attributed to no pid and a fault acted on any process during [openedAt, closedAt].
 * A fault "acts" at the instant it lands, or for a hang from landing to its end (see `LandedFault.until`); a fault that
 * landed before the connection opened does not excuse it (a master dispatching to a worker it knows is dead is a bug).
 */
export function excuseForLoss(record: ConnectionRecord, context: ExcuseContext): LossExcuse | undefined {
  const closedAt: Millis = record.closedAt ?? Number.POSITIVE_INFINITY;
  if (context.stop !== undefined && closedAt >= context.stop.t) return { kind: 'stop', stop: context.stop };

  const { masterExit, masterPid } = context;
  if (record.outcome === 'refused' && masterExit !== undefined && masterExit.t <= record.openedAt) {
    const killer = context.faults.filter((fault) => fault.landed.pid === masterPid && fault.landed.t <= masterExit.t).at(-1);
    return killer ? { kind: 'master-killed', fault: killer, masterExit } : undefined;
  }

  if (record.attributedPid !== undefined) {
    const fault = faultsDuring(context.faults, record.openedAt, closedAt, record.attributedPid)[0];
    return fault ? { kind: 'fault-on-holder', fault } : undefined;
  }
  const fault = faultsDuring(context.faults, record.openedAt, closedAt)[0];
  return fault ? { kind: 'fault-while-open', fault } : undefined;
}

/** The excuse in words, e.g. `cut by fault #1 (SIGKILL) on worker 101 at 30ms`. */
export function describeExcuse(excuse: LossExcuse): string {
  switch (excuse.kind) {
    case 'fault-on-holder':
      return `cut by ${describeFault(excuse.fault)}`;
    case 'fault-while-open':
      return `taken by no process while ${describeFault(excuse.fault)}`;
    case 'master-killed':
      return `refused after the master died (exit at ${formatMs(excuse.masterExit.t)}) of ${describeFault(excuse.fault)}`;
    case 'stop':
      return `cut by the stop requested at ${formatMs(excuse.stop.t)}`;
  }
}
