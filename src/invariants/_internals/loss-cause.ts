// The probable cause of a lost connection that nothing excuses, named from the evidence, with its fix.

import type { ConnectionRecord } from '../../history/connections.js';
import type { Millis, ProcessExitEvent, ProcessRole } from '../../history/events.js';
import type { CauseOfFailure } from './causes.js';
import { describeFault, formatMs } from './evidence.js';
import { describeExcuse, unattributedWindowMs, type ExcuseContext, type LossExcuse } from './excuse.js';
import { isAbrupt, type LandedFault } from './faults.js';
import { liveWorkersAt, type WorkerLife } from './processes.js';
import { reloadOverlapping, type ReloadWindow } from './reloads.js';

/** The cause keys of every-connection-answered (stable: a campaign groups its failures by them). */
export type LossCauseKey =
  | 'every-connection-answered/handed-to-dead-worker'
  | 'every-connection-answered/refused-no-worker'
  | 'every-connection-answered/dropped-during-sigterm'
  | 'every-connection-answered/accepted-never-handed-on'
  | 'every-connection-answered/holder-died-without-fault'
  | 'every-connection-answered/dropped-by-holder'
  | 'every-connection-answered/refused-master-gone'
  | 'every-connection-answered/http-server-error'
  | 'every-connection-answered/lost-during-reload'
  | 'every-connection-answered/unexplained'
  | 'every-connection-answered/cut-by-fault'
  | 'every-connection-answered/cut-by-stop';

export interface LossCause extends CauseOfFailure {
  key: LossCauseKey;
}

/** What the cause rules read besides the connection itself. */
export interface LossContext extends ExcuseContext {
  /** The first exit of each pid. */
  exits: ReadonlyMap<number, ProcessExitEvent>;
  lives: ReadonlyMap<number, WorkerLife>;
  roles: ReadonlyMap<number, ProcessRole>;
  /** The workers are node:cluster workers (a `process-start` with `nodeClusterWorker`, or a dispatch by node:cluster). */
  nodeCluster: boolean;
  reloads: readonly ReloadWindow[];
  maxAnsweredStatus: number;
}

/** The fixes, by cause (and origin where it differs). */
export const lossFixes = {
  handedToDeadWorkerPlatform:
    "Run node:cluster with SCHED_NONE (cluster.schedulingPolicy = cluster.SCHED_NONE before the first fork, or NODE_CLUSTER_SCHED_POLICY=none) so that only a worker that accepts a connection gets it, or use a master that owns the socket, acks each hand-off and re-dispatches what a dead worker never took.",
  handedToDeadWorkerApp:
    'Ack each hand-off (the worker confirms it took the socket) and re-dispatch to a live worker every socket a dead worker never acknowledged; stop sending to a worker as soon as its exit or disconnect is seen.',
  refusedNoWorkerPlatform:
    'node:cluster closes the listening port with its last worker: keep a worker alive (a fault budget: --min-available 1, minAvailable: 1), or use a master that owns the listening socket and queues connections until a worker is ready.',
  refusedNoWorkerApp:
    'Keep the port open while no worker is live: a master that owns the listening socket and queues connections until a worker is ready, or keep a worker alive (a fault budget: --min-available 1, minAvailable: 1).',
  droppedDuringSigterm:
    'Drain on SIGTERM: stop accepting (server.close()), finish the connections you hold, then exit; never exit or destroy sockets while requests are in flight.',
  acceptedNeverHandedOnApp:
    'Hand every accepted connection to a worker, or queue it until one is ready: a master that accepts must never keep a socket it does not serve.',
  acceptedNeverHandedOnPlatform:
    "node:cluster's round robin queues an accepted connection until a worker is free to take it: keep workers free (none paused or busy for longer than a client waits), or use SCHED_NONE (NODE_CLUSTER_SCHED_POLICY=none) so that the workers accept for themselves.",
  holderDiedWithoutFault:
    'Find why the process exited while it held connections (its exit code or signal, its output tail): a worker must not exit with connections open; whatever retires it (a reload, a restart policy, a memory limit) must let it drain first.',
  droppedByHolder:
    'The process received the connection, stayed alive and never answered it: find the path that drops it (no handler for that request, an error swallowed, a socket never ended); for a worker paused longer than a client waits, move the blocking work off its event loop or have the master route around an unresponsive worker.',
  refusedMasterGone:
    'The master exited with no fault injected into it: find why (its exit code or signal, its output tail); a master must stay up until it is stopped.',
  httpServerError:
    'Find why the server answered with an error status (the reply, its output tail); if that status is a valid answer for your app, raise maxAnsweredStatus.',
  lostDuringReload:
    'A reload must lose nothing: start each new worker, wait until it is ready, then retire an old one with a graceful drain (stop accepting, finish what it holds, exit).',
  unexplained:
    "Nothing in the history explains this loss: read its events in the timeline (a probe that missed a receipt, another process on the port, the app's output).",
  cutByFault:
    'Strict mode excuses no loss: what a process holds when a fault ends it is lost unless the client retries; retry idempotent requests in the client, or check in lenient mode.',
  cutByStop:
    'Strict mode excuses no loss: on SIGTERM the master must stop accepting, let the workers finish what they hold, then exit.',
} as const;

