// Every fault kind lands on a real cluster, is recorded in the history, and has the effect it claims.

import { connect as netConnect } from 'node:net';
import { once } from 'node:events';
import { describe, expect, test } from 'vitest';
import { isRunning } from '../../src/cluster/proc.js';
import { ClusterOptionsError, faultKinds, startCluster, type FaultKind } from '../../src/index.js';

/** Opens a connection and resolves with its client port and what the server sent before closing. */
async function exchange(port: number): Promise<{ clientPort: number; reply: string; error?: string }> {
  const socket = netConnect(port, '127.0.0.1');
  await once(socket, 'connect');
  const clientPort = socket.localPort!;
  let reply = '';
  let error: string | undefined;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (reply += chunk));
  socket.on('error', (cause: NodeJS.ErrnoException) => (error = cause.code));
  socket.setTimeout(3000, () => socket.destroy());
  await once(socket, 'close');
  return { clientPort, reply, ...(error ? { error } : {}) };
}

const ending: FaultKind[] = ['SIGKILL', 'SIGTERM', 'exit', 'uncaught-exception', 'unhandled-rejection'];

describe.each(ending)('%s on a worker of node:cluster', (kind) => {
  test('lands, ends the worker, and the master replaces it', async () => {
    await using cluster = await startCluster({ topology: 'node-cluster/round-robin', workers: 2, seed: 7 });
    const victim = cluster.workers[0]!;
    const landed = await cluster.crash({ kind, target: 'oldest', code: 3 });
    expect(landed).toMatchObject({ type: 'fault-landed', kind, pid: victim, role: 'worker' });
    await cluster.waitForExit(victim);
    expect(isRunning(victim)).toBe(false);
    const exit = cluster.history.ofType('process-exit').find((event) => event.pid === victim)!;
    if (kind === 'exit') expect(exit.code).toBe(3);
    if (kind === 'uncaught-exception' || kind === 'unhandled-rejection') expect(exit.code).toBe(1);
    if (kind === 'SIGKILL') expect(exit.signal).toBe('SIGKILL');
    const workers = await cluster.waitForWorkers(2, { exclude: [victim] });
    expect(workers).not.toContain(victim);
    const requested = cluster.history.ofType('fault-requested');
    expect(requested).toEqual([
      expect.objectContaining({ kind, pid: victim, target: 'oldest worker', inFlight: false }),
    ]);
  });
});

test('hang blocks the worker for the given time: a connection sent to it is answered late', async () => {
  await using cluster = await startCluster({ topology: 'tutorial/round-robin', workers: 1 });
  const [worker] = cluster.workers as [number];
  const injected = cluster.inject({ kind: 'hang', target: 'oldest', durationMs: 600 });
  const landed = await injected.landed;
  const { clientPort, reply } = await exchange(cluster.port);
  expect(reply).toBe(`handle by worker: ${worker}`);
  // On the shared clock: the blocked worker received the connection only once its 600 ms hang was over.
  const received = cluster.history
    .ofType('connection-handled')
    .find((event) => event.clientPort === clientPort && event.pid === worker)!;
  expect(received.t - landed.t).toBeGreaterThanOrEqual(600);
  expect(isRunning(worker)).toBe(true);
});

test('ipc-disconnect cuts the worker from its master (a hand-off worker then exits)', async () => {
  await using cluster = await startCluster({ topology: 'tutorial/round-robin', workers: 2 });
  const victim = cluster.workers[1]!;
  await cluster.crash({ kind: 'ipc-disconnect', target: { pid: victim } });
  await cluster.waitForExit(victim);
  expect(cluster.history.ofType('process-exit').find((event) => event.pid === victim)?.code).toBe(0);
});

test('SIGKILL on the master is recorded with the master role', async () => {
  await using cluster = await startCluster({ topology: 'node-cluster/round-robin', workers: 1 });
  const master = cluster.masterPid;
  await cluster.crash({ kind: 'SIGKILL', target: 'master' });
  expect(cluster.masterAlive).toBe(false);
  expect(cluster.history.ofType('process-exit').find((event) => event.pid === master)).toMatchObject({
    role: 'master',
    signal: 'SIGKILL',
  });
});

describe('in flight', () => {
  test.each(['SIGKILL', 'exit', 'uncaught-exception'] as const)(
    '%s fires as the worker receives a connection, before the app answers it',
    async (kind) => {
      await using cluster = await startCluster({ topology: 'tutorial/round-robin', workers: 1 });
      const [worker] = cluster.workers as [number];
      const injected = cluster.inject({ kind, target: 'oldest', inFlight: true });
      const { clientPort, reply } = await exchange(cluster.port);
      const landed = await injected.landed;
      expect(landed).toMatchObject({ pid: worker, clientPort, kind });
      expect(reply).toBe('');
      await cluster.waitForExit(worker);
      // The master accepted it, handed it to the worker, which died holding it.
      const handled = cluster.history.ofType('connection-handled').filter((event) => event.clientPort === clientPort);
      expect(handled.map((event) => [event.via, event.pid])).toEqual([
        ['accept', cluster.masterPid],
        ['handoff', worker],
      ]);
    },
  );

  test('on a chosen connection (by client port) only', async () => {
    await using cluster = await startCluster({ topology: 'tutorial/round-robin', workers: 1 });
    const [worker] = cluster.workers as [number];
    const injected = cluster.inject({ kind: 'SIGKILL', target: 'oldest', inFlight: { clientPort: 1 } });
    const first = await exchange(cluster.port);
    expect(first.reply).toBe(`handle by worker: ${worker}`);
    expect(isRunning(worker)).toBe(true);
    expect(cluster.history.ofType('fault-landed')).toEqual([]);
    expect(injected.fault).toBe(1);
  });
});

test('crash at boot: workers started within the window die as they start', async () => {
  await using cluster = await startCluster({ topology: 'node-cluster/round-robin', workers: 1 });
  const first = cluster.workers[0]!;
  cluster.crashWorkersAtBoot(60_000, { code: 9 });
  await cluster.crash({ kind: 'SIGKILL', target: 'oldest' });
  // The master's replacements die at boot, one after another: wait for two of them.
  await cluster.waitUntil(
    () =>
      cluster.history.ofType('process-exit').filter((event) => event.pid !== first && event.code === 9).length >= 2
        ? true
        : undefined,
    'two replacement workers to die at boot',
    10_000,
  );
  const landed = cluster.history.ofType('fault-landed').filter((event) => event.fault === 1);
  expect(landed.length).toBeGreaterThanOrEqual(2);
});

test('bad faults are rejected before anything is done', async () => {
  await using cluster = await startCluster({ topology: 'tutorial/round-robin', workers: 1 });
  // @ts-expect-error an unknown kind is a type error too
  expect(() => cluster.inject({ kind: 'SIGSEGV' })).toThrow(ClusterOptionsError);
  expect(() => cluster.inject({ kind: 'exit', code: 300 })).toThrow(/fault.code: must be an integer exit code/);
  expect(() => cluster.inject({ kind: 'hang', durationMs: -1 })).toThrow(/fault.durationMs/);
  expect(cluster.history.ofType('fault-requested')).toEqual([]);
  expect(faultKinds).toHaveLength(7);
});
