// burst() over HTTP against real servers on 127.0.0.1: fresh connections (GET, POST, framings, failures) and keep-alive.

import { afterEach, describe, expect, test } from 'vitest';
import { Clock } from '../../src/history/clock.js';
import { History } from '../../src/history/history.js';
import { burst } from '../../src/load/burst.js';
import { connectionTimelines, idCounter } from './connection-timelines.js';
import { closedPort, closeServers, readBody, startHttpServer, startTcpServer } from './test-servers.js';

afterEach(closeServers);

function setup() {
  return { history: new History(), clock: new Clock(), nextConnectionId: idCounter() };
}

describe('burst over HTTP, fresh connections', () => {
  test('GET / is answered; the reply is "<status> <body>"; the client port is the one the server saw', async () => {
    const server = await startHttpServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ method: request.method, url: request.url, port: request.socket.remotePort }));
    });
    const context = setup();

    const result = await burst({ port: server.port, protocol: 'http', count: 4, ...context });

    expect(result.outcomes).toEqual({ answered: 4, refused: 0, reset: 0, 'closed-empty': 0, timeout: 0 });
    for (const { open, connected, close } of connectionTimelines(context.history)) {
      expect(open.protocol).toBe('http');
      expect(connected!.reusedSocket).toBeUndefined();
      expect(close.reply).toBe(`200 ${JSON.stringify({ method: 'GET', url: '/', port: connected!.clientPort })}`);
    }
    expect(server.sockets).toHaveLength(4);
  });

  test('with a payload, POST / carries it as the body', async () => {
    const server = await startHttpServer((request, response) => {
      void readBody(request).then((body) =>
        response.end(`${request.method} ${request.headers['content-length']} ${body}`),
      );
    });
    const context = setup();

    const result = await burst({ port: server.port, protocol: 'http', count: 2, payload: 'héllo', ...context });

    expect(result.outcomes.answered).toBe(2);
    expect(connectionTimelines(context.history).map(({ close }) => close.reply)).toEqual([
      '200 POST 6 héllo',
      '200 POST 6 héllo',
    ]);
  });

  test('any status is an answer, and chunked bodies are read to their end', async () => {
    const server = await startHttpServer((_request, response) => {
      response.statusCode = 503;
      response.write('not ');
      response.end('now');
    });
    const context = setup();

    const result = await burst({ port: server.port, protocol: 'http', count: 2, ...context });

    expect(result.outcomes.answered).toBe(2);
    expect(connectionTimelines(context.history)[0]!.close.reply).toBe('503 not now');
  });

  test('a body without length runs to the end of the stream; the reply keeps 200 characters', async () => {
    const body = 'x'.repeat(5000);
    const server = await startTcpServer((socket) =>
      socket.once('data', () => socket.end(`HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n${body}`)),
    );
    const context = setup();

    const result = await burst({ port: server.port, protocol: 'http', count: 1, ...context });

    expect(result.outcomes.answered).toBe(1);
    expect(connectionTimelines(context.history)[0]!.close.reply).toBe(`200 ${body}`.slice(0, 200));
  });

  test('a server that closes before any response byte: closed-empty', async () => {
    const server = await startTcpServer((socket) => socket.once('data', () => socket.end()));
    const context = setup();

    const result = await burst({ port: server.port, protocol: 'http', count: 2, ...context });

    expect(result.outcomes['closed-empty']).toBe(2);
  });

  test('a server that resets: reset with ECONNRESET', async () => {
    const server = await startTcpServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    const context = setup();

    const result = await burst({ port: server.port, protocol: 'http', count: 2, ...context });

    expect(result.outcomes.reset).toBe(2);
    for (const { close } of connectionTimelines(context.history)) expect(close.errorCode).toBe('ECONNRESET');
  });

  test('a response cut short by a clean close: reset, truncated-response, with what arrived', async () => {
    const server = await startTcpServer((socket) =>
      socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc')),
    );
    const context = setup();

    await burst({ port: server.port, protocol: 'http', count: 1, ...context });

    expect(connectionTimelines(context.history)[0]!.close).toMatchObject({
      outcome: 'reset',
      errorCode: 'truncated-response',
      reply: '200 abc',
    });
  });

  test('bytes that are not HTTP: reset, invalid-response, with the bytes as reply', async () => {
    const server = await startTcpServer((socket) => socket.end('handle by worker: 42\r\n\r\n'));
    const context = setup();

    await burst({ port: server.port, protocol: 'http', count: 1, ...context });

    expect(connectionTimelines(context.history)[0]!.close).toMatchObject({
      outcome: 'reset',
      errorCode: 'invalid-response',
      reply: 'handle by worker: 42\r\n\r\n',
    });
  });

  test('a closed port: refused', async () => {
    const context = setup();

    const result = await burst({ port: await closedPort(), protocol: 'http', count: 2, ...context });

    expect(result.outcomes.refused).toBe(2);
  });

  test('a server that never answers: timeout', async () => {
    const server = await startHttpServer(() => undefined);
    const context = setup();

    const result = await burst({ port: server.port, protocol: 'http', count: 2, timeoutMs: 150, ...context });

    expect(result.outcomes.timeout).toBe(2);
  });
});