/**
 * The cause of a loss that is a violation: in strict mode, `excuse` is the excuse lenient mode would have accepted.
 * The rules, in this order (the first that applies decides):
 * - `cut-by-stop` / `cut-by-fault` (strict mode only): lenient mode would have excused it (by the stop; by a fault on
 *   its holder, near its accept, or on the master).
 * - `http-server-error`: an HTTP answer whose status is above `maxAnsweredStatus`.
 * - In transit (dispatched after its last receipt, never taken): `handed-to-dead-worker` when the addressee had exited
 *   or a fault other than a hang had landed on it by the connection's close (origin `platform` for node:cluster's
 *   round robin, `app` for an app's hand-off); `dropped-by-holder` when the addressee lived and a hang on it overlapped
 *   the connection (the connection waited in its IPC channel); otherwise `unexplained` (it lived and never took it).
 * - No process received it (no receipt, no dispatch): `refused-master-gone` when refused at or after the master's exit,
 *   or lost in any way with the master's exit before its close;
 *   `refused-no-worker` when refused or reset while the master lived and, at some moment of [openedAt, closedAt], no
 *   worker was live (origin `platform` for node:cluster workers, whose primary closes the port with its last worker;
 *   `app` otherwise); else `unexplained`.
 * - Held by a process H (`attributedPid`): `dropped-during-sigterm` when a SIGTERM fault landed on H at or before the
 *   close; then, H being the master that accepted it and never sent it on: `holder-died-without-fault` if H exited by
 *   the close, `refused-no-worker` (platform) if the workers are node:cluster's and at some moment of
 *   [receivedAt, closedAt] no worker was live (node:cluster closes what it queued with its last worker), else
 *   `accepted-never-handed-on` (origin `platform` for node:cluster's primary, which queues it until a worker is free);
 *   otherwise `holder-died-without-fault` when H exited by the close, `dropped-by-holder` when it lived (a hang on it,
 *   or an abrupt fault it never died of, is named).
 *   Before those two: `lost-during-reload` when H is a worker that a reload overlapping the connection retired (it
 *   exited between the reload's start and its close) without answering it.
 * - `lost-during-reload` replaces `unexplained` when the loss overlaps a reload window (a more specific cause wins).
 */
export function causeOfLoss(record: ConnectionRecord, excuse: LossExcuse | undefined, context: LossContext): LossCause {
  const cause = specificCause(record, excuse, context);
  if (cause.key !== 'every-connection-answered/unexplained') return cause;
  if (!reloadOverlapping(context.reloads, record.openedAt, record.closedAt ?? Number.POSITIVE_INFINITY)) return cause;
  return { ...cause, key: 'every-connection-answered/lost-during-reload', fix: lossFixes.lostDuringReload };
}

