// The data types of a started cluster's handle: what stop() finds, what a process is, how long a wait may take.

import type { ProcessRole } from '../history/events.js';
import type { BurstOptions } from '../load/burst-options.js';

/** What `stop()` found. */
export interface StopResult {
  /** Processes of the cluster still alive after the grace period (then killed), by pid and command line. */
  orphans: { pid: number; command: string }[];
  /** How the spawned process ended (for an entry: the master), if it was seen ending. */
  masterExit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
}

export interface StopOptions {
  /**
   * How long the processes have to end after SIGTERM before they are orphans and killed, in ms.
   * Default: the `stopGraceMs` option.
   */
  graceMs?: number;
}

/** A process of the cluster, as the harness knows it. */
export interface ClusterProcess {
  pid: number;
  ppid: number;
  role: ProcessRole;
  command: string;
  seenThrough: 'probe' | '/proc';
  alive: boolean;
  ready: boolean;
}

export interface WaitOptions {
  /** How long to wait, in ms. Default: the cluster's `readyTimeoutMs`. */
  timeoutMs?: number;
}

export interface WaitForWorkersOptions extends WaitOptions {
  /** Pids that do not count (e.g. a worker you just killed, whose exit may not be observed yet). */
  exclude?: readonly number[];
}

/** The options of `cluster.burst()`: a burst's, less what the cluster knows (port, history, clock, ids). */
export type BurstCall = Omit<BurstOptions, 'port' | 'history' | 'clock' | 'nextConnectionId'>;
