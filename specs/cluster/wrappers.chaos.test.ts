// The master is the master under any wrapper: `npx tsx`, `sh -c`, `node --import tsx`, a node process that runs the app
// as its child. The process located as master is the one that forks the workers; a wrapper is never a worker, and a
// fault aimed at a worker never hits the master.

import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { isRunning, readCommandLine } from '../../src/cluster/proc.js';
import { startCluster, type StartedCluster } from '../../src/vitest/index.js';
import { appChildrenOf } from './app-children.js';

const scenario = (name: string): string => fileURLToPath(new URL(`./scenarios/${name}`, import.meta.url));

/** The master is the process that forks the workers, and the workers are exactly the processes it forked. */
function expectMasterForksTheWorkers(
  cluster: StartedCluster,
  workers: number,
  masterCommand: RegExp,
  workerCommand: RegExp,
): void {
  const master = cluster.processes.find((process) => process.pid === cluster.masterPid)!;
  expect(master.role).toBe('master');
  expect(master.command).toMatch(masterCommand);
  expect(cluster.workers).toHaveLength(workers);
  expect(cluster.workers).not.toContain(cluster.masterPid);
  expect([...cluster.workers].sort()).toEqual(appChildrenOf(cluster.masterPid).sort());
  for (const pid of cluster.workers) expect(readCommandLine(pid)).toMatch(workerCommand);
  const roles = new Map(cluster.processes.map((process) => [process.pid, process.role]));
  expect(
    cluster.processes
      .filter((process) => process.role === 'worker')
      .map((process) => process.pid)
      .sort(),
  ).toEqual([...cluster.workers].sort());
  // Everything above the master is a launcher.
  for (const process of cluster.processes) {
    if (process.pid !== cluster.masterPid && !cluster.workers.includes(process.pid))
      expect(roles.get(process.pid)).toBe('launcher');
  }
  const ready = cluster.history.ofType('cluster-ready')[0]!;
  expect(ready.masterPid).toBe(cluster.masterPid);
  expect(ready.workers).toEqual(cluster.workers);
}

/** A SIGKILL on the oldest worker kills a worker, the master survives and replaces it. */
async function expectOldestWorkerKilledNotTheMaster(cluster: StartedCluster): Promise<void> {
  const master = cluster.masterPid;
  const [oldest] = cluster.workers as [number];
  const landed = await cluster.crash({ kind: 'SIGKILL', target: 'oldest' });
  expect(landed).toMatchObject({ pid: oldest, role: 'worker' });
  expect(isRunning(oldest)).toBe(false);
  const workers = await cluster.waitForWorkers(cluster.workerCount, { exclude: [oldest] });
  expect(workers).not.toContain(oldest);
  expect(workers).not.toContain(master);
  expect(cluster.masterAlive).toBe(true);
  expect(isRunning(master)).toBe(true);
  expect((await cluster.burst({ count: 8, concurrency: 2 })).outcomes.answered).toBe(8);
  expect(cluster).toKeepMasterAlive();
}

// fixtures/typescript/server.ts: a node:cluster TypeScript app (SCHED_NONE), forking its workers from worker.ts.
const typescriptCommands: [string, string[]][] = [
  ['npx tsx', ['npx', 'tsx', 'fixtures/typescript/server.ts']],
  ['sh -c "npx tsx …"', ['sh', '-c', 'npx tsx fixtures/typescript/server.ts']],
  ['node --import tsx', ['node', '--import', 'tsx', 'fixtures/typescript/server.ts']],
];

describe.each(typescriptCommands)('%s fixtures/typescript/server.ts', (_name, command) => {
  test('the master is the process that forks the workers; its workers are exactly the two forked ones, node:cluster workers', async () => {
    await using cluster = await startCluster({ command, workers: 2, readyTimeoutMs: 20_000 });
    expectMasterForksTheWorkers(cluster, 2, /fixtures\/typescript\/server\.ts$/, /fixtures\/typescript\/worker\.ts$/);
    const flagged = cluster.history.ofType('process-start').filter((event) => event.nodeClusterWorker === true);
    expect(flagged.map((event) => event.pid).sort()).toEqual([...cluster.workers].sort());
  });

  test('a SIGKILL on the oldest worker kills a worker; the master survives and replaces it', async () => {
    await using cluster = await startCluster({ command, workers: 2, readyTimeoutMs: 20_000 });
    await expectOldestWorkerKilledNotTheMaster(cluster);
  });
});

describe('a master that listens on the port before it forks, as the only child of a node wrapper', () => {
  // Until it forks it looks like a worker of the wrapper that is ready (it listens on the port): it must not be
  // counted, even when one worker is all the cluster waits for.
  test.each([1, 2])('with %i worker(s): the master is the app, its workers the forked ones', async (workers) => {
    await using cluster = await startCluster({
      command: ['node', scenario('wrapper.cjs'), scenario('listens-then-forks.cjs')],
      workers,
    });
    expectMasterForksTheWorkers(cluster, workers, /listens-then-forks\.cjs$/, /listens-then-forks\.cjs worker$/);
    expect(cluster.history.ofType('worker-ready').map((event) => event.pid)).not.toContain(cluster.masterPid);
    expect((await cluster.burst({ count: 4, concurrency: 2 })).outcomes.answered).toBe(4);
  });
});