function specificCause(record: ConnectionRecord, excuse: LossExcuse | undefined, context: LossContext): LossCause {
  const closedAt = record.closedAt ?? Number.POSITIVE_INFINITY;
  const who = (pid: number): string => `${roleOf(pid, context)} ${pid}`;

  if (excuse !== undefined) {
    const text = `${describeExcuse(excuse)}, which strict mode does not excuse`;
    return excuse.kind === 'stop'
      ? { key: 'every-connection-answered/cut-by-stop', origin: 'app', text, fix: lossFixes.cutByStop }
      : { key: 'every-connection-answered/cut-by-fault', origin: 'app', text, fix: lossFixes.cutByFault };
  }

  if (record.outcome === 'answered' && record.httpStatus !== undefined && record.httpStatus > context.maxAnsweredStatus) {
    const by = record.attributedPid === undefined ? '' : ` by ${who(record.attributedPid)}`;
    return {
      key: 'every-connection-answered/http-server-error',
      origin: 'app',
      text: `answered with HTTP ${record.httpStatus}${by}, above maxAnsweredStatus ${context.maxAnsweredStatus}: a server error is not an answer`,
      fix: lossFixes.httpServerError,
    };
  }

  const transit = record.inTransit;
  if (transit !== undefined) {
    const addressee = transit.to;
    const exit = context.exits.get(addressee);
    const fault = faultsOn(addressee, context).filter((candidate) => candidate.landed.kind !== 'hang' && candidate.landed.t <= closedAt).at(0);
    const sent =
      transit.by === 'node:cluster'
        ? `handed by node:cluster's round robin to worker ${addressee} at ${formatMs(transit.t)}`
        : `handed by ${who(transit.pid)} to worker ${addressee} at ${formatMs(transit.t)}`;
    if ((exit !== undefined && exit.t <= closedAt) || fault !== undefined) {
      const state = addresseeState(transit.t, fault, exit);
      return transit.by === 'node:cluster'
        ? {
            key: 'every-connection-answered/handed-to-dead-worker',
            origin: 'platform',
            text: `${sent}, which ${state}; Node never closes it nor hands it to another worker`,
            fix: lossFixes.handedToDeadWorkerPlatform,
          }
        : {
            key: 'every-connection-answered/handed-to-dead-worker',
            origin: 'app',
            text: `${sent}, which ${state}; ${who(transit.pid)} never re-dispatched it`,
            fix: lossFixes.handedToDeadWorkerApp,
          };
    }
    // A paused addressee has it waiting in its IPC channel: it holds it, alive, and did not answer.
    const hang = hangNote(addressee, record.openedAt, closedAt, context);
    return {
      key: hang ? 'every-connection-answered/dropped-by-holder' : 'every-connection-answered/unexplained',
      origin: 'app',
      text: `${sent}, which stayed alive and never reported receiving it${hang}`,
      fix: hang ? lossFixes.droppedByHolder : lossFixes.unexplained,
    };
  }

  if (record.attributedPid === undefined) return unreceivedCause(record, closedAt, context);

  const holder = record.attributedPid;
  const receivedAt = record.receivedAt ?? record.openedAt;
  const holderExit = context.exits.get(holder);
  const diedHolding = holderExit !== undefined && holderExit.t <= closedAt;
  const held = `held by ${who(holder)} (received at ${formatMs(receivedAt)})`;

  const sigterm = faultsOn(holder, context).find((fault) => fault.landed.kind === 'SIGTERM' && fault.landed.t <= closedAt);
  if (sigterm !== undefined) {
    return {
      key: 'every-connection-answered/dropped-during-sigterm',
      origin: 'app',
      text: `${held}, which was sent SIGTERM at ${formatMs(sigterm.landed.t)} (fault #${sigterm.landed.fault}) and ${
        diedHolding ? `exited at ${formatMs(holderExit.t)} without answering it` : holderExit !== undefined ? `closed it unanswered (it exited at ${formatMs(holderExit.t)})` : 'did not answer it (it stayed alive)'
      }: it did not drain`,
      fix: lossFixes.droppedDuringSigterm,
    };
  }

  const lastReceipt = record.handledBy.at(-1);
  const keptByMaster = holder === context.masterPid && lastReceipt?.pid === holder && lastReceipt.via === 'accept';
  if (keptByMaster && !diedHolding) {
    const gap = context.nodeCluster ? momentWithNoWorker(receivedAt, closedAt, context) : undefined;
    if (gap !== undefined) {
      return {
        key: 'every-connection-answered/refused-no-worker',
        origin: 'platform',
        text: `accepted by node:cluster's primary ${holder} at ${formatMs(receivedAt)} and ${record.outcome ?? 'lost'} while no worker took connections (${describeGap(gap, context)}); node:cluster closes the port and what it queued with its last worker`,
        fix: lossFixes.refusedNoWorkerPlatform,
      };
    }
    return context.nodeCluster
      ? {
          key: 'every-connection-answered/accepted-never-handed-on',
          origin: 'platform',
          text: `accepted by node:cluster's primary ${holder} at ${formatMs(receivedAt)} and never handed to a worker (its round robin queues a connection until a worker is free)${hangNote(holder, receivedAt, closedAt, context)}`,
          fix: lossFixes.acceptedNeverHandedOnPlatform,
        }
      : {
          key: 'every-connection-answered/accepted-never-handed-on',
          origin: 'app',
          text: `accepted by master ${holder} at ${formatMs(receivedAt)} and never handed to a worker${hangNote(holder, receivedAt, closedAt, context)}`,
          fix: lossFixes.acceptedNeverHandedOnApp,
        };
  }

  // A worker the reload retired (alive at its start, gone before its end) with this connection unanswered: the reload
  // did not let it drain. Its exit may be seen a moment after the client saw the connection close.
  const reload = reloadOverlapping(context.reloads, receivedAt, closedAt);
  if (reload !== undefined && holderExit !== undefined && holder !== context.masterPid && holderExit.t >= reload.start.t && holderExit.t <= reload.closeAt) {
    return {
      key: 'every-connection-answered/lost-during-reload',
      origin: 'app',
      text: `${held}, a worker the reload "${reload.start.how}" (started at ${formatMs(reload.start.t)}) retired: it exited at ${formatMs(holderExit.t)} (${describeExit(holderExit)}) without answering it`,
      fix: lossFixes.lostDuringReload,
    };
  }

  if (diedHolding) {
    return {
      key: 'every-connection-answered/holder-died-without-fault',
      origin: 'app',
      text: `${held}, which exited at ${formatMs(holderExit.t)} (${describeExit(holderExit)}) with no injected fault ending it${faultNote(holder, receivedAt, closedAt, context)}`,
      fix: lossFixes.holderDiedWithoutFault,
    };
  }
  return {
    key: 'every-connection-answered/dropped-by-holder',
    origin: 'app',
    text: `${held}, which stayed alive and did not answer it${faultNote(holder, receivedAt, closedAt, context)}`,
    fix: lossFixes.droppedByHolder,
  };
}

