// startCluster on real clusters: readiness, the worker list against /proc, replacement, stop, and leaks.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import pWaitFor from 'p-wait-for';
import { describe, expect, test } from 'vitest';
import { childrenOf, isRunning } from '../../src/cluster/proc.js';
import { MasterExitedError, startCluster, topologyNames, type TopologyName } from '../../src/index.js';
import { appChildrenOf } from './app-children.js';
import { connect } from './connect.js';

describe.each(topologyNames)('topology %s', (topology: TopologyName) => {
  test.each([1, 2, 4])(
    'becomes ready with %i worker(s), and the handle lists exactly the workers /proc shows',
    async (workers) => {
      await using cluster = await startCluster({ topology, workers });
      expect(cluster.workers).toHaveLength(workers);
      expect([...cluster.workers].sort()).toEqual(appChildrenOf(cluster.masterPid).sort());
      const ready = cluster.history.ofType('cluster-ready');
      expect(ready).toHaveLength(1);
      expect(ready[0]!.workers).toEqual(cluster.workers);
    },
  );
});

const restarting: TopologyName[] = [
  'corrected/round-robin',
  'corrected/restart',
  'corrected/shared-handle',
  'node-cluster/round-robin',
  'node-cluster/sched-none',
  'http',
  'tutorial/restart',
];

describe.each(restarting)('topology %s after SIGKILL of a worker', (topology) => {
  test('waitForWorkers resolves on the replacement', async () => {
    await using cluster = await startCluster({ topology, workers: 2 });
    const [victim, survivor] = cluster.workers as [number, number];
    process.kill(victim, 'SIGKILL');
    const workers = await cluster.waitForWorkers(2, { exclude: [victim] });
    expect(workers).toContain(survivor);
    expect(workers).not.toContain(victim);
    const replacement = workers.find((pid) => pid !== survivor)!;
    expect(childrenOf(cluster.masterPid)).toContain(replacement);
    expect(isRunning(victim)).toBe(false);
    const exits = cluster.history.ofType('process-exit').map((event) => event.pid);
    expect(exits).toContain(victim);
  });
});

describe('waitForWorkers with the master gone', () => {
  test('rejects as soon as the master exits, not at its bound, and says what it saw', async () => {
    await using cluster = await startCluster({ topology: 'buggy/never-restarts', workers: 2 });
    const master = cluster.masterPid;
    const waiting = cluster.waitForWorkers(3, { timeoutMs: 60_000 });
    process.kill(master, 'SIGKILL');
    const error = await waiting.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MasterExitedError);
    const exited = error as MasterExitedError;
    expect(exited.pid).toBe(master);
    expect(exited.awaited).toBe('3 ready workers');
    expect(exited.message).toContain(`The master ${master} exited while waiting for 3 ready workers`);
    // Event-driven: rejected as the master's exit was seen, long before the 60 s bound.
    expect(cluster.masterAlive).toBe(false);
    expect(exited.timelineTail.some((event) => event.type === 'process-exit' && event.pid === master)).toBe(true);
  });
});

describe('stop()', () => {
  test('leaves no process of the cluster, and is safe to call twice', async () => {
    const cluster = await startCluster({ topology: 'node-cluster/round-robin', workers: 2 });
    const pids = cluster.processes.map((process) => process.pid);
    expect(pids.length).toBe(3);
    const first = await cluster.stop();
    const second = await cluster.stop();
    expect(second).toBe(first);
    expect(first.orphans).toEqual([]);
    expect(pids.filter(isRunning)).toEqual([]);
    expect(cluster.history.ofType('stopped')).toHaveLength(1);
  });

  test("reports the tutorial's shared-handle workers, which outlive their master, as orphans and kills them", async () => {
    const cluster = await startCluster({ topology: 'tutorial/shared-handle', workers: 2, stopGraceMs: 1000 });
    const workers = cluster.workers;
    const { orphans } = await cluster.stop();
    expect(orphans.map((orphan) => orphan.pid).sort()).toEqual([...workers].sort());
    expect(orphans[0]!.command).toContain('worker.js');
    expect(workers.filter(isRunning)).toEqual([]);
    expect(cluster.history.ofType('orphan')).toHaveLength(2);
  });

  test('a runner killed with SIGKILL takes its cluster with it (the session watchdog)', async () => {
    const runner = spawn(process.execPath, [new URL('./scenarios/runner-that-dies.mjs', import.meta.url).pathname], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: runner.stdout! });
      const [line] = (await once(lines, 'line')) as [string];
      const { pids } = JSON.parse(line) as { pids: number[] };
      expect(pids.length).toBe(3);
      expect(pids.every(isRunning)).toBe(true);
      runner.kill('SIGKILL');
      await once(runner, 'exit');
      // No event tells us a process that is not ours has died: poll /proc, bounded.
      await pWaitFor(() => pids.every((pid) => !isRunning(pid)), { interval: 20, timeout: 5000 });
    } finally {
      runner.kill('SIGKILL');
    }
  });
});

test('an app that writes 100 KB of logs per second keeps answering (its output is drained)', async () => {
  await using cluster = await startCluster({ entry: 'fixtures/misbehaving/chatty.js', workers: 2 });
  const before = cluster.output.totalBytes;
  // Three seconds of connections, one every 100 ms: an undrained pipe would fill in well under a second.
  const deadline = Date.now() + 3000;
  let answered = 0;
  while (Date.now() < deadline) {
    const reply = await connect(cluster.port);
    expect(reply).toMatch(/^handle by worker: \d+$/);
    answered++;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(answered).toBeGreaterThan(20);
  expect(cluster.output.totalBytes - before).toBeGreaterThan(250_000);
  expect(cluster.output.text().length).toBeLessThanOrEqual(cluster.output.limitBytes);
});
