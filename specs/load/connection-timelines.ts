// Groups a history's connection events by connection id, and checks each one has the shape the load driver promises.

import { expect } from 'vitest';
import type {
  ConnectionCloseEvent,
  ConnectionConnectedEvent,
  ConnectionOpenEvent,
  HistoryEvent,
} from '../../src/history/events.js';
import type { History } from '../../src/history/history.js';

/** The events of one connection, in recording order. */
export interface ConnectionTimeline {
  open: ConnectionOpenEvent;
  connected: ConnectionConnectedEvent | undefined;
  close: ConnectionCloseEvent;
}

type ConnectionEvent = ConnectionOpenEvent | ConnectionConnectedEvent | ConnectionCloseEvent;

function isConnectionEvent(event: HistoryEvent): event is ConnectionEvent {
  return event.type === 'connection-open' || event.type === 'connection-connected' || event.type === 'connection-close';
}

/**
 * The timelines of every connection in the history, by open order. Asserts that each connection has one open
 * first, at most one connected, and exactly one close last, with times in that order.
 */
export function connectionTimelines(history: History): ConnectionTimeline[] {
  const byId = new Map<number, ConnectionEvent[]>();
  for (const event of history.events) {
    if (!isConnectionEvent(event)) continue;
    const list = byId.get(event.connection) ?? [];
    list.push(event);
    byId.set(event.connection, list);
  }
  const timelines: ConnectionTimeline[] = [];
  for (const [id, events] of byId) {
    const types = events.map((event) => event.type);
    expect(types, `events of connection ${id}`).toSatisfy(
      (list: string[]) =>
        list.join() === 'connection-open,connection-close' ||
        list.join() === 'connection-open,connection-connected,connection-close',
    );
    for (let index = 1; index < events.length; index++)
      expect(events[index]!.t).toBeGreaterThanOrEqual(events[index - 1]!.t);
    const close = events[events.length - 1] as ConnectionCloseEvent;
    const open = events[0] as ConnectionOpenEvent;
    expect(close.latencyMs).toBeCloseTo(close.t - open.t, 6);
    timelines.push({
      open,
      connected: events.length === 3 ? (events[1] as ConnectionConnectedEvent) : undefined,
      close,
    });
  }
  return timelines;
}

/** A connection-id counter, as a harness shares across the bursts of one history. */
export function idCounter(): () => number {
  let next = 0;
  return () => ++next;
}
