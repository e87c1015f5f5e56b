// Helpers of the launcher specs: a PM2_HOME standing for the user's own, and what /proc shows is left of a cluster after
// stop().

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listPids, readCommandLine, readEnvironmentVariable, readStat } from '../../src/cluster/proc.js';

/** A live (non-zombie) process, by pid and command line. */
export interface LeftProcess {
  pid: number;
  command: string;
}

function liveProcesses(matches: (pid: number) => boolean): LeftProcess[] {
  const found: LeftProcess[] = [];
  for (const pid of listPids()) {
    if (pid === process.pid) continue;
    const stat = readStat(pid);
    if (!stat || stat.state === 'Z' || stat.state === 'X') continue;
    if (matches(pid)) found.push({ pid, command: readCommandLine(pid) });
  }
  return found;
}

/**
 * Every live process that carries a probe of a cluster this test process started (its CLUSTER_CHAOS_PROBE names a
 * socket of ours): after stop() there must be none. Other test processes' clusters on the machine are not ours.
 */
export function probedProcessesOfThisTest(): LeftProcess[] {
  const ours = join(tmpdir(), `cluster-chaos-${process.pid}-`);
  return liveProcesses((pid) => readEnvironmentVariable(pid, 'CLUSTER_CHAOS_PROBE')?.startsWith(ours) === true);
}

/** Every live process that runs with this PM2_HOME, or names it on its command line (a daemon: `PM2 vX: God Daemon (home)`). */
export function processesOfPm2Home(home: string): LeftProcess[] {
  return liveProcesses(
    (pid) => readEnvironmentVariable(pid, 'PM2_HOME') === home || readCommandLine(pid).includes(home),
  );
}

/**
 * A PM2_HOME standing for the user's own (every user has one), in the temp folder so that nothing could ever touch
 * ~/.pm2; removed on dispose. A cluster never uses it: each gets a fresh PM2_HOME (`cluster.freshDirectories`).
 */
export function userPm2Home(): { path: string } & Disposable {
  const path = mkdtempSync(join(tmpdir(), 'cluster-chaos-user-pm2-home-'));
  return {
    path,
    [Symbol.dispose]: () => rmSync(path, { recursive: true, force: true }),
  };
}
