// Finding the master under a launcher (npx, sh -c, tsx, pm2-runtime...): the deepest probed process that forks.

import type { ProcessRole } from '../history/events.js';
import { readStat } from './proc.js';
import type { ProcessState } from './process-state.js';

/** A process's parent: from its probe if it has one, else from /proc (launchers run `sh -c`, which carries none). */
export type ParentOf = (pid: number) => number | undefined;

export function parentFrom(processes: ReadonlyMap<number, ProcessState>): ParentOf {
  return (pid) => processes.get(pid)?.ppid ?? readStat(pid)?.ppid;
}

/** True when `ancestor` is above `pid` in the process tree. */
export function isDescendant(pid: number, ancestor: number, parentOf: ParentOf): boolean {
  // Launchers put processes that carry no probe between a probed wrapper and the master (npx runs `sh -c`):
  // their parents are read from /proc. The bound only guards against a pid reused into a loop.
  let parent = parentOf(pid);
  for (let depth = 0; parent !== undefined && parent > 1 && depth < 64; depth++) {
    if (parent === ancestor) return true;
    parent = parentOf(parent);
  }
  return false;
}

/**
 * For a command (a launcher such as npx, tsx or pm2-runtime), the master is the deepest probed process that forks
 * (its probe reported a child with an IPC channel) or has probed children: wrappers above it have one child each and
 * are launchers. `candidate` is such a process; it becomes the master if it is below the current one (or there is
 * none yet).
 */
export function replacesMaster(candidate: number, current: number | undefined, parentOf: ParentOf): boolean {
  if (current === candidate) return false;
  return current === undefined || isDescendant(candidate, current, parentOf);
}

/**
 * A process's role once the master is known: the master, its children the workers, the processes above it launchers.
 * Before the master is known the spawned process is a launcher (provisionally) and the others are `other`.
 */
export function roleUnder(
  process: { pid: number; ppid: number },
  master: number | undefined,
  rootPid: number | undefined,
  parentOf: ParentOf,
): ProcessRole {
  if (master === undefined) return process.pid === rootPid ? 'launcher' : 'other';
  if (process.pid === master) return 'master';
  if (process.ppid === master) return 'worker';
  if (isDescendant(master, process.pid, parentOf)) return 'launcher';
  return 'other';
}