describe('burst over HTTP, keep-alive', () => {
  test('later requests reuse the sockets: reusedSocket, and fewer client ports than requests', async () => {
    const server = await startHttpServer((request, response) => response.end(`port ${request.socket.remotePort}`));
    const context = setup();

    const result = await burst({
      port: server.port,
      protocol: 'http',
      keepAlive: true,
      count: 12,
      concurrency: 2,
      ...context,
    });

    expect(result.outcomes.answered).toBe(12);
    const timelines = connectionTimelines(context.history);
    const ports = new Set(timelines.map(({ connected }) => connected!.clientPort));
    expect(ports.size).toBeLessThanOrEqual(2);
    expect(server.sockets.length).toBe(ports.size);
    expect(timelines.filter(({ connected }) => connected!.reusedSocket === true).length).toBe(12 - ports.size);
    for (const { connected, close } of timelines) expect(close.reply).toBe(`200 port ${connected!.clientPort}`);
    // The agent is destroyed at the end: the server sees every socket close.
    await Promise.all(
      server.sockets.map((socket) =>
        socket.closed ? undefined : new Promise((resolve) => socket.once('close', resolve)),
      ),
    );
  });

  test('with a payload, each request is a POST with that body', async () => {
    const server = await startHttpServer((request, response) => {
      void readBody(request).then((body) => response.end(`${request.method} ${body}`));
    });
    const context = setup();

    const result = await burst({
      port: server.port,
      protocol: 'http',
      keepAlive: true,
      count: 4,
      concurrency: 1,
      payload: 'data',
      ...context,
    });

    expect(result.outcomes.answered).toBe(4);
    const timelines = connectionTimelines(context.history);
    expect(timelines.map(({ close }) => close.reply)).toEqual(Array(4).fill('200 POST data'));
    expect(timelines.map(({ connected }) => connected!.reusedSocket ?? false)).toEqual([false, true, true, true]);
  });

  test('a server that answers Connection: close: every request gets its own socket, none claims reuse', async () => {
    const server = await startHttpServer((_request, response) => {
      response.shouldKeepAlive = false;
      response.end('once');
    });
    const context = setup();

    const result = await burst({
      port: server.port,
      protocol: 'http',
      keepAlive: true,
      count: 3,
      concurrency: 1,
      ...context,
    });

    expect(result.outcomes.answered).toBe(3);
    const timelines = connectionTimelines(context.history);
    expect(new Set(timelines.map(({ connected }) => connected!.clientPort)).size).toBe(3);
    expect(timelines.every(({ connected }) => connected!.reusedSocket === undefined)).toBe(true);
    expect(server.sockets).toHaveLength(3);
  });

  test('a server that never answers: timeout, and the socket is destroyed', async () => {
    const server = await startHttpServer(() => undefined);
    const context = setup();

    const result = await burst({
      port: server.port,
      protocol: 'http',
      keepAlive: true,
      count: 2,
      timeoutMs: 150,
      ...context,
    });

    expect(result.outcomes.timeout).toBe(2);
    await Promise.all(
      server.sockets.map((socket) =>
        socket.closed ? undefined : new Promise((resolve) => socket.once('close', resolve)),
      ),
    );
  });

  test('a closed port: refused', async () => {
    const context = setup();

    const result = await burst({ port: await closedPort(), protocol: 'http', keepAlive: true, count: 2, ...context });

    expect(result.outcomes.refused).toBe(2);
    for (const { connected, close } of connectionTimelines(context.history)) {
      expect(connected).toBeUndefined();
      expect(close.errorCode).toBe('ECONNREFUSED');
    }
  });
});

