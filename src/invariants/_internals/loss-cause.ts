// The probable cause of a lost connection that nothing excuses, named from the evidence, with its fix.

import type { ConnectionRecord } from '../../history/connections.js';
import { formatMs } from './evidence.js';
import { describeExcuse, type LossExcuse } from './excuse.js';
import { describeGap, faultsOn, momentWithNoWorker, roleOf, type LossContext } from './loss-context.js';
import { addresseeState, describeExit, faultNote, hangNote } from './loss-notes.js';
import { lossFixes, type LossCause } from './loss-fixes.js';
import { reloadOverlapping } from './reloads.js';
import { unreceivedCause } from './unreceived-cause.js';

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

  if (
    record.outcome === 'answered' &&
    record.httpStatus !== undefined &&
    record.httpStatus > context.maxAnsweredStatus
  ) {
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
    const fault = faultsOn(addressee, context)
      .filter((candidate) => candidate.landed.kind !== 'hang' && candidate.landed.t <= closedAt)
      .at(0);
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

  const sigterm = faultsOn(holder, context).find(
    (fault) => fault.landed.kind === 'SIGTERM' && fault.landed.t <= closedAt,
  );
  if (sigterm !== undefined) {
    return {
      key: 'every-connection-answered/dropped-during-sigterm',
      origin: 'app',
      text: `${held}, which was sent SIGTERM at ${formatMs(sigterm.landed.t)} (fault #${sigterm.landed.fault}) and ${
        diedHolding
          ? `exited at ${formatMs(holderExit.t)} without answering it`
          : holderExit !== undefined
            ? `closed it unanswered (it exited at ${formatMs(holderExit.t)})`
            : 'did not answer it (it stayed alive)'
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
  if (
    reload !== undefined &&
    holderExit !== undefined &&
    holder !== context.masterPid &&
    holderExit.t >= reload.start.t &&
    holderExit.t <= reload.closeAt
  ) {
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
