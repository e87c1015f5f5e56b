// Stopping a cluster: SIGTERM to the master, a grace period, then orphans recorded and killed with the whole group.

import { rmSync } from 'node:fs';
import pWaitFor from 'p-wait-for';
import type { Clock } from '../history/clock.js';
import type { History } from '../history/history.js';
import type { StopResult } from './cluster-handle-types.js';
import { findClusterProcesses, readCommandLine } from './proc.js';
import type { ProbeServer } from './probe-server.js';
import { killProcessGroup } from './process-group.js';
import type { ProcessTracker } from './process-tracker.js';
import { unwatchProcessGroup } from './session-watchdog.js';

/** What the reaper needs of a cluster: its processes, its probes, its history and a bounded wait. */
export interface ReapTarget {
  tracker: ProcessTracker;
  probes: ProbeServer | undefined;
  history: History;
  clock: Clock;
  waitUntil: <T>(check: () => T | undefined, awaited: string, timeoutMs: number) => Promise<T>;
  /** Fresh directories of the instance, removed once every process is gone. */
  freshDirectories: readonly string[];
}

/**
 * Ends every process of the cluster: whatever is still alive after `graceMs` is an orphan (recorded with its command
 * line) and killed, then the whole group is; records `stop-requested`, `orphan`s and `stopped`.
 */
export async function reapCluster(target: ReapTarget, graceMs: number): Promise<StopResult> {
  const { tracker, probes, history, clock } = target;
  const rootPid = tracker.rootPid;
  const orphans: StopResult['orphans'] = [];
  if (rootPid === undefined || !probes) {
    await probes?.close();
    removeDirectories(target.freshDirectories);
    return { orphans, masterExit: undefined };
  }
  const startedAt = clock.now();
  history.record({ type: 'stop-requested', t: startedAt, graceMs });
  // SIGTERM goes to the master, where the contract says: under a launcher (npx, a shell, pm2-runtime's wrappers)
  // the spawned process may die of it without passing it on (npm exec does, and its `sh -c` child leaves the master
  // running). The launchers above the master end as it ends. Before the master is known, the spawned process gets it.
  const master = tracker.masterPid === undefined ? undefined : tracker.get(tracker.masterPid);
  const signalled = master?.alive ? master.pid : tracker.rootExit === undefined ? rootPid : undefined;
  if (signalled !== undefined) {
    try {
      process.kill(signalled, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }

  // Every process we know of ends by itself within the grace period, or is an orphan.
  const allEnded = () => tracker.rootExit !== undefined && [...tracker.all()].every((state) => !state.alive);
  await target
    .waitUntil(() => (allEnded() ? true : undefined), 'every process of the cluster to exit', graceMs)
    .catch(() => undefined);
  // Processes that carry no probe, or left the group, are found through /proc.
  const remaining = Math.max(1, Math.ceil(graceMs - (clock.now() - startedAt)));
  let survivors = findClusterProcesses(probes.socketPath, rootPid);
  if (survivors.length > 0) {
    await pWaitFor(
      () => {
        survivors = findClusterProcesses(probes.socketPath, rootPid);
        return survivors.length === 0;
      },
      {
        interval: 50,
        timeout: remaining,
      },
    ).catch(() => undefined);
  }
  for (const pid of survivors) {
    const command = readCommandLine(pid);
    orphans.push({ pid, command });
    history.record({ type: 'orphan', t: clock.now(), pid, command });
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Ended meanwhile.
    }
  }
  killProcessGroup(rootPid);
  const allGone = () => findClusterProcesses(probes.socketPath, rootPid).length === 0 && tracker.rootExit !== undefined;
  await pWaitFor(allGone, {
    interval: 20,
    timeout: { milliseconds: 5000, fallback: () => undefined },
  });
  for (const state of tracker.all()) if (state.alive) tracker.markExited(state.pid, null, state.killedBy ?? 'SIGKILL');
  unwatchProcessGroup(rootPid);
  await probes.close();
  removeDirectories(target.freshDirectories);
  history.record({ type: 'stopped', t: clock.now() });
  return { orphans, masterExit: tracker.rootExit };
}

/** Every process is gone by now: nothing writes to them any more. */
function removeDirectories(directories: readonly string[]): void {
  for (const directory of directories) {
    try {
      rmSync(directory, { recursive: true, force: true });
    } catch {
      // Left in the temp folder; nothing of the cluster uses it any more.
    }
  }
}
