// The opt-in invariant "handled once": no connection is held by two processes that could both answer it.

import { connectionRecords, type ConnectionRecord } from '../history/connections.js';
import type { ConnectionDispatchedEvent, ConnectionHandledEvent, HistoryEvent } from '../history/events.js';
import {
  clientEventsByConnection,
  count,
  eventsOfConnection,
  evidenceOf,
  formatMs,
  listFirst,
} from './_internals/evidence.js';
import { inTimeOrder } from './_internals/timeline.js';
import type { Verdict } from './verdict.js';

/** The fix for a connection held twice. */
export const heldTwiceFix =
  'Hand each connection to exactly one process: re-dispatch only what a dead worker never took (ack each hand-off), and never let two processes that both answer receive the same socket.';

/**
 * No connection is held by two different processes that were both alive when it closed.
 *
 * For each connection, its receipts are its `connection-handled` events in time order. A receipt is *passed on* when
 * its process sent the connection on afterwards (a `connection-dispatched` from that pid at or after the receipt, to
 * another pid: a hand-off master, node:cluster's round-robin primary), or, in a history without dispatch events, when
 * it is the first receipt, an `accept`, immediately followed by a `handoff` to a different pid. A process that passed
 * it on does not hold it. The other receipts' pids are the connection's holders. A holder is alive at the close if it has no `process-exit` at or before the connection's
 * `connection-close` (for a connection that never closed: no exit at all).
 *
 * Connections with a client fault are left out (their client may cut them at any step of a hand-off).
 *
 * Violation: a connection with two or more distinct holders alive at its close. So a master that re-dispatches a
 * connection after the worker it first handed it to died is fine (that worker exited before the close), while two
 * `accept`s by different live processes, or hand-offs to two live workers, are a violation whatever the outcome: both
 * may answer (or act on) the same request.
 *
 * `fail` with any violation (evidence: those connections' events; cause `handled-once/held-twice`, one count per
 * connection); `unknown` when no connection was attributed to any
 * process (no probe reported a receipt, so nothing is proven); `pass` otherwise.
 */
export function handledOnce(events: readonly HistoryEvent[]): Verdict {
  const timeline = inTimeOrder(events);
  const exits = new Map<number, number>();
  for (const event of timeline)
    if (event.type === 'process-exit' && !exits.has(event.pid)) exits.set(event.pid, event.t);

  // A misbehaving client's connection is judged for what it is: its client may cut it before or while it is handed on.
  const attributed = connectionRecords(timeline).filter(
    (record) => record.handledBy.length > 0 && record.clientFault === undefined,
  );
  if (attributed.length === 0) {
    return {
      invariant: 'handled-once',
      status: 'unknown',
      message:
        'no connection was received by any process (no connection-handled event matched a connection): nothing is proven',
      evidence: [],
    };
  }

  const violations: { record: ConnectionRecord; holders: number[] }[] = [];
  let redispatched = 0;
  for (const record of attributed) {
    const holders = [...new Set(heldBy(record.handledBy, record.dispatches))];
    const closedAt = record.closedAt ?? Number.POSITIVE_INFINITY;
    const alive = holders.filter((pid) => {
      const exitedAt = exits.get(pid);
      return exitedAt === undefined || exitedAt > closedAt;
    });
    if (alive.length >= 2) violations.push({ record, holders: alive });
    else if (holders.length >= 2) redispatched++;
  }

  const redispatchNote = redispatched > 0 ? ` (${redispatched} re-dispatched after their first holder died)` : '';
  if (violations.length === 0) {
    return {
      invariant: 'handled-once',
      status: 'pass',
      message: `each of the ${count(attributed.length, 'received connection')} was held by at most one live process${redispatchNote}`,
      evidence: [],
    };
  }
  const clientEvents = clientEventsByConnection(timeline);
  const described = violations.map(({ record, holders }) => {
    const when =
      record.closedAt === undefined
        ? 'at the end of the history (it never closed)'
        : `when it closed at ${formatMs(record.closedAt)} (${record.outcome})`;
    return `#${record.connection} held by pids ${holders.join(' and ')}, all alive ${when}`;
  });
  const message = `${count(violations.length, 'connection')} held by two live processes at once: ${listFirst(described, 3)}`;
  return {
    invariant: 'handled-once',
    status: 'fail',
    message,
    evidence: evidenceOf(
      violations
        .slice(0, 3)
        .flatMap(({ record }) => [...eventsOfConnection(record, clientEvents), ...record.dispatches]),
    ),
    causes: [
      { key: 'handled-once/held-twice', origin: 'app', summary: message, fix: heldTwiceFix, count: violations.length },
    ],
    details: violations.map(({ record }, index) => ({
      key: 'handled-once/held-twice',
      text: described[index]!,
      connection: record.connection,
    })),
  };
}

/** The pids of the receipts that are not passed on (see `handledOnce`). */
function heldBy(
  receipts: readonly ConnectionHandledEvent[],
  dispatches: readonly ConnectionDispatchedEvent[],
): number[] {
  const [first, second] = receipts;
  const handOffChain =
    dispatches.length === 0 && first?.via === 'accept' && second?.via === 'handoff' && second.pid !== first.pid;
  return receipts
    .filter((receipt, index) => {
      if (handOffChain && index === 0) return false;
      return !dispatches.some(
        (dispatch) => dispatch.pid === receipt.pid && dispatch.to !== receipt.pid && dispatch.t >= receipt.t,
      );
    })
    .map((receipt) => receipt.pid);
}
