// Bad input to startCluster: each gets a typed error with a message a person can act on, in bounded time.

import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { describe, expect, test } from 'vitest';
import { ClusterOptionsError, ClusterStartError, startCluster } from '../../src/index.js';

async function startError(promise: Promise<unknown>): Promise<ClusterStartError> {
  const error = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(ClusterStartError);
  return error as ClusterStartError;
}

describe('startCluster rejects bad input', () => {
  test('a missing entry file', async () => {
    const error = await startError(startCluster({ entry: 'fixtures/no-such-app.js' }));
    expect(error.reason).toBe('entry-not-found');
    expect(error.message).toMatch(/^Entry file not found: .*fixtures\/no-such-app\.js$/);
  });

  test('an app that crashes at boot, with its output tail', async () => {
    const error = await startError(startCluster({ entry: 'fixtures/misbehaving/crash-at-boot.js' }));
    expect(error.reason).toBe('crashed-at-boot');
    expect(error.exitCode).toBe(1);
    expect(error.message.split('\n')[0]).toMatch(/crashed at boot \(exit code 1\)/);
    expect(error.outputTail).toContain('booting the crash-at-boot fixture');
    expect(error.outputTail).toContain('config file missing: /etc/app/settings.json');
    expect(error.message).toContain('config file missing');
  });

  test('an app that exits at once with code 0', async () => {
    const error = await startError(startCluster({ entry: 'fixtures/misbehaving/exits-at-once.js' }));
    expect(error.reason).toBe('exited-at-boot');
    expect(error.message.split('\n')[0]).toMatch(/exited with code 0 before the cluster was ready/);
    expect(error.outputTail).toContain('nothing to do, bye');
  });

  test('an app that never listens: what was awaited and what was seen', async () => {
    const error = await startError(
      startCluster({ entry: 'fixtures/misbehaving/never-listens.js', workers: 2, readyTimeoutMs: 1500 }),
    );
    expect(error.reason).toBe('not-ready');
    expect(error.message).toMatch(/did not become ready within 1500 ms/);
    expect(error.message).toMatch(/awaited: the cluster to become ready \(port \d+ listening and 2 workers ready\)/);
    expect(error.message).toMatch(/seen: port \d+ not listening; 2 of 2 workers ready/);
  });

  describe('a port already taken', () => {
    let blocker: Server;
    test('fails with port-in-use when the port was given', async () => {
      blocker = createServer();
      blocker.listen(0, '127.0.0.1');
      await once(blocker, 'listening');
      const port = (blocker.address() as { port: number }).port;
      try {
        const error = await startError(startCluster({ topology: 'tutorial/round-robin', port }));
        expect(error.reason).toBe('port-in-use');
        expect(error.message.split('\n')[0]).toBe(`Port ${port} is already in use`);
        expect(error.outputTail).toContain('EADDRINUSE');
      } finally {
        blocker.close();
      }
    });
  });

  test.each([0, -1, 1.5, Number.NaN])('workers = %s', async (workers) => {
    await expect(startCluster({ topology: 'http', workers })).rejects.toThrow(ClusterOptionsError);
    await expect(startCluster({ topology: 'http', workers })).rejects.toThrow(
      `workers: must be a positive integer, got ${JSON.stringify(workers)}`,
    );
  });

  test('a command that is not found', async () => {
    const error = await startError(startCluster({ command: ['no-such-launcher-xyz', 'app.js'] }));
    expect(error.reason).toBe('command-not-found');
    expect(error.message).toBe('Command not found: no-such-launcher-xyz');
  });

  test('neither or several of topology, entry, command', async () => {
    await expect(startCluster({})).rejects.toThrow(/give exactly one of topology, entry or command \(none was given\)/);
    await expect(startCluster({ topology: 'http', entry: 'x.js' })).rejects.toThrow(/got topology and entry/);
    // @ts-expect-error an unknown topology name is a type error too
    await expect(startCluster({ topology: 'nope' })).rejects.toThrow(
      /unknown topology "nope"; known: tutorial\/round-robin/,
    );
  });
});
