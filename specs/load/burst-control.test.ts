// How burst() paces and stops its connections: concurrency, abortAfterMs, the abort signal, ids across bursts, no timer left behind.

import type { Socket } from 'node:net';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { Clock } from '../../src/history/clock.js';
import { History } from '../../src/history/history.js';
import { burst } from '../../src/load/burst.js';
import { connectionTimelines, idCounter } from './connection-timelines.js';
import { closeServers, startTcpServer } from './test-servers.js';

afterEach(closeServers);

function setup() {
  return { history: new History(), clock: new Clock(), nextConnectionId: idCounter() };
}

describe('burst pacing and stopping', () => {
  test.each([1, 3, 5])(
    'never more than concurrency = %i connections at once, and always that many while work remains',
    async (concurrency) => {
      const count = concurrency * 4;
      const context = setup();
      // The server holds connections and answers a whole wave once `concurrency` of them wait: a driver that opens
      // fewer stalls (timeouts), and one that opens more shows more opened connections than the server holds.
      const waiting: Socket[] = [];
      let answered = 0;
      let maxWaiting = 0;
      let maxOpenedAhead = 0;
      const server = await startTcpServer((socket) => {
        waiting.push(socket);
        maxWaiting = Math.max(maxWaiting, waiting.length);
        if (waiting.length < concurrency) return;
        const opened = context.history.ofType('connection-open').length;
        maxOpenedAhead = Math.max(maxOpenedAhead, opened - answered);
        for (const held of waiting.splice(0)) {
          answered++;
          held.end('wave');
        }
      });

      const result = await burst({ port: server.port, count, concurrency, timeoutMs: 10_000, ...context });

      expect(result.outcomes.answered).toBe(count);
      expect(maxWaiting).toBe(concurrency);
      expect(maxOpenedAhead).toBe(concurrency);
    },
  );

  test('concurrency defaults to min(count, 16)', async () => {
    const context = setup();
    const held: Socket[] = [];
    const server = await startTcpServer((socket) => held.push(socket));
    const controller = new AbortController();
    void server.accepted(16).then(() => controller.abort());

    const result = await burst({ port: server.port, count: 40, signal: controller.signal, ...context });

    expect(result.connections).toBe(16);
    // All sixteen were in flight together when the signal came.
    expect(result.aborted).toBe(16);
  });

  test('abortAfterMs: a connection with no answer is given up, clientAborted', async () => {
    const server = await startTcpServer(() => undefined);
    const context = setup();

    const result = await burst({ port: server.port, count: 3, abortAfterMs: 50, timeoutMs: 5000, ...context });

    expect(result.aborted).toBe(3);
    expect(result.outcomes.timeout).toBe(3);
    for (const { close } of connectionTimelines(context.history)) {
      expect(close).toMatchObject({ outcome: 'timeout', clientAborted: true });
      expect(close.latencyMs).toBeLessThan(5000);
    }
  });

  test('abortAfterMs does not touch a connection answered in time', async () => {
    const server = await startTcpServer((socket) => socket.end('quick'));
    const context = setup();

    const result = await burst({ port: server.port, count: 3, abortAfterMs: 2000, ...context });

    expect(result.outcomes.answered).toBe(3);
    expect(result.aborted).toBe(0);
  });

  test('the signal stops opening connections and ends those in flight as clientAborted', async () => {
    const server = await startTcpServer(() => undefined);
    const context = setup();
    const controller = new AbortController();
    void server.accepted(2).then(() => controller.abort());

    const result = await burst({ port: server.port, count: 10, concurrency: 2, signal: controller.signal, ...context });

    expect(result.connections).toBe(2);
    expect(result.aborted).toBe(2);
    const timelines = connectionTimelines(context.history);
    expect(timelines).toHaveLength(2);
    for (const { close } of timelines) expect(close.clientAborted).toBe(true);
  });

  test('an already aborted signal opens nothing', async () => {
    const context = setup();

    const result = await burst({ port: 9, count: 5, signal: AbortSignal.abort(), ...context });

    expect(result.connections).toBe(0);
    expect(context.history.length).toBe(0);
  });

  test('ids from one shared counter stay unique across bursts of one history, each tagged with its burst', async () => {
    const server = await startTcpServer((socket) => socket.end('ok'));
    const context = setup();

    const [first, second] = await Promise.all([
      burst({ port: server.port, count: 7, burstId: 1, ...context }),
      burst({ port: server.port, count: 5, burstId: 2, ...context }),
    ]);

    expect(first.burst).toBe(1);
    expect(second.burst).toBe(2);
    const timelines = connectionTimelines(context.history);
    expect(new Set(timelines.map(({ open }) => open.connection)).size).toBe(12);
    expect(timelines.filter(({ open }) => open.burst === 1)).toHaveLength(7);
    expect(timelines.filter(({ open }) => open.burst === 2)).toHaveLength(5);
  });

  test('no timer is left running once the burst resolves', async () => {
    const server = await startTcpServer((socket) => socket.end('ok'));
    const context = setup();
    // Watch the timers set with this burst's distinctive timeout (other code in the process sets its own).
    const timeoutMs = 60_001;
    const spySet = vi.spyOn(globalThis, 'setTimeout');
    const spyClear = vi.spyOn(globalThis, 'clearTimeout');
    const set: unknown[] = [];
    const cleared = new Set<unknown>();
    try {
      await burst({ port: server.port, count: 20, concurrency: 4, timeoutMs, ...context });
      spySet.mock.calls.forEach((call, index) => {
        if (call[1] === timeoutMs) set.push(spySet.mock.results[index]!.value);
      });
      for (const call of spyClear.mock.calls) cleared.add(call[0]);
    } finally {
      spySet.mockRestore();
      spyClear.mockRestore();
    }

    expect(set).toHaveLength(20);
    expect(set.filter((timer) => !cleared.has(timer))).toEqual([]);
  });
});
