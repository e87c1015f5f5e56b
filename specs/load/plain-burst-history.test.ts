// A burst without client faults records exactly what it recorded before they existed: the same events, keys, order.

import { afterEach, describe, expect, test } from 'vitest';
import { Clock } from '../../src/history/clock.js';
import type { HistoryEvent } from '../../src/history/events.js';
import { History } from '../../src/history/history.js';
import { burst } from '../../src/load/burst.js';
import type { BurstOptions } from '../../src/load/burst-options.js';
import { idCounter } from './connection-timelines.js';
import { closeServers, startHttpServer, startTcpServer } from './test-servers.js';

afterEach(closeServers);

/**
 * The history as JSON with what varies from run to run (times, client ports) zeroed: what is left is the bytes of
 * the history's form, key order included.
 */
function normalised(events: readonly HistoryEvent[]): string {
  const varies = new Set(['t', 'latencyMs', 'clientPort']);
  return JSON.stringify(events, (key, value: unknown) => (varies.has(key) ? 0 : value));
}

type Extra = Pick<BurstOptions, 'protocol' | 'keepAlive' | 'clientFaults'>;

async function recorded(port: number, extra: Extra): Promise<string> {
  const history = new History();
  const context = { history, clock: new Clock(), nextConnectionId: idCounter() };
  await burst({ port, count: 2, concurrency: 1, burstId: 7, ...context, ...extra });
  return normalised(history.events);
}

/** The three events of plain connection `id`, as written before client faults existed. */
function plainConnection(id: number, protocol: 'tcp' | 'http', reply: string, http: string, reused = ''): string {
  return (
    `{"type":"connection-open","t":0,"connection":${id},"burst":7,"protocol":"${protocol}"},` +
    `{"type":"connection-connected","t":0,"connection":${id},"clientPort":0${reused}},` +
    `{"type":"connection-close","t":0,"connection":${id},"outcome":"answered","latencyMs":0,` +
    `"reply":"${reply}"${http}}`
  );
}

describe('a plain burst records what it always did', () => {
  test('TCP: the same bytes, with clientFaults absent or with none to hand out', async () => {
    const server = await startTcpServer((socket) => socket.end('hi'));
    const expected = `[${plainConnection(1, 'tcp', 'hi', '')},${plainConnection(2, 'tcp', 'hi', '')}]`;

    expect(await recorded(server.port, {})).toBe(expected);
    expect(await recorded(server.port, { clientFaults: { count: 0, kinds: [{ kind: 'reset' }] } })).toBe(expected);
  });

  test('HTTP, fresh and keep-alive: the same bytes', async () => {
    const server = await startHttpServer((_request, response) => response.end('ok'));
    const status = ',"httpStatus":200';
    const fresh = `[${plainConnection(1, 'http', '200 ok', status)},${plainConnection(2, 'http', '200 ok', status)}]`;
    const reused = ',"reusedSocket":true';
    const first = plainConnection(1, 'http', '200 ok', status);
    const kept = `[${first},${plainConnection(2, 'http', '200 ok', status, reused)}]`;

    expect(await recorded(server.port, { protocol: 'http' })).toBe(fresh);
    const none = { share: 0, kinds: [{ kind: 'reset' as const }] };
    expect(await recorded(server.port, { protocol: 'http', clientFaults: none })).toBe(fresh);
    expect(await recorded(server.port, { protocol: 'http', keepAlive: true })).toBe(kept);
  });

  test('the plain connections of a burst with client faults are recorded as in a plain burst', async () => {
    const server = await startTcpServer((socket) => socket.end('hi'));

    const json = await recorded(server.port, { clientFaults: { count: 1, kinds: [{ kind: 'half-close' }] } });

    // Connection 1 carries the fault; connection 2 is plain, byte for byte.
    const events = JSON.parse(json) as HistoryEvent[];
    expect(normalised(events.filter((event) => 'connection' in event && event.connection === 2))).toBe(
      `[${plainConnection(2, 'tcp', 'hi', '')}]`,
    );
    const open = { type: 'connection-open', t: 0, connection: 1, burst: 7, protocol: 'tcp' };
    expect(events[0]).toEqual({ ...open, clientFault: { kind: 'half-close' } });
  });

  test('the result of a plain burst has no clientFaults count', async () => {
    const server = await startTcpServer((socket) => socket.end('hi'));
    const history = new History();

    const context = { history, clock: new Clock(), nextConnectionId: idCounter() };
    const result = await burst({ port: server.port, count: 1, ...context });

    const keys = ['aborted', 'answeredPerSecond', 'connections', 'durationMs', 'outcomes'];
    expect(Object.keys(result).sort()).toEqual(keys);
  });
});
