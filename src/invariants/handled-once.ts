// The opt-in invariant "handled once": no connection is held by two processes that could both answer it.

import { connectionRecords, type ConnectionRecord } from '../history/connections.js';
import type { ConnectionHandledEvent, HistoryEvent } from '../history/events.js';
import { clientEventsByConnection, count, eventsOfConnection, evidenceOf, formatMs, listFirst } from './_internals/evidence.js';
import { inTimeOrder } from './_internals/timeline.js';
import type { Verdict } from './verdict.js';

/**
 * No connection is held by two different processes that were both alive when it closed.
 *
 * For each connection, its receipts are its `connection-handled` events in time order. The first receipt is *passed
 * on* when it is an `accept` immediately followed by a `handoff` to a different pid: that process (the dispatching
 * master of a hand-off chain) accepted the socket only to send it on, so it does not hold it. The other receipts' pids are the
 * connection's holders. A holder is alive at the close if it has no `process-exit` at or before the connection's
 * `connection-close` (for a connection that never closed: no exit at all).
 *
 * Violation: a connection with two or more distinct holders alive at its close. So a master that re-dispatches a
 * connection after the worker it first handed it to died is fine (that worker exited before the close), while two
 * `accept`s by different live processes, or hand-offs to two live workers, are a violation whatever the outcome: both
 * may answer (or act on) the same request.
 *
 * `fail` with any violation (evidence: those connections' events); `unknown` when no connection was attributed to any
 * process (no probe reported a receipt, so nothing is proven); `pass` otherwise.
 */
export function handledOnce(events: readonly HistoryEvent[]): Verdict {
  const timeline = inTimeOrder(events);
  const exits = new Map<number, number>();
  for (const event of timeline) if (event.type === 'process-exit' && !exits.has(event.pid)) exits.set(event.pid, event.t);

  const attributed = connectionRecords(timeline).filter((record) => record.handledBy.length > 0);
  if (attributed.length === 0) {
    return {
      invariant: 'handled-once',
      status: 'unknown',
      message: 'no connection was received by any process (no connection-handled event matched a connection): nothing is proven',
      evidence: [],
    };
  }

  const violations: { record: ConnectionRecord; holders: number[] }[] = [];
  let redispatched = 0;
  for (const record of attributed) {
    const holders = [...new Set(heldBy(record.handledBy))];
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
    const when = record.closedAt === undefined ? 'at the end of the history (it never closed)' : `when it closed at ${formatMs(record.closedAt)} (${record.outcome})`;
    return `#${record.connection} held by pids ${holders.join(' and ')}, all alive ${when}`;
  });
  return {
    invariant: 'handled-once',
    status: 'fail',
    message: `${count(violations.length, 'connection')} held by two live processes at once: ${listFirst(described, 3)}`,
    evidence: evidenceOf(violations.slice(0, 3).flatMap(({ record }) => eventsOfConnection(record, clientEvents))),
  };
}

/** The pids of the receipts that are not passed on (a first `accept` immediately followed by a hand-off to another pid). */
function heldBy(receipts: readonly ConnectionHandledEvent[]): number[] {
  const [first, second] = receipts;
  const passedOn = first?.via === 'accept' && second?.via === 'handoff' && second.pid !== first.pid;
  return receipts.slice(passedOn ? 1 : 0).map((receipt) => receipt.pid);
}
