// Fresh directories on real clusters: each instance of a launch gets its own directory in each named env variable, the
// app and a reload command see it, and it is removed at stop (or by the watchdog when the runner dies).

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import pWaitFor from 'p-wait-for';
import { expect, test } from 'vitest';
import { isRunning, readEnvironmentVariable } from '../../src/cluster/proc.js';
import { ClusterStartError, startCluster } from '../../src/index.js';

test("two instances started at once each get their own directory, over the user's value; the app, its workers and a reload command see it; stop() removes it", async () => {
  const options = {
    topology: 'reload/rolling',
    workers: 2,
    freshDirectories: ['MY_STATE_DIR'],
    env: { MY_STATE_DIR: '/the/user/state' },
  } as const;
  const [first, second] = await Promise.all([startCluster(options), startCluster(options)]);
  const directories = [first.freshDirectories.MY_STATE_DIR!, second.freshDirectories.MY_STATE_DIR!];
  try {
    expect(new Set(directories).size).toBe(2);
    for (const [index, cluster] of [first, second].entries()) {
      const directory = directories[index]!;
      expect(directory.startsWith(`${tmpdir()}/cluster-chaos-my-state-dir-`)).toBe(true);
      expect(readdirSync(directory)).toEqual([]);
      for (const pid of [cluster.masterPid, ...cluster.workers])
        expect(readEnvironmentVariable(pid, 'MY_STATE_DIR')).toBe(directory);
    }
    writeFileSync(`${directories[0]}/state`, 'written by the app');
    const reload = await first.reload({
      command: ['sh', '-c', 'echo "state in $MY_STATE_DIR"; kill -USR2 "$CLUSTER_CHAOS_MASTER_PID"'],
      env: { MY_STATE_DIR: '/not/this' },
    });
    expect(reload.commandOutput).toContain(`state in ${directories[0]}`);
  } finally {
    await Promise.all([first.stop(), second.stop()]);
  }
  expect(directories.filter((directory) => existsSync(directory))).toEqual([]);
});

test('the directory of a launch that fails at boot is removed too', async () => {
  const error = await startCluster({
    command: ['sh', '-c', 'echo "state in $MY_STATE_DIR"; exit 3'],
    freshDirectories: ['MY_STATE_DIR'],
  }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ClusterStartError);
  expect((error as ClusterStartError).reason).toBe('crashed-at-boot');
  const directory = /state in (\S+)/.exec((error as ClusterStartError).outputTail)?.[1];
  expect(directory?.startsWith(`${tmpdir()}/cluster-chaos-my-state-dir-`)).toBe(true);
  expect(existsSync(directory!)).toBe(false);
});

test('a runner killed with SIGKILL: the watchdog kills its cluster, then removes its fresh directory', async () => {
  const runner = spawn(
    process.execPath,
    [new URL('./scenarios/runner-with-fresh-directory.mjs', import.meta.url).pathname],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const lines = createInterface({ input: runner.stdout! });
    const [line] = (await once(lines, 'line')) as [string];
    const { pids, directory } = JSON.parse(line) as { pids: number[]; directory: string };
    expect(existsSync(directory)).toBe(true);
    runner.kill('SIGKILL');
    await once(runner, 'exit');
    // No event tells us another process's work is done: poll, bounded.
    await pWaitFor(() => pids.every((pid) => !isRunning(pid)) && !existsSync(directory), {
      interval: 20,
      timeout: 5000,
    });
  } finally {
    runner.kill('SIGKILL');
  }
});