describe('httpStatus on connection-close', () => {
  test('fresh connections: the final status of each answer (200, 503), an informational 100 skipped', async () => {
    let request = 0;
    const server = await startTcpServer((socket) =>
      socket.once('data', () => {
        const index = request++;
        if (index === 0) socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        else if (index === 1) socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy');
        else socket.end('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n');
      }),
    );
    const context = setup();

    await burst({ port: server.port, protocol: 'http', count: 3, concurrency: 1, ...context });

    expect(connectionTimelines(context.history).map(({ close }) => [close.outcome, close.httpStatus])).toEqual([
      ['answered', 200],
      ['answered', 503],
      ['answered', 201],
    ]);
  });

  test('fresh connections: a response cut short keeps its status; no status without a status line; none over TCP', async () => {
    const cut = await startTcpServer((socket) =>
      socket.once('data', () => socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 10\r\n\r\nabc')),
    );
    const empty = await startTcpServer((socket) => socket.once('data', () => socket.end()));
    const onlyContinue = await startTcpServer((socket) =>
      socket.once('data', () => socket.end('HTTP/1.1 100 Continue\r\n\r\n')),
    );
    const tcp = await startTcpServer((socket) => socket.end('HTTP/1.1 200 OK\r\n\r\n'));
    const context = setup();

    for (const server of [cut, empty, onlyContinue])
      await burst({ port: server.port, protocol: 'http', count: 1, ...context });
    await burst({ port: tcp.port, protocol: 'tcp', count: 1, ...context });

    const closes = connectionTimelines(context.history).map(({ close }) => close);
    expect(closes.map((close) => [close.outcome, close.httpStatus])).toEqual([
      ['reset', 502],
      ['closed-empty', undefined],
      ['reset', undefined],
      ['answered', undefined],
    ]);
    expect(closes.slice(1).every((close) => !('httpStatus' in close))).toBe(true);
  });

  test('keep-alive: each request its own status, on fresh and reused sockets alike', async () => {
    let request = 0;
    const server = await startHttpServer((_request, response) => {
      response.statusCode = [200, 500, 404, 200][request++ % 4]!;
      response.end('x');
    });
    const context = setup();

    const result = await burst({
      port: server.port,
      protocol: 'http',
      keepAlive: true,
      count: 4,
      concurrency: 1,
      ...context,
    });

    expect(result.outcomes.answered).toBe(4);
    const timelines = connectionTimelines(context.history);
    expect(timelines.map(({ close }) => close.httpStatus)).toEqual([200, 500, 404, 200]);
    expect(timelines.map(({ connected }) => connected!.reusedSocket ?? false)).toEqual([false, true, true, true]);
  });

  test('keep-alive: a request refused or never answered has no status', async () => {
    const silent = await startHttpServer(() => undefined);
    const context = setup();

    await burst({ port: await closedPort(), protocol: 'http', keepAlive: true, count: 1, ...context });
    await burst({ port: silent.port, protocol: 'http', keepAlive: true, count: 1, timeoutMs: 150, ...context });

    const closes = connectionTimelines(context.history).map(({ close }) => close);
    expect(closes.map((close) => close.outcome)).toEqual(['refused', 'timeout']);
    expect(closes.every((close) => !('httpStatus' in close))).toBe(true);
  });
});
