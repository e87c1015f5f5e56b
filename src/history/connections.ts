// Joins the events of each connection (open, connected, received and sent on by which pids, close) into one record.

import type {
  ClientFault,
  ConnectionDispatchedEvent,
  ConnectionHandledEvent,
  ConnectionOutcome,
  HistoryEvent,
  Millis,
} from './events.js';

/** Everything the history says about one client connection. */
export interface ConnectionRecord {
  connection: number;
  protocol: 'tcp' | 'http';
  burst?: number;
  openedAt: Millis;
  /** When the client's connect succeeded (the kernel accepted it); undefined if it never connected. */
  connectedAt?: Millis;
  /** Undefined while the connection is still open. */
  closedAt?: Millis;
  clientPort?: number;
  /** An HTTP request on a kept-alive socket: it is attributed to whoever holds that socket. */
  reusedSocket?: boolean;
  outcome?: ConnectionOutcome;
  latencyMs?: Millis;
  reply?: string;
  errorCode?: string;
  clientAborted?: boolean;
  /** HTTP: the status of the answer. */
  httpStatus?: number;
  /** The client misbehaved on this connection on purpose (its `connection-open`'s fault): judged for what it is. */
  clientFault?: ClientFault;
  /** When the client fault took effect (its `connection-close`'s `clientFaultAt`); absent when it never did. */
  clientFaultAt?: Millis;
  /**
   * Every process that received this connection, in time order: a master's accept, then the worker it handed it to
   * (`handoff` for an app's hand-off, `accept` for node:cluster's round robin, whose worker's server emits it).
   */
  handledBy: ConnectionHandledEvent[];
  /** Every time a process sent this connection to another one (`connection-dispatched`), in time order. */
  dispatches: ConnectionDispatchedEvent[];
  /**
   * The process that held the connection last: the one responsible for answering it. It is the pid of the last
   * receipt; with no receipt, the sender of the first dispatch (a process cannot send what it does not hold: its
   * receipt went unreported); for a request on a kept-alive socket with neither, whoever held that socket.
   */
  attributedPid?: number;
  /** When `attributedPid` got it: the last receipt's time (the first dispatch's, the kept-alive socket's: see above). */
  receivedAt?: Millis;
  /** The dispatches after the last receipt (all of them when nothing was received), in time order. */
  dispatchesAfterReceipt: ConnectionDispatchedEvent[];
  /**
   * The connection is in transit: the last of `dispatchesAfterReceipt`, sent to a pid (`to`) that never reported
   * receiving it. Its sender (`attributedPid`) still owns it: a correct sender re-dispatches what a dead addressee
   * never took, and a later receipt by anyone ends the transit.
   */
  inTransit?: ConnectionDispatchedEvent;
}

/**
 * Derives the connection records of a history. A `connection-handled` or `connection-dispatched` event (reported by a
 * probe with the client's port) belongs to the latest connection with that client port opened at or before the
 * event's time: ports are reused by the OS only after a connection is gone, so this match is unique, and the requests
 * of one kept-alive socket all share its port (the receipts at its accept belong to the first of them).
 */
export function connectionRecords(events: readonly HistoryEvent[]): ConnectionRecord[] {
  const records = new Map<number, ConnectionRecord>();
  const byPort = new Map<number, ConnectionRecord[]>();
  const reports: (ConnectionHandledEvent | ConnectionDispatchedEvent)[] = [];

  for (const event of events) {
    switch (event.type) {
      case 'connection-open':
        records.set(event.connection, {
          connection: event.connection,
          protocol: event.protocol,
          ...(event.burst === undefined ? {} : { burst: event.burst }),
          openedAt: event.t,
          ...(event.clientFault === undefined ? {} : { clientFault: event.clientFault }),
          handledBy: [],
          dispatches: [],
          dispatchesAfterReceipt: [],
        });
        break;
      case 'connection-connected': {
        const record = records.get(event.connection);
        if (!record) break;
        record.clientPort = event.clientPort;
        record.connectedAt = event.t;
        if (event.reusedSocket) record.reusedSocket = true;
        const list = byPort.get(event.clientPort) ?? [];
        list.push(record);
        byPort.set(event.clientPort, list);
        break;
      }
      case 'connection-close': {
        const record = records.get(event.connection);
        if (!record) break;
        record.closedAt = event.t;
        record.outcome = event.outcome;
        record.latencyMs = event.latencyMs;
        if (event.reply !== undefined) record.reply = event.reply;
        if (event.errorCode !== undefined) record.errorCode = event.errorCode;
        if (event.clientAborted) record.clientAborted = true;
        if (event.httpStatus !== undefined) record.httpStatus = event.httpStatus;
        if (event.clientFaultAt !== undefined) record.clientFaultAt = event.clientFaultAt;
        break;
      }
      case 'connection-handled':
      case 'connection-dispatched':
        reports.push(event);
        break;
      default:
        break;
    }
  }

  // Reports in time order (stable), so each record's lists are in time order whatever order the input had.
  reports.sort((a, b) => a.t - b.t);
  for (const event of reports) {
    const candidates = byPort.get(event.clientPort);
    if (!candidates) continue;
    let owner: ConnectionRecord | undefined;
    for (const record of candidates) {
      if (record.openedAt <= event.t && (owner === undefined || record.openedAt >= owner.openedAt)) owner = record;
    }
    if (!owner) continue;
    if (event.type === 'connection-handled') owner.handledBy.push(event);
    else owner.dispatches.push(event);
  }

  for (const record of records.values()) {
    const lastReceipt = record.handledBy.at(-1);
    if (lastReceipt) {
      record.attributedPid = lastReceipt.pid;
      record.receivedAt = lastReceipt.t;
      // At the very instant of the last receipt, a dispatch is after it only if the receiver itself sent it on (an
      // earlier holder's dispatch is reported before the addressee's receipt).
      record.dispatchesAfterReceipt = record.dispatches.filter(
        (dispatch) => dispatch.t > lastReceipt.t || (dispatch.t === lastReceipt.t && dispatch.pid === lastReceipt.pid),
      );
    } else if (record.dispatches.length > 0) {
      const first = record.dispatches[0]!;
      record.attributedPid = first.pid;
      record.receivedAt = first.t;
      record.dispatchesAfterReceipt = [...record.dispatches];
    }
    const transit = record.dispatchesAfterReceipt.at(-1);
    if (transit) record.inTransit = transit;
  }

  // A request on a kept-alive socket was not accepted anew: it belongs to whoever received that socket, since then.
  for (const list of byPort.values()) {
    for (let index = 1; index < list.length; index++) {
      const record = list[index]!;
      const previous = list[index - 1]!;
      if (
        record.reusedSocket &&
        record.handledBy.length === 0 &&
        record.dispatches.length === 0 &&
        previous.attributedPid !== undefined &&
        previous.inTransit === undefined
      ) {
        record.attributedPid = previous.attributedPid;
        if (previous.receivedAt !== undefined) record.receivedAt = previous.receivedAt;
      }
    }
  }

  return [...records.values()].sort((a, b) => a.openedAt - b.openedAt);
}