/** The cause of a loss no process received (no receipt, no dispatch). */
function unreceivedCause(record: ConnectionRecord, closedAt: Millis, context: LossContext): LossCause {
  const { masterPid, masterExit } = context;
  const outcome = record.outcome ?? 'lost';
  if (record.outcome === 'refused' && masterExit !== undefined && masterExit.t <= record.openedAt) {
    return {
      key: 'every-connection-answered/refused-master-gone',
      origin: 'app',
      text: `refused after master ${masterPid ?? '?'} exited at ${formatMs(masterExit.t)} with no fault injected into it`,
      fix: lossFixes.refusedMasterGone,
    };
  }
  // The master died while it was open and no process took it: its port was still open while the dying process was torn
  // down (the exit is reported before the kernel closes the socket), or the master accepted it and died.
  if (masterExit !== undefined && masterExit.t <= closedAt) {
    return {
      key: 'every-connection-answered/refused-master-gone',
      origin: 'app',
      text: `${outcome === 'lost' ? 'never answered' : outcome}: opened at ${formatMs(record.openedAt)}, and master ${masterPid ?? '?'} exited at ${formatMs(masterExit.t)} with no fault injected into it before any process took it`,
      fix: lossFixes.refusedMasterGone,
    };
  }
  const masterAlive = masterPid !== undefined && (masterExit === undefined || masterExit.t > record.openedAt);
  const gap = momentWithNoWorker(record.openedAt, closedAt, context);
  if ((record.outcome === 'refused' || record.outcome === 'reset') && masterAlive && gap !== undefined) {
    return context.nodeCluster
      ? {
          key: 'every-connection-answered/refused-no-worker',
          origin: 'platform',
          text: `${outcome} while master ${masterPid} was alive and no worker took connections (${describeGap(gap, context)}); node:cluster closes the port with its last worker`,
          fix: lossFixes.refusedNoWorkerPlatform,
        }
      : {
          key: 'every-connection-answered/refused-no-worker',
          origin: 'app',
          text: `${outcome} while master ${masterPid} was alive and no worker took connections (${describeGap(gap, context)}): the port was closed while the workers were down`,
          fix: lossFixes.refusedNoWorkerApp,
        };
  }
  const acceptedAt = record.connectedAt ?? record.openedAt;
  const nearest = nearestFault(acceptedAt, context.faults);
  const seen = nearest
    ? `; the nearest fault: ${describeFault(nearest)}${nearest.exit ? `, its process exited at ${formatMs(nearest.exit.t)}` : ', its process never exited'}${isAbrupt(nearest.landed.kind) ? '' : ` (a ${nearest.landed.kind} excuses nothing)`}`
    : '; no fault landed in this run';
  const live = liveWorkersAt(context.lives, record.openedAt);
  const lead =
    record.outcome === 'refused' && masterAlive
      ? `refused while master ${masterPid} was alive and ${live.length === 1 ? `worker ${live[0]} was` : `workers ${live.join(', ')} were`} live`
      : `no process reported receiving it (no receipt, no dispatch)`;
  return {
    key: 'every-connection-answered/unexplained',
    origin: 'app',
    text: `${lead}, and no abrupt fault ended a process within ${formatMs(unattributedWindowMs)} of its accept at ${formatMs(acceptedAt)}${seen}`,
    fix: lossFixes.unexplained,
  };
}

