// burst() over TCP against real servers on 127.0.0.1: one spec per outcome, and what each connection records.

import { once } from 'node:events';
import { afterEach, describe, expect, test } from 'vitest';
import { Clock } from '../../src/history/clock.js';
import { History } from '../../src/history/history.js';
import { burst } from '../../src/load/burst.js';
import { connectionTimelines, idCounter } from './connection-timelines.js';
import { closedPort, closeServers, startTcpServer } from './test-servers.js';

afterEach(closeServers);

function setup() {
  return { history: new History(), clock: new Clock(), nextConnectionId: idCounter() };
}

describe('burst over TCP', () => {
  test('an answering server: every connection is answered, its reply captured, its client port the one the server saw', async () => {
    const server = await startTcpServer((socket) => socket.end(`hello from ${socket.remotePort}`));
    const context = setup();

    const result = await burst({ port: server.port, count: 5, ...context });

    expect(result.outcomes).toEqual({ answered: 5, refused: 0, reset: 0, 'closed-empty': 0, timeout: 0 });
    expect(result.connections).toBe(5);
    expect(result.aborted).toBe(0);
    const timelines = connectionTimelines(context.history);
    expect(timelines).toHaveLength(5);
    for (const { open, connected, close } of timelines) {
      expect(open.protocol).toBe('tcp');
      expect(connected).toBeDefined();
      expect(close.outcome).toBe('answered');
      expect(close.reply).toBe(`hello from ${connected!.clientPort}`);
      expect(close.errorCode).toBeUndefined();
      expect(close.clientAborted).toBeUndefined();
    }
    expect(timelines.map((timeline) => timeline.connected!.clientPort).sort()).toEqual([...server.remotePorts].sort());
  });

  test('the payload is written after connect and the server answers it', async () => {
    const server = await startTcpServer((socket) =>
      socket.once('data', (data: Buffer) => socket.end(`echo:${data.toString()}`)),
    );
    const context = setup();

    const result = await burst({ port: server.port, count: 2, payload: 'ping', ...context });

    expect(result.outcomes.answered).toBe(2);
    expect(connectionTimelines(context.history).map(({ close }) => close.reply)).toEqual(['echo:ping', 'echo:ping']);
  });

  test('the reply keeps the first 200 characters, decoded as UTF-8', async () => {
    const server = await startTcpServer((socket) => socket.end('é'.repeat(500)));
    const context = setup();

    await burst({ port: server.port, count: 1, ...context });

    expect(connectionTimelines(context.history)[0]!.close.reply).toBe('é'.repeat(200));
  });

  test('a server that closes without writing: closed-empty', async () => {
    const server = await startTcpServer((socket) => socket.end());
    const context = setup();

    const result = await burst({ port: server.port, count: 3, ...context });

    expect(result.outcomes['closed-empty']).toBe(3);
    for (const { connected, close } of connectionTimelines(context.history)) {
      expect(connected).toBeDefined();
      expect(close.outcome).toBe('closed-empty');
      expect(close.reply).toBeUndefined();
    }
  });

  test('a server that resets: reset with ECONNRESET', async () => {
    const server = await startTcpServer((socket) => socket.resetAndDestroy());
    const context = setup();

    const result = await burst({ port: server.port, count: 3, ...context });

    expect(result.outcomes.reset).toBe(3);
    for (const { close } of connectionTimelines(context.history)) {
      // A reset at accept may reach the client before libuv reports its connect: then it has no connected event.
      expect(close).toMatchObject({ outcome: 'reset', errorCode: 'ECONNRESET' });
    }
  });

  test('bytes then a reset: the answer was delivered, so it is answered', async () => {
    // The server resets only after the client's payload shows the connection is up, once its answer has left.
    const server = await startTcpServer((socket) =>
      socket.once('data', () => socket.write('partial answer', () => socket.resetAndDestroy())),
    );
    const context = setup();

    const result = await burst({ port: server.port, count: 3, payload: 'go', ...context });

    expect(result.outcomes.answered).toBe(3);
    for (const { close } of connectionTimelines(context.history)) {
      expect(close).toMatchObject({ outcome: 'answered', reply: 'partial answer' });
      // libuv reports a reset right behind the data as an end of stream (POLLHUP after a partial read); a reset
      // read on its own keeps its code (see error-outcome.test.ts).
      expect([undefined, 'ECONNRESET']).toContain(close.errorCode);
    }
  });

  test('a closed port: refused with ECONNREFUSED, and never connected', async () => {
    const port = await closedPort();
    const context = setup();

    const result = await burst({ port, count: 3, ...context });

    expect(result.outcomes.refused).toBe(3);
    expect(result.answeredPerSecond).toBe(0);
    for (const { connected, close } of connectionTimelines(context.history)) {
      expect(connected).toBeUndefined();
      expect(close).toMatchObject({ outcome: 'refused', errorCode: 'ECONNREFUSED' });
    }
  });

  test('a server that never answers: timeout after timeoutMs, and the socket is destroyed', async () => {
    const server = await startTcpServer(() => undefined);
    const context = setup();

    const result = await burst({ port: server.port, count: 2, timeoutMs: 200, ...context });

    expect(result.outcomes.timeout).toBe(2);
    expect(result.aborted).toBe(0);
    for (const { close } of connectionTimelines(context.history)) {
      expect(close.outcome).toBe('timeout');
      expect(close.clientAborted).toBeUndefined();
      expect(close.latencyMs).toBeGreaterThanOrEqual(199);
    }
    // The server sees each client socket go away.
    await Promise.all(server.sockets.map((socket) => (socket.closed ? undefined : once(socket, 'close'))));
  });

  test('the client never half-closes: a server that treats FIN as an abort sees none while it waits', async () => {
    // The server resets on a FIN; the client's timeout is the window in which a FIN would have arrived. The client's
    // own close at its timeout may reach the server before the burst resolves: only a FIN seen before it counts.
    const context = setup();
    const finSeenAt: number[] = [];
    const server = await startTcpServer((socket) => {
      // Read the request: a paused socket never reports its end.
      socket.resume();
      socket.on('end', () => {
        finSeenAt.push(context.clock.now());
        socket.resetAndDestroy();
      });
    }, true);

    const result = await burst({ port: server.port, count: 2, payload: 'request', timeoutMs: 150, ...context });

    expect(result.outcomes.timeout).toBe(2);
    const gaveUpAt = Math.min(...context.history.ofType('connection-close').map((event) => event.t));
    expect(finSeenAt.filter((t) => t < gaveUpAt)).toEqual([]);
  });
});
