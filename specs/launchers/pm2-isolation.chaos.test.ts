// Instances of a PM2 launch never share PM2's state: a user has one PM2_HOME, and a second pm2-runtime on it stops the
// first ("Script already launched", then it stops the first one's apps and exits 0). Each cluster gets a fresh
// PM2_HOME of its own, over the user's, used by its reload command too, and removed at stop.

import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { readEnvironmentVariable } from '../../src/cluster/proc.js';
import { startCluster, type StartedCluster } from '../../src/vitest/index.js';
import { probedProcessesOfThisTest, processesOfPm2Home, userPm2Home } from './leftovers.js';

const pm2Runtime = ['npx', 'pm2-runtime', 'start', 'fixtures/pm2/app.js', '-i', '2'];
const pm2Cli = fileURLToPath(new URL('../../node_modules/pm2/bin/pm2', import.meta.url));

test('two pm2-runtime clusters started at once with the same user PM2_HOME both become ready and survive; a pm2 reload reaches its own; nothing of PM2 is left after stop', {
  timeout: 120_000,
}, async () => {
  // The user's PM2_HOME, as every user has one: PM2 must never use it.
  using userHome = userPm2Home();
  const options = {
    command: pm2Runtime,
    workers: 2,
    env: { PM2_HOME: userHome.path },
    readyTimeoutMs: 30_000,
  } as const;
  let clusters: StartedCluster[] = [];
  try {
    const started = await Promise.allSettled([startCluster(options), startCluster(options)]);
    clusters = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    expect(started.map((result) => (result.status === 'rejected' ? String(result.reason) : 'ready'))).toEqual([
      'ready',
      'ready',
    ]);
    const homes = clusters.map((cluster) => cluster.freshDirectories.PM2_HOME!);
    expect(new Set(homes).size).toBe(2);
    expect(homes).not.toContain(userHome.path);
    for (const [index, cluster] of clusters.entries()) {
      for (const pid of [cluster.masterPid, ...cluster.workers])
        expect(readEnvironmentVariable(pid, 'PM2_HOME')).toBe(homes[index]);
      expect((await cluster.burst({ count: 10, concurrency: 2 })).outcomes.answered).toBe(10);
    }

    // `pm2 reload app` as the reload command: run with the cluster's own PM2_HOME, it reloads that cluster only.
    const [reloaded, other] = clusters as [StartedCluster, StartedCluster];
    const otherWorkers = other.workers;
    const result = await reloaded.reload(
      { command: [process.execPath, pm2Cli, 'reload', 'app'] },
      { timeoutMs: 30_000 },
    );
    expect(result.replaced).toHaveLength(2);
    expect(result.workers.some((pid) => result.replaced.includes(pid))).toBe(false);
    expect(other.workers).toEqual(otherWorkers);

    for (const cluster of clusters) {
      expect(cluster.masterAlive).toBe(true);
      expect((await cluster.burst({ count: 10, concurrency: 2 })).outcomes.answered).toBe(10);
    }
  } finally {
    await Promise.all(clusters.map((cluster) => cluster.stop()));
  }
  for (const cluster of clusters) {
    expect(cluster).toKeepMasterAlive();
    expect(cluster).toLeaveNoOrphans();
    const home = cluster.freshDirectories.PM2_HOME!;
    expect(processesOfPm2Home(home)).toEqual([]);
    expect(existsSync(home)).toBe(false);
  }
  expect(processesOfPm2Home(userHome.path)).toEqual([]);
  expect(readdirSync(userHome.path)).toEqual([]);
  expect(probedProcessesOfThisTest()).toEqual([]);
});