function roleOf(pid: number, context: LossContext): string {
  const role = context.roles.get(pid) ?? (context.lives.has(pid) ? 'worker' : undefined);
  return role === undefined || role === 'other' ? 'pid' : role;
}

function faultsOn(pid: number, context: LossContext): LandedFault[] {
  return context.faults.filter((fault) => fault.landed.pid === pid);
}

/** An addressee's state for a message: `had died at 39.8ms (SIGKILL, fault #1)`, `exited at 41ms before taking it`. */
function addresseeState(sentAt: Millis, fault: LandedFault | undefined, exit: ProcessExitEvent | undefined): string {
  if (fault !== undefined) {
    const what = `(${fault.landed.kind}, fault #${fault.landed.fault})`;
    const exited = exit !== undefined ? `, exited at ${formatMs(exit.t)}` : ', never exited';
    if (fault.landed.kind === 'SIGTERM') {
      return fault.landed.t <= sentAt
        ? `had been sent SIGTERM at ${formatMs(fault.landed.t)} ${what}${exited}, and never took it`
        : `was sent SIGTERM at ${formatMs(fault.landed.t)} ${what} before taking it${exited}`;
    }
    return fault.landed.t <= sentAt
      ? `had died at ${formatMs(fault.landed.t)} ${what}${exit ? `, exit seen at ${formatMs(exit.t)}` : ''}`
      : `was killed at ${formatMs(fault.landed.t)} ${what} before taking it${exited}`;
  }
  // Only reached with an exit (see the caller).
  const exitAt = exit === undefined ? '?' : formatMs(exit.t);
  return exit !== undefined && exit.t <= sentAt
    ? `had exited at ${exitAt} with no fault injected into it`
    : `exited at ${exitAt} with no fault injected into it, before taking it`;
}

/** A hang on `pid` overlapping [from, to], for a message. */
function hangNote(pid: number, from: Millis, to: Millis, context: LossContext): string {
  const hang = faultsOn(pid, context).find((fault) => fault.landed.kind === 'hang' && fault.landed.t <= to && fault.until >= from);
  return hang ? `; it was paused by ${describeFault(hang)}: a hang excuses nothing, a paused process answers afterwards` : '';
}

