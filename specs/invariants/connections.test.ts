// Specs for connectionRecords: receipts and dispatches joined to their connection, who holds it, and what is in transit.

import { describe, expect, it } from 'vitest';
import { connectionRecords } from '../../src/history/connections.js';
import type { HistoryEvent } from '../../src/history/events.js';
import { history, portOf } from './_build.js';

const master = 100;
const workers = [101, 102];

const recordOf = (events: HistoryEvent[], connection: number) =>
  connectionRecords(events).find((record) => record.connection === connection)!;

describe('connectionRecords', () => {
  it("node:cluster's round robin: the primary's accept, its dispatch, the worker's accept; the worker holds it", () => {
    const events = history()
      .ready(master, workers)
      .connection({ id: 1, at: 10, closeAt: 20, dispatcher: master, by: 'node:cluster', pid: 101 }).events;
    const record = recordOf(events, 1);
    expect(record.handledBy.map((receipt) => [receipt.pid, receipt.via])).toEqual([
      [master, 'accept'],
      [101, 'accept'],
    ]);
    expect(record.dispatches).toEqual([
      expect.objectContaining({ pid: master, to: 101, by: 'node:cluster', t: 10.15 }),
    ]);
    expect(record.attributedPid).toBe(101);
    expect(record.receivedAt).toBe(10.2);
    expect(record.dispatchesAfterReceipt).toEqual([]);
    expect(record.inTransit).toBeUndefined();
    expect(record.connectedAt).toBe(10);
  });

  it('a dispatch the addressee never took leaves the connection in transit, held by its sender', () => {
    const events = history().ready(master, workers).connection({
      id: 1,
      at: 10,
      closeAt: 3010,
      outcome: 'timeout',
      dispatcher: master,
      by: 'app',
      pid: 101,
      taken: false,
    }).events;
    const record = recordOf(events, 1);
    expect(record.attributedPid).toBe(master);
    expect(record.receivedAt).toBe(10.1);
    expect(record.inTransit).toEqual(expect.objectContaining({ pid: master, to: 101, by: 'app' }));
    expect(record.dispatchesAfterReceipt).toHaveLength(1);
  });

  it('a re-dispatch taken by the second addressee ends the transit; one never taken leaves it in transit to the last', () => {
    const redispatched = history()
      .ready(master, workers)
      .connection({ id: 1, at: 10, closeAt: 30, dispatcher: master, by: 'app', pid: 101, taken: false })
      .dispatched(master, 102, 1, 15, 'app');
    const taken = recordOf(redispatched.handled(102, 1, 15.1, 'handoff').events, 1);
    expect(taken.attributedPid).toBe(102);
    expect(taken.dispatches.map((dispatch) => dispatch.to)).toEqual([101, 102]);
    expect(taken.inTransit).toBeUndefined();

    const neverTaken = recordOf(
      history()
        .ready(master, workers)
        .connection({
          id: 1,
          at: 10,
          closeAt: 30,
          outcome: 'timeout',
          dispatcher: master,
          by: 'app',
          pid: 101,
          taken: false,
        })
        .dispatched(master, 102, 1, 15, 'app').events,
      1,
    );
    expect(neverTaken.inTransit).toEqual(expect.objectContaining({ to: 102 }));
    expect(neverTaken.dispatchesAfterReceipt.map((dispatch) => dispatch.to)).toEqual([101, 102]);
  });

  it('a dispatch with no receipt reported makes its sender the holder, from the dispatch', () => {
    const events = history()
      .ready(master, workers)
      .connection({ id: 1, at: 10, closeAt: 40, outcome: 'timeout' })
      .dispatched(master, 101, 1, 12, 'node:cluster').events;
    const record = recordOf(events, 1);
    expect(record.handledBy).toEqual([]);
    expect(record.attributedPid).toBe(master);
    expect(record.receivedAt).toBe(12);
    expect(record.inTransit).toEqual(expect.objectContaining({ to: 101 }));
  });

  it('receipts and dispatches belong to the latest connection opened on their port before them (ports are reused)', () => {
    const events: HistoryEvent[] = [
      ...history().ready(master, workers).events,
      { type: 'connection-open', t: 10, connection: 1, protocol: 'tcp' },
      { type: 'connection-connected', t: 10, connection: 1, clientPort: 5000 },
      { type: 'connection-handled', t: 11, pid: 101, clientPort: 5000, via: 'accept' },
      { type: 'connection-close', t: 20, connection: 1, outcome: 'answered', latencyMs: 10 },
      { type: 'connection-open', t: 50, connection: 2, protocol: 'tcp' },
      { type: 'connection-connected', t: 50, connection: 2, clientPort: 5000 },
      { type: 'connection-handled', t: 51, pid: master, clientPort: 5000, via: 'accept' },
      { type: 'connection-dispatched', t: 52, pid: master, to: 102, clientPort: 5000, by: 'app' },
      { type: 'connection-close', t: 90, connection: 2, outcome: 'timeout', latencyMs: 40 },
    ];
    expect(recordOf(events, 1).attributedPid).toBe(101);
    expect(recordOf(events, 1).dispatches).toEqual([]);
    expect(recordOf(events, 2).attributedPid).toBe(master);
    expect(recordOf(events, 2).inTransit).toEqual(expect.objectContaining({ to: 102 }));
  });

  it('a request on a kept-alive socket belongs to whoever received that socket, since its receipt', () => {
    const events: HistoryEvent[] = [
      ...history().ready(master, workers).events,
      { type: 'connection-open', t: 10, connection: 1, protocol: 'http' },
      { type: 'connection-connected', t: 10, connection: 1, clientPort: portOf(1) },
      { type: 'connection-handled', t: 10.1, pid: master, clientPort: portOf(1), via: 'accept' },
      { type: 'connection-dispatched', t: 10.15, pid: master, to: 102, clientPort: portOf(1), by: 'node:cluster' },
      { type: 'connection-handled', t: 10.2, pid: 102, clientPort: portOf(1), via: 'accept' },
      { type: 'connection-close', t: 15, connection: 1, outcome: 'answered', latencyMs: 5, httpStatus: 200 },
      { type: 'connection-open', t: 20, connection: 2, protocol: 'http' },
      { type: 'connection-connected', t: 20, connection: 2, clientPort: portOf(1), reusedSocket: true },
      { type: 'connection-close', t: 25, connection: 2, outcome: 'answered', latencyMs: 5, httpStatus: 503 },
    ];
    const reused = recordOf(events, 2);
    expect(reused.handledBy).toEqual([]);
    expect(reused.attributedPid).toBe(102);
    expect(reused.receivedAt).toBe(10.2);
    expect(reused.inTransit).toBeUndefined();
    expect(reused.httpStatus).toBe(503);
  });
});
