// What the harness knows of one process of the cluster, beyond what the handle shows: its boot, its ports, its exit.

import type { ProcessStartEvent } from '../history/events.js';
import type { ClusterProcess } from './cluster-handle-types.js';

export interface ProcessState extends ClusterProcess {
  listenCalled: boolean;
  listeningOnPort: boolean;
  /** When it reported listening on the cluster's port, on the history's clock. */
  listeningAt: number | undefined;
  started: boolean;
  /** When its main module had run (its probe's `started`), on the history's clock. */
  startedAt: number | undefined;
  /** node:cluster forked it (its probe's hello says so). */
  nodeClusterWorker: boolean;
  /** Its probe reported a child spawned with an IPC channel: it forks workers, or is a launcher that forks. */
  forks: boolean;
  exitCode: number | null;
  /** When the process said it was exiting (its probe's exit report), on the history's clock. */
  exitReportedAt: number | undefined;
  /** The last ping its probe answered. */
  pong: number;
  /** The signal the harness sent it, if it was killed by one. */
  killedBy: NodeJS.Signals | null;
  startEvent: ProcessStartEvent;
}

/** A process as first seen: alive, not ready, nothing reported yet but what its start event says. */
export function newProcessState(
  startEvent: ProcessStartEvent,
  boot: { started: boolean; startedAt: number | undefined; nodeClusterWorker: boolean },
): ProcessState {
  const { pid, ppid, role, command, seenThrough } = startEvent;
  return {
    pid,
    ppid,
    role,
    command,
    seenThrough,
    alive: true,
    ready: false,
    listenCalled: false,
    listeningOnPort: false,
    listeningAt: undefined,
    started: boot.started,
    startedAt: boot.startedAt,
    nodeClusterWorker: boot.nodeClusterWorker,
    forks: false,
    exitCode: null,
    exitReportedAt: undefined,
    pong: 0,
    killedBy: null,
    startEvent,
  };
}

/** The handle's view of a process: what it is, not how the harness found out. */
export function publicView({ pid, ppid, role, command, seenThrough, alive, ready }: ProcessState): ClusterProcess {
  return { pid, ppid, role, command, seenThrough, alive, ready };
}