/** The faults on a holder that excuse nothing, for a message: a hang, an abrupt fault it did not die of in time. */
function faultNote(pid: number, from: Millis, to: Millis, context: LossContext): string {
  const abrupt = faultsOn(pid, context).find((fault) => isAbrupt(fault.landed.kind) && fault.landed.t <= to);
  const abruptNote =
    abrupt === undefined
      ? ''
      : abrupt.exit === undefined
        ? `; ${describeFault(abrupt)} landed on it, but it never exited`
        : `; ${describeFault(abrupt)} landed on it, but it exited only at ${formatMs(abrupt.exit.t)}, after the connection closed`;
  return `${hangNote(pid, from, to, context)}${abruptNote}`;
}

/** How a process exited, for a message. */
function describeExit(exit: ProcessExitEvent): string {
  return exit.signal ? `signal ${exit.signal}` : exit.code === null ? 'unknown status' : `code ${exit.code}`;
}

/**
 * The first moment of [from, to] at which no worker takes connections, if any: none live, or every live one told to
 * stop (a SIGTERM) or hit by a fault that ends it (a worker that drains has closed its server: with node:cluster the
 * port closes with the last worker that listens).
 */
function momentWithNoWorker(from: Millis, to: Millis, context: Pick<LossContext, 'lives' | 'faults'>): Millis | undefined {
  const stopping = (pid: number, t: Millis) =>
    context.faults.some((fault) => fault.landed.pid === pid && fault.landed.t <= t && (fault.landed.kind === 'SIGTERM' || isAbrupt(fault.landed.kind)));
  const accepting = (t: Millis) => liveWorkersAt(context.lives, t).filter((pid) => !stopping(pid, t));
  const moments = [
    from,
    ...[...context.lives.values()].flatMap((life) => (life.exitedAt !== undefined && life.exitedAt > from && life.exitedAt <= to ? [life.exitedAt] : [])),
    ...context.faults.flatMap((fault) => (fault.landed.t > from && fault.landed.t <= to ? [fault.landed.t] : [])),
  ];
  return moments.sort((a, b) => a - b).find((moment) => accepting(moment).length === 0);
}

/** The stretch with no worker live around `moment`, for a message: `the last exited at 106ms, the next ready at 300ms`. */
function describeGap(moment: Millis, context: Pick<LossContext, 'lives' | 'faults'>): string {
  const all = [...context.lives.values()];
  const nextReady = all.flatMap((life) => (life.readyAt > moment ? [life.readyAt] : [])).sort((a, b) => a - b)[0];
  const next = `the next was ready at ${nextReady === undefined ? 'no time in this history' : formatMs(nextReady)}`;
  // Live but told to stop: the workers that were draining (or dying of a fault) then.
  const stopping = liveWorkersAt(context.lives, moment);
  if (stopping.length > 0) {
    const told = stopping.map((pid) => {
      const fault = context.faults.filter((candidate) => candidate.landed.pid === pid && candidate.landed.t <= moment).at(-1);
      return fault ? `${pid} (${fault.landed.kind} at ${formatMs(fault.landed.t)})` : `${pid}`;
    });
    return `the only live worker${stopping.length === 1 ? ' was' : 's were'} stopping: ${told.join(', ')}; ${next}`;
  }
  const lastExit = all.flatMap((life) => (life.exitedAt !== undefined && life.exitedAt <= moment ? [life.exitedAt] : [])).sort((a, b) => b - a)[0];
  return `the last worker exited at ${lastExit === undefined ? '?' : formatMs(lastExit)}, ${next}`;
}

/** The fault that landed nearest to `t`. */
function nearestFault(t: Millis, faults: readonly LandedFault[]): LandedFault | undefined {
  let nearest: LandedFault | undefined;
  for (const fault of faults) {
    if (nearest === undefined || Math.abs(fault.landed.t - t) < Math.abs(nearest.landed.t - t)) nearest = fault;
  }
  return nearest;
}
