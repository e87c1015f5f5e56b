// Why a lost connection may be indeterminate rather than a violation: the one excuse rule, shared by every checker and figure that needs it.

import type { ConnectionRecord } from '../../history/connections.js';
import type { Millis, ProcessExitEvent, StopRequestedEvent } from '../../history/events.js';
import { describeFault, formatMs } from './evidence.js';
import { abruptSpan, type LandedFault } from './faults.js';

/**
 * How long after the kernel's accept (the client's `connection-connected`, its `connection-open` when it never
 * connected) a fault that ended some process may excuse a loss that no process is known to have received. It covers
 * the instants between the kernel's accept and a process's report of it: a process killed there takes connections
 * from its accept queue with it, unreported. 100 ms is far above that gap (a probe reports as the server emits the
 * connection) and far below a client's timeout (3 s), which the rule must never reach: a connection that waits that
 * long was left unanswered by a live cluster, not cut by a fault.
 */
export const unattributedWindowMs: Millis = 100;

/** What may excuse one lost connection (in lenient mode; strict mode excuses nothing but still names it). */
export type LossExcuse =
  /** The connection was still open when the harness asked the cluster to stop: the shutdown cut it. */
  | { kind: 'stop'; stop: StopRequestedEvent }
  /** The connection was refused after the master had died of a fault injected into it. */
  | { kind: 'master-killed'; fault: LandedFault; masterExit: ProcessExitEvent }
  /** The process that held it ended abruptly from a fault that acted while it held the connection. */
  | { kind: 'fault-on-holder'; fault: LandedFault; exit: ProcessExitEvent }
  /** No process received it, and a fault ended some process right around its accept. */
  | { kind: 'fault-near-accept'; fault: LandedFault; exit: ProcessExitEvent; acceptedAt: Millis };

/** The kinds of excuse, as `runFigures` counts them. */
export type LossExcuseKind = LossExcuse['kind'];

export interface ExcuseContext {
  faults: readonly LandedFault[];
  stop?: StopRequestedEvent;
  masterPid?: number;
  masterExit?: ProcessExitEvent;
}

/**
 * The excuse for a lost, closed connection, if any. The rules, in this order (the first that applies decides):
 * 1. **stop**: it ended at or after the stop request (the harness's shutdown cut it).
 * 2. **master-killed**: it was refused at or after the master's exit, and a fault other than a hang landed on the
 *    master at or before that exit (the master died of an injected fault). A refusal after a master exit that no
 *    fault explains is excused by nothing.
 * 3. **fault-on-holder**: the process that held it (`attributedPid`: the last process that received it, or the sender
 *    of a connection in transit) exited, an abrupt fault (SIGKILL, exit, uncaught-exception, unhandled-rejection,
 *    ipc-disconnect) landed on it at l at or before that exit, and [receivedAt, closedAt] intersects [l, exit]: the
 *    fault acts from its landing until its process is gone. A connection in transit to a pid that never took it is
 *    judged by its sender alone: the addressee's death never excuses it.
 * 4. **fault-near-accept**: no process received it (no receipt, no dispatch) and an abrupt fault's span [l, exit] on
 *    any process intersects [openedAt, connectedAt + unattributedWindowMs] (openedAt + the window when it never
 *    connected). The accept starts the window only as the harness saw it: the kernel completes the handshake, and a
 *    worker may take the connection, from its open on, while a busy harness sees `connected` later (seen in CI: 8.7 ms
 *    later, and a worker SIGKILLed in between died holding it, unreported).
 * SIGTERM and hang excuse nothing (a process told to stop drains what it holds; a paused one answers afterwards), nor
 * does a fault whose process never exited, nor a reload.
 */
export function excuseForLoss(record: ConnectionRecord, context: ExcuseContext): LossExcuse | undefined {
  const closedAt: Millis = record.closedAt ?? Number.POSITIVE_INFINITY;
  if (context.stop !== undefined && closedAt >= context.stop.t) return { kind: 'stop', stop: context.stop };

  const { masterExit, masterPid } = context;
  if (record.outcome === 'refused' && masterExit !== undefined && masterExit.t <= record.openedAt) {
    const killer = context.faults
      .filter(
        (fault) => fault.landed.pid === masterPid && fault.landed.kind !== 'hang' && fault.landed.t <= masterExit.t,
      )
      .at(-1);
    return killer ? { kind: 'master-killed', fault: killer, masterExit } : undefined;
  }

  if (record.attributedPid !== undefined) {
    const holder = record.attributedPid;
    const heldFrom = record.receivedAt ?? record.openedAt;
    for (const fault of context.faults) {
      const span = abruptSpan(fault);
      if (fault.landed.pid === holder && span && fault.exit && span.from <= closedAt && span.to >= heldFrom) {
        return { kind: 'fault-on-holder', fault, exit: fault.exit };
      }
    }
    return undefined;
  }

  const acceptedAt = record.connectedAt ?? record.openedAt;
  for (const fault of context.faults) {
    const span = abruptSpan(fault);
    if (span && fault.exit && span.from <= acceptedAt + unattributedWindowMs && span.to >= record.openedAt) {
      return { kind: 'fault-near-accept', fault, exit: fault.exit, acceptedAt };
    }
  }
  return undefined;
}

/** The excuse in words, e.g. `cut by fault #1 (SIGKILL) on worker 101 at 30ms, which ended it at 31ms`. */
export function describeExcuse(excuse: LossExcuse): string {
  switch (excuse.kind) {
    case 'fault-on-holder':
      return `cut by ${describeFault(excuse.fault)}, which ended it at ${formatMs(excuse.exit.t)}`;
    case 'fault-near-accept':
      return `taken by no process, and ${describeFault(excuse.fault)} ended it at ${formatMs(excuse.exit.t)}, within ${formatMs(unattributedWindowMs)} of the accept at ${formatMs(excuse.acceptedAt)}`;
    case 'master-killed':
      return `refused after the master died (exit at ${formatMs(excuse.masterExit.t)}) of ${describeFault(excuse.fault)}`;
    case 'stop':
      return `cut by the stop requested at ${formatMs(excuse.stop.t)}`;
  }
}
