// The narrow view of a running cluster that faults and reloads act through: types only, never the handle.

import type { Clock } from '../history/clock.js';
import type { FaultDisarmedEvent, FaultLandedEvent, ProcessRole } from '../history/events.js';
import type { History } from '../history/history.js';
import type { ClusterProcess, WaitOptions } from './cluster-handle-types.js';
import type { ResolvedStartOptions } from './options.js';
import type { OutputBuffer } from './output-buffer.js';
import type { ProbeCommand } from './probe-server.js';

/** What a running cluster lets `injectFault`, `disarmFault` and `reloadCluster` read and do. */
export interface ClusterControl {
  readonly options: ResolvedStartOptions;
  readonly port: number;
  readonly workerCount: number;
  readonly history: History;
  readonly clock: Clock;
  readonly output: OutputBuffer;
  readonly masterPid: number;
  readonly masterAlive: boolean;
  /** The ready, live workers' pids, oldest first. */
  readonly workers: number[];
  /** The master's workers still starting (forked, or said hello, and neither ready nor gone). */
  readonly startingWorkers: number[];
  readonly processes: ClusterProcess[];
  readonly freshDirectories: Readonly<Record<string, string>>;
  /** The probe socket's path: the session watchdog reaps by it. */
  readonly probeSocketPath: string;
  isAlive(pid: number): boolean;
  /** The role of a process, as far as the harness knows. */
  roleOf(pid: number): ProcessRole;
  flush(options?: WaitOptions): Promise<void>;
  /** Waits until `check` returns a value, re-checking on every event of the cluster; bounded by `timeoutMs`. */
  waitUntil<T>(check: () => T | undefined, awaited: string, timeoutMs: number): Promise<T>;
  /** Sends a command to a process's probe; false if it has none connected. */
  sendToProbe(pid: number, command: ProbeCommand): boolean;
  /** True while the process has a probe connected: its reports may still come. */
  hasProbe(pid: number): boolean;
  /** A fresh fault number for this cluster's history. */
  nextFaultId(): number;
  /** Notes that the harness killed this process with a signal (so its exit shows it). */
  noteKilledBy(pid: number, signal: NodeJS.Signals): void;
  landedFault(fault: number): FaultLandedEvent | undefined;
  disarmedFault(fault: number): FaultDisarmedEvent | undefined;
  /** A probe's answer to `disarm` for this fault: whether it was still armed; undefined before the answer. */
  disarmAnswer(fault: number): boolean | undefined;
  wasHitByEndingFault(pid: number): boolean;
}
