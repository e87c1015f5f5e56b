// Each client fault of a burst as the server sees it on the wire (bytes, FIN, RST, timing), and in the history.

import type { Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { Clock } from '../../src/history/clock.js';
import { History } from '../../src/history/history.js';
import { burst } from '../../src/load/burst.js';
import { buildHttpRequest } from '../../src/load/http-request.js';
import { type ConnectionTimeline, connectionTimelines, idCounter } from './connection-timelines.js';
import { closeServers, readBody, startHttpServer, startTcpServer } from './test-servers.js';

afterEach(closeServers);

function setup() {
  return { history: new History(), clock: new Clock(), nextConnectionId: idCounter() };
}

/** The one connection of a burst of one. */
function onlyConnection(history: History): ConnectionTimeline {
  const timelines = connectionTimelines(history);
  expect(timelines).toHaveLength(1);
  return timelines[0]!;
}

/** What the server side of one connection saw, each step stamped on the client's clock. */
interface WireLog {
  chunks: { t: number; bytes: Buffer }[];
  /** The client's FIN. */
  endAt?: number;
  /** The socket's error code: ECONNRESET for a client's RST. */
  errorCode?: string;
  /** Resolves once the server socket is closed: every step above is in. */
  closed: Promise<void>;
  received(): Buffer;
}

/** Records what arrives on `socket`, stamped with `clock`; the socket flows (it reads everything). */
function logWire(socket: Socket, clock: Clock): WireLog {
  const log: WireLog = {
    chunks: [],
    // Not events.once: it rejects on the 'error' that a reset is expected to emit.
    closed: new Promise<void>((resolve) => socket.once('close', () => resolve())),
    received: () => Buffer.concat(log.chunks.map((chunk) => chunk.bytes)),
  };
  socket.on('data', (bytes: Buffer) => log.chunks.push({ t: clock.now(), bytes }));
  socket.on('end', () => (log.endAt = clock.now()));
  socket.on('error', (error: NodeJS.ErrnoException) => (log.errorCode = error.code));
  return log;
}

describe('client faults on the wire (TCP)', () => {
  test('reset: the server socket gets ECONNRESET, no byte and no FIN; the history says the client did it', async () => {
    const context = setup();
    const logs: WireLog[] = [];
    const server = await startTcpServer((socket) => logs.push(logWire(socket, context.clock)));

    const clientFaults = { count: 1, kinds: [{ kind: 'reset' as const }] };
    const result = await burst({ port: server.port, count: 1, clientFaults, ...context });

    await server.accepted(1);
    await logs[0]!.closed;
    expect(logs[0]!.errorCode).toBe('ECONNRESET');
    expect(logs[0]!.endAt).toBeUndefined();
    expect(logs[0]!.received().length).toBe(0);
    expect(result.clientFaults).toBe(1);
    const { open, connected, close } = onlyConnection(context.history);
    expect(open.clientFault).toEqual({ kind: 'reset' });
    expect(close).toMatchObject({ outcome: 'timeout', clientFault: 'reset' });
    expect(close.clientAborted).toBeUndefined();
    expect(close.clientFaultAt).toBeGreaterThanOrEqual(connected!.t);
    expect(close.clientFaultAt).toBeLessThanOrEqual(close.t);
  });

  test('half-close: the request, a FIN; the server answers after the FIN and the client reads the answer', async () => {
    const context = setup();
    let log: WireLog | undefined;
    const server = await startTcpServer((socket) => {
      log = logWire(socket, context.clock);
      // Answers only once the client's write side is closed: the client must still be reading.
      socket.on('end', () => socket.end(`got ${log!.received().toString()}`));
    }, true);

    const result = await burst({
      port: server.port,
      count: 1,
      payload: 'request',
      clientFaults: { count: 1, kinds: [{ kind: 'half-close' }] },
      ...context,
    });

    await log!.closed;
    expect(log!.received().toString()).toBe('request');
    expect(log!.endAt).toBeDefined();
    expect(result.outcomes.answered).toBe(1);
    const { close } = onlyConnection(context.history);
    expect(close).toMatchObject({ outcome: 'answered', reply: 'got request', clientFault: 'half-close' });
    expect(close.clientFaultAt).toBeLessThanOrEqual(log!.endAt!);
  });

  test('stall: exactly the first bytes of the request, then nothing until the client times out', async () => {
    const context = setup();
    let log: WireLog | undefined;
    const server = await startTcpServer((socket) => (log = logWire(socket, context.clock)));

    const result = await burst({
      port: server.port,
      count: 1,
      payload: 'abcdefgh',
      timeoutMs: 300,
      clientFaults: { count: 1, kinds: [{ kind: 'stall', bytes: 3 }] },
      ...context,
    });

    await log!.closed;
    expect(log!.received().toString()).toBe('abc');
    expect(result.outcomes.timeout).toBe(1);
    const { open, close } = onlyConnection(context.history);
    expect(open.clientFault).toEqual({ kind: 'stall', bytes: 3 });
    expect(close).toMatchObject({ outcome: 'timeout', clientFault: 'stall' });
    // The silence began once the three bytes were handed to the kernel.
    expect(close.clientFaultAt).toBeLessThanOrEqual(log!.chunks[0]!.t);
    expect(close.latencyMs).toBeGreaterThanOrEqual(299);
  });

  test('slow drip: one byte per chunk, at least the interval apart, then the answer is read', async () => {
    const context = setup();
    const intervalMs = 40;
    let log: WireLog | undefined;
    const server = await startTcpServer((socket) => {
      log = logWire(socket, context.clock);
      socket.on('data', () => {
        if (log!.received().length === 5) socket.end('all five');
      });
    });

    const result = await burst({
      port: server.port,
      count: 1,
      payload: 'drip!',
      clientFaults: { count: 1, kinds: [{ kind: 'slow-drip', intervalMs }] },
      ...context,
    });

    await log!.closed;
    expect(result.outcomes.answered).toBe(1);
    expect(log!.chunks.map((chunk) => chunk.bytes.toString())).toEqual(['d', 'r', 'i', 'p', '!']);
    // Each byte is written a timer's interval after the one before; the server may read the one before a little late,
    // so a single gap is bounded loosely, and the whole drip tightly: timers never fire early (1 ms of rounding).
    const times = log!.chunks.map((chunk) => chunk.t);
    for (let index = 1; index < times.length; index++) {
      expect(times[index]! - times[index - 1]!).toBeGreaterThanOrEqual(intervalMs / 2);
    }
    expect(times[4]! - times[0]!).toBeGreaterThanOrEqual(4 * (intervalMs - 1) - intervalMs / 2);
    const { close } = onlyConnection(context.history);
    expect(close).toMatchObject({ outcome: 'answered', reply: 'all five', clientFault: 'slow-drip' });
    expect(close.clientFaultAt).toBeLessThanOrEqual(times[0]!);
  });

  test('oversized: exactly the stated number of bytes, all of them x, in place of the payload', async () => {
    const context = setup();
    const bytes = 1_000_000;
    let log: WireLog | undefined;
    const server = await startTcpServer((socket) => {
      log = logWire(socket, context.clock);
      let count = 0;
      socket.on('data', (chunk: Buffer) => {
        count += chunk.length;
        if (count === bytes) socket.end(`got ${count}`);
      });
    });

    const result = await burst({
      port: server.port,
      count: 1,
      payload: 'small',
      clientFaults: { count: 1, kinds: [{ kind: 'oversized', bytes }] },
      ...context,
    });

    await log!.closed;
    const received = log!.received();
    expect(received.length).toBe(bytes);
    expect(received.every((byte) => byte === 0x78)).toBe(true);
    expect(result.outcomes.answered).toBe(1);
    const { close } = onlyConnection(context.history);
    expect(close).toMatchObject({ outcome: 'answered', reply: `got ${bytes}`, clientFault: 'oversized' });
    expect(close.clientFaultAt).toBeDefined();
  });

  test('abort-after: a RST once the stated number of answer bytes has arrived, not before', async () => {
    // The server sends 3 bytes, leaves a window in which an early close would show, then sends 3 more.
    const context = setup();
    let log: WireLog | undefined;
    let secondWriteAt: number | undefined;
    const server = await startTcpServer((socket) => {
      log = logWire(socket, context.clock);
      socket.write('abc');
      setTimeout(() => {
        secondWriteAt = context.clock.now();
        if (!socket.destroyed) socket.write('def');
      }, 150);
    });

    const result = await burst({
      port: server.port,
      count: 1,
      clientFaults: { count: 1, kinds: [{ kind: 'abort-after', bytes: 4 }] },
      ...context,
    });

    await log!.closed;
    expect(log!.errorCode).toBe('ECONNRESET');
    expect(result.outcomes.timeout).toBe(1);
    const { close } = onlyConnection(context.history);
    expect(close).toMatchObject({ outcome: 'timeout', reply: 'abcdef', clientFault: 'abort-after' });
    expect(close.clientFaultAt).toBeGreaterThanOrEqual(secondWriteAt!);
  });

  test('connect-then-silence: zero bytes, then the FIN of the client giving up at its timeout', async () => {
    const context = setup();
    let log: WireLog | undefined;
    const server = await startTcpServer((socket) => (log = logWire(socket, context.clock)));

    const result = await burst({
      port: server.port,
      count: 1,
      payload: 'never sent',
      timeoutMs: 200,
      clientFaults: { count: 1, kinds: [{ kind: 'connect-then-silence' }] },
      ...context,
    });

    await log!.closed;
    expect(log!.received().length).toBe(0);
    expect(log!.endAt).toBeDefined();
    expect(result.outcomes.timeout).toBe(1);
    const { connected, close } = onlyConnection(context.history);
    expect(close).toMatchObject({ outcome: 'timeout', clientFault: 'connect-then-silence' });
    expect(close.clientFaultAt).toBeGreaterThanOrEqual(connected!.t);
    expect(close.clientFaultAt).toBeLessThan(log!.endAt!);
  });
});

describe('client faults on the wire (HTTP)', () => {
  test('reset: the server socket gets ECONNRESET before any byte of the request', async () => {
    const context = setup();
    let log: WireLog | undefined;
    const server = await startTcpServer((socket) => (log = logWire(socket, context.clock)));

    const clientFaults = { count: 1, kinds: [{ kind: 'reset' as const }] };
    await burst({ port: server.port, protocol: 'http', count: 1, clientFaults, ...context });

    await log!.closed;
    expect(log!.errorCode).toBe('ECONNRESET');
    expect(log!.received().length).toBe(0);
  });

  test('half-close: a node:http server sees the FIN after the request and still answers it', async () => {
    const context = setup();
    const server = await startHttpServer((request, response) => {
      void readBody(request).then((body) => response.end(`${request.method} ${body}`));
    });

    const result = await burst({
      port: server.port,
      protocol: 'http',
      count: 1,
      payload: 'hello',
      clientFaults: { count: 1, kinds: [{ kind: 'half-close' }] },
      ...context,
    });

    expect(result.outcomes.answered).toBe(1);
    const { close } = onlyConnection(context.history);
    expect(close).toMatchObject({ outcome: 'answered', reply: '200 POST hello', clientFault: 'half-close' });
    expect(close.httpStatus).toBe(200);
  });

  test('stall: by default the first half of the request, byte for byte, then nothing', async () => {
    const context = setup();
    let log: WireLog | undefined;
    const server = await startTcpServer((socket) => (log = logWire(socket, context.clock)));

    await burst({
      port: server.port,
      protocol: 'http',
      count: 1,
      timeoutMs: 200,
      clientFaults: { count: 1, kinds: [{ kind: 'stall' }] },
      ...context,
    });

    await log!.closed;
    const request = buildHttpRequest('127.0.0.1', server.port, undefined);
    expect(log!.received()).toEqual(request.subarray(0, Math.floor(request.length / 2)));
    const { open } = onlyConnection(context.history);
    expect(open.clientFault).toEqual({ kind: 'stall', bytes: Math.floor(request.length / 2) });
  });

  test('oversized: a POST whose Content-Length and body are the stated number of bytes', async () => {
    const context = setup();
    const bytes = 300_000;
    const server = await startHttpServer((request, response) => {
      void readBody(request).then((body) => {
        response.end(`${request.headers['content-length']} ${body.length} ${/^x+$/.test(body)}`);
      });
    });

    await burst({
      port: server.port,
      protocol: 'http',
      count: 1,
      clientFaults: { count: 1, kinds: [{ kind: 'oversized', bytes }] },
      ...context,
    });

    const { close } = onlyConnection(context.history);
    expect(close).toMatchObject({ outcome: 'answered', reply: `200 ${bytes} ${bytes} true`, clientFault: 'oversized' });
  });

  test('abort-after: the server sees the client go away in the middle of its response', async () => {
    const context = setup();
    let responseClosedEarly: boolean | undefined;
    const server = await startHttpServer((_request, response) => {
      response.writeHead(200, { 'content-length': 20 });
      response.write('0123456789');
      response.on('close', () => (responseClosedEarly = !response.writableFinished));
    });

    const result = await burst({
      port: server.port,
      protocol: 'http',
      count: 1,
      clientFaults: { count: 1, kinds: [{ kind: 'abort-after', bytes: 10 }] },
      ...context,
    });

    const closes = server.sockets.map((socket) => socket.closed || new Promise((done) => socket.once('close', done)));
    await Promise.all(closes);
    expect(responseClosedEarly).toBe(true);
    expect(result.outcomes.timeout).toBe(1);
  });
});

describe('a burst with client faults', () => {
  test('faults go to the connections spread over the burst, kinds in turn; the others are plain', async () => {
    const server = await startTcpServer((socket) => socket.end('hi'));
    const context = setup();

    const result = await burst({
      port: server.port,
      count: 6,
      concurrency: 1,
      clientFaults: { count: 3, kinds: [{ kind: 'half-close' }, { kind: 'connect-then-silence' }] },
      ...context,
    });

    expect(result.clientFaults).toBe(3);
    expect(result.outcomes.answered).toBe(6);
    const timelines = connectionTimelines(context.history);
    expect(timelines.map(({ open }) => open.clientFault?.kind ?? 'plain')).toEqual([
      'half-close',
      'plain',
      'connect-then-silence',
      'plain',
      'half-close',
      'plain',
    ]);
    for (const { open, close } of timelines) expect(close.clientFault).toBe(open.clientFault?.kind);
  });

  test('keep-alive: a faulted connection has a socket of its own; the plain requests share theirs', async () => {
    const server = await startHttpServer((_request, response) => response.end('ok'));
    const context = setup();

    const result = await burst({
      port: server.port,
      protocol: 'http',
      keepAlive: true,
      count: 4,
      concurrency: 1,
      clientFaults: { count: 1, kinds: [{ kind: 'half-close' }] },
      ...context,
    });

    expect(result.outcomes.answered).toBe(4);
    const timelines = connectionTimelines(context.history);
    const kinds = timelines.map(({ open }) => open.clientFault?.kind ?? 'plain');
    expect(kinds).toEqual(['half-close', 'plain', 'plain', 'plain']);
    expect(timelines.map(({ connected }) => connected!.reusedSocket ?? false)).toEqual([false, false, true, true]);
    expect(server.sockets).toHaveLength(2);
  });
});
