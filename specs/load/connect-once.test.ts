// connectOnce(): one connection on its own, for readiness checks and follow-up connections, recorded only when asked.

import { afterEach, describe, expect, test } from 'vitest';
import { Clock } from '../../src/history/clock.js';
import { History } from '../../src/history/history.js';
import { connectOnce } from '../../src/load/connect-once.js';
import { connectionTimelines, idCounter } from './connection-timelines.js';
import { closedPort, closeServers, startHttpServer, startTcpServer } from './test-servers.js';

afterEach(closeServers);

describe('connectOnce', () => {
  test('answered over TCP, with its reply and the client port the server saw; nothing recorded without a history', async () => {
    const server = await startTcpServer((socket) => socket.end('ready'));

    const result = await connectOnce(server.port);

    expect(result).toMatchObject({ type: 'connection-close', outcome: 'answered', reply: 'ready' });
    expect(result.clientPort).toBe(server.remotePorts[0]);
  });

  test('recorded in the history when one is given, with the id from the counter', async () => {
    const server = await startHttpServer((_request, response) => response.end('up'));
    const history = new History();
    const nextConnectionId = idCounter();
    nextConnectionId();

    const result = await connectOnce(server.port, {
      protocol: 'http',
      history,
      clock: new Clock(),
      nextConnectionId,
      burstId: 9,
    });

    expect(result).toMatchObject({ connection: 2, outcome: 'answered', reply: '200 up' });
    const [timeline] = connectionTimelines(history);
    expect(timeline!.open).toMatchObject({ connection: 2, burst: 9, protocol: 'http' });
    const { clientPort, ...close } = result;
    expect(timeline!.connected!.clientPort).toBe(clientPort);
    expect(timeline!.close).toEqual(close);
  });

  test('refused on a closed port, with no client port', async () => {
    const result = await connectOnce(await closedPort());

    expect(result).toMatchObject({ outcome: 'refused', errorCode: 'ECONNREFUSED' });
    expect(result.clientPort).toBeUndefined();
  });

  test('an aborted signal gives the connection up as clientAborted', async () => {
    const server = await startTcpServer(() => undefined);
    const controller = new AbortController();
    void server.accepted(1).then(() => controller.abort());

    const result = await connectOnce(server.port, { signal: controller.signal });

    expect(result).toMatchObject({ outcome: 'timeout', clientAborted: true });
  });
});
