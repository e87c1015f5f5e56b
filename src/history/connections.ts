// Joins the events of each connection (open, connected, handled by which pid, close) into one record.

import type { ConnectionHandledEvent, ConnectionOutcome, HistoryEvent, Millis } from './events.js';

/** Everything the history says about one client connection. */
export interface ConnectionRecord {
  connection: number;
  protocol: 'tcp' | 'http';
  burst?: number;
  openedAt: Millis;
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
  /** Every process that received this connection, in order (the master that accepted it, then the worker it handed it to). */
  handledBy: ConnectionHandledEvent[];
  /** The process that held the connection last: the one responsible for answering it. */
  attributedPid?: number;
}

/**
 * Derives the connection records of a history. A `connection-handled` event (reported by a probe with the
 * client's port) belongs to the connection with that client port whose lifetime contains the event's time;
 * ports are reused by the OS only after a connection is gone, so this match is unique.
 */
export function connectionRecords(events: readonly HistoryEvent[]): ConnectionRecord[] {
  const records = new Map<number, ConnectionRecord>();
  const byPort = new Map<number, ConnectionRecord[]>();
  const handled: ConnectionHandledEvent[] = [];

  for (const event of events) {
    switch (event.type) {
      case 'connection-open':
        records.set(event.connection, {
          connection: event.connection,
          protocol: event.protocol,
          ...(event.burst === undefined ? {} : { burst: event.burst }),
          openedAt: event.t,
          handledBy: [],
        });
        break;
      case 'connection-connected': {
        const record = records.get(event.connection);
        if (!record) break;
        record.clientPort = event.clientPort;
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
        break;
      }
      case 'connection-handled':
        handled.push(event);
        break;
      default:
        break;
    }
  }

  for (const event of handled) {
    const candidates = byPort.get(event.clientPort);
    if (!candidates) continue;
    // A port is reused only after its previous connection is gone: the owner is the latest connection on that
    // port opened before the process received it.
    let owner: ConnectionRecord | undefined;
    for (const record of candidates) {
      if (record.openedAt <= event.t && (owner === undefined || record.openedAt >= owner.openedAt)) owner = record;
    }
    if (!owner) continue;
    owner.handledBy.push(event);
    owner.attributedPid = event.pid;
  }

  // A request on a kept-alive socket was not accepted anew: it belongs to whoever received that socket.
  for (const list of byPort.values()) {
    for (let index = 1; index < list.length; index++) {
      const record = list[index]!;
      const previous = list[index - 1]!;
      if (record.reusedSocket && record.handledBy.length === 0 && previous.attributedPid !== undefined) {
        record.attributedPid = previous.attributedPid;
      }
    }
  }

  return [...records.values()].sort((a, b) => a.openedAt - b.openedAt);
}

