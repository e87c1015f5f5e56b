// What a runner needs to withdraw faults and keep a fault budget without speaking the probe's protocol:
// `cluster.disarm(injected, reason)` and `cluster.availableWorkers()`, on real clusters.

import { once } from 'node:events';
import { connect as netConnect } from 'node:net';
import { describe, expect, test } from 'vitest';
import { isRunning } from '../../src/cluster/proc.js';
import { ClusterOptionsError, FaultInjectionError, startCluster } from '../../src/index.js';

/** One connection, read to its end: the server's answer. */
async function exchange(port: number): Promise<string> {
  const socket = netConnect(port, '127.0.0.1');
  let reply = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (reply += chunk));
  socket.on('error', () => {});
  socket.setTimeout(3000, () => socket.destroy());
  await once(socket, 'close');
  return reply;
}

describe('cluster.disarm', () => {
  test('withdraws an armed in-flight fault that has not landed: fault-disarmed with the reason, landed rejects, the worker answers', async () => {
    await using cluster = await startCluster({ topology: 'tutorial/round-robin', workers: 1 });
    const [worker] = cluster.workers as [number];
    const injected = cluster.inject({ kind: 'SIGKILL', target: 'oldest', inFlight: true });
    expect(injected.inFlight).toBe(true);
    const landed = injected.landed.then(
      () => 'landed',
      (error: unknown) => error,
    );

    expect(await cluster.disarm(injected, 'the worker received no connection')).toBe(true);

    expect(cluster.history.ofType('fault-disarmed')).toEqual([
      {
        type: 'fault-disarmed',
        t: expect.any(Number),
        fault: injected.fault,
        pid: worker,
        reason: 'the worker received no connection',
      },
    ]);
    expect(cluster.disarmedFault(injected.fault)?.reason).toBe('the worker received no connection');
    const error = await landed;
    expect(error).toBeInstanceOf(FaultInjectionError);
    expect((error as Error).message).toBe(
      `Fault #${injected.fault} (SIGKILL on worker ${worker}) was disarmed before it landed: the worker received no connection`,
    );
    // The probe dropped it: the next connection reaches the app, and the worker lives on.
    expect(await exchange(cluster.port)).toBe(`handle by worker: ${worker}`);
    await cluster.flush();
    expect(cluster.history.ofType('fault-landed')).toEqual([]);
    expect(isRunning(worker)).toBe(true);
    // Twice is once.
    expect(await cluster.disarm(injected, 'again')).toBe(true);
    expect(cluster.history.ofType('fault-disarmed')).toHaveLength(1);
  });

  test('an armed fault whose target exits first never lands: landed rejects as the exit is seen, not at its bound', async () => {
    // A bound far beyond the test's own timeout: a landing awaited until readyTimeoutMs would time the test out.
    await using cluster = await startCluster({ topology: 'tutorial/round-robin', workers: 2, readyTimeoutMs: 60_000 });
    const injected = cluster.inject({ kind: 'exit', code: 9, target: 'oldest', inFlight: true });
    const landed = injected.landed.then(
      () => 'landed',
      (error: unknown) => error,
    );
    await cluster.crash({ kind: 'SIGKILL', target: { pid: injected.pid } });
    const error = await landed;
    expect(error).toBeInstanceOf(FaultInjectionError);
    expect((error as Error).message).toBe(
      `Fault #${injected.fault} (exit on worker ${injected.pid}) never landed: the process exited before it could`,
    );
  }, 15_000);

  test('a fault that has landed is not disarmed: false, and no fault-disarmed', async () => {
    await using cluster = await startCluster({ topology: 'tutorial/round-robin', workers: 1 });
    const [worker] = cluster.workers as [number];
    const injected = cluster.inject({ kind: 'hang', target: 'oldest', inFlight: true, durationMs: 50 });
    expect(await exchange(cluster.port)).toBe(`handle by worker: ${worker}`);
    await injected.landed;
    expect(await cluster.disarm(injected, 'too late')).toBe(false);
    expect(cluster.history.ofType('fault-disarmed')).toEqual([]);
  });

  test('a fault whose target is gone without it landing is disarmed (it can never land)', async () => {
    await using cluster = await startCluster({ topology: 'node-cluster/round-robin', workers: 2 });
    const [victim] = cluster.workers as [number];
    const injected = cluster.inject({ kind: 'exit', target: { pid: victim }, inFlight: true });
    await cluster.crash({ kind: 'SIGKILL', target: { pid: victim } });
    expect(await cluster.disarm(injected, 'its target was killed by another fault')).toBe(true);
    expect(cluster.history.ofType('fault-disarmed').map((event) => [event.fault, event.pid])).toEqual([
      [injected.fault, victim],
    ]);
  });

  test('only an in-flight fault can be disarmed, and a reason is required', async () => {
    await using cluster = await startCluster({ topology: 'tutorial/round-robin', workers: 1 });
    const now = cluster.inject({ kind: 'hang', target: 'oldest', durationMs: 50 });
    await expect(cluster.disarm(now, 'no')).rejects.toThrow(ClusterOptionsError);
    await expect(cluster.disarm(now, 'no')).rejects.toThrow(`disarm: fault #${now.fault} is not in flight`);
    const armed = cluster.inject({ kind: 'SIGKILL', target: 'oldest', inFlight: true });
    await expect(cluster.disarm(armed, ' ')).rejects.toThrow('disarm: give the reason the fault is withdrawn');
    expect(await cluster.disarm(armed, 'cleanup')).toBe(true);
  });
});

describe('cluster.availableWorkers', () => {
  test('ready workers, less one in a hang (until it is over) and one hit by an ending fault (before its exit is seen)', async () => {
    await using cluster = await startCluster({ topology: 'node-cluster/round-robin', workers: 3 });
    const [hung, killed, untouched] = cluster.workers as [number, number, number];
    expect(cluster.availableWorkers()).toEqual(cluster.workers);

    const hang = cluster.inject({ kind: 'hang', target: { pid: hung }, durationMs: 1500 });
    await hang.landed;
    expect(cluster.availableWorkers()).toEqual([killed, untouched]);
    // Still ready (it is alive and will answer later), but no worker to count on now.
    expect(cluster.workers).toContain(hung);

    // The landing is recorded as the signal is sent: from then on the worker is no longer available.
    const kill = cluster.inject({ kind: 'SIGKILL', target: { pid: killed } });
    await kill.landed;
    expect(cluster.availableWorkers()).toEqual([untouched]);

    // The hang ends: the probe says so, and the worker counts again.
    await cluster.waitUntil(
      () => (cluster.availableWorkers().includes(hung) ? true : undefined),
      `worker ${hung}'s hang to end`,
      5000,
    );
    await cluster.waitForExit(killed);
    const workers = await cluster.waitForWorkers(3, { exclude: [killed] });
    expect([...cluster.availableWorkers()].sort()).toEqual([...workers].sort());
    expect(cluster.availableWorkers()).not.toContain(killed);
  });
});
