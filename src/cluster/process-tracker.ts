// The processes of one cluster as their probes (and /proc) report them: roles, readiness, exits, the port's state.

import type { Clock } from '../history/clock.js';
import type { ProcessRole, ProcessStartEvent } from '../history/events.js';
import type { History } from '../history/history.js';
import type { FaultLedger } from './fault-ledger.js';
import { parentFrom, replacesMaster, roleUnder, type ParentOf } from './master-locator.js';
import { readCommandLine } from './proc.js';
import type { ProbeReport } from './probe-server.js';
import { newProcessState, type ProcessState } from './process-state.js';

export interface ProcessTrackerOptions {
  /** The cluster's port: a process listening on it counts, another port does not. */
  port: number;
  /** True for a plain `node entry`: the spawned process is the master. */
  spawnedIsMaster: boolean;
  history: History;
  clock: Clock;
  /** A process's exit ends its hang. */
  faults: FaultLedger;
}

/** The cluster's port: listening (by a probe's report or /proc), reported by a probe, or held by somebody else. */
export interface PortState {
  readonly number: number;
  listening: boolean;
  /** A probe reported a process of this cluster listening on the port. */
  reported: boolean;
  inUse: boolean;
}

/** An exit as a parent or the harness saw it. */
export interface SeenExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The process table of one cluster, fed by `applyProbeReport`; it reads /proc only for parents without a probe. */
export class ProcessTracker {
  readonly #options: ProcessTrackerOptions;
  readonly #processes = new Map<number, ProcessState>();
  readonly #parentOf: ParentOf = parentFrom(this.#processes);
  /** Ready, live workers, oldest first. */
  #readyWorkers: number[] = [];
  #rootPid: number | undefined;
  #masterPid: number | undefined;
  #rootExit: SeenExit | undefined;
  /** The cluster's port, as the probes (and /proc) see it. */
  readonly port: PortState;
  /** Children of the cluster's processes that exited, as their parents saw it (for a start-up failure's diagnosis). */
  readonly childExits: ({ pid: number } & SeenExit)[] = [];
  /** Set once the cluster is ready: from then on the master is settled (no later process relocates it). */
  #settled = false;
  /** Children reported forked (a probe's `forked`) and not yet seen to exit: child pid -> the pid that forked it. */
  readonly #forked = new Map<number, number>();
  /** Called as each process says hello, once its role is known (crash at boot acts there). */
  onHello: ((pid: number, role: ProcessRole) => void) | undefined;

  constructor(options: ProcessTrackerOptions) {
    this.#options = options;
    this.port = { number: options.port, listening: false, reported: false, inUse: false };
  }

  get rootPid(): number | undefined {
    return this.#rootPid;
  }

  get masterPid(): number | undefined {
    return this.#masterPid;
  }

  /** How the spawned process ended, once it did. */
  get rootExit(): SeenExit | undefined {
    return this.#rootExit;
  }

  /** Ready, live workers, oldest first (the tracker's own list: copy it before handing it out). */
  get readyWorkers(): readonly number[] {
    return this.#readyWorkers;
  }

  /**
   * The master's workers still starting: forked by it (its probe's `forked`) or said hello as its workers, and neither
   * ready, nor exiting, nor gone. A child forked a moment ago is here before its own probe says hello.
   */
  get startingWorkers(): number[] {
    const starting = new Set<number>();
    const isStarting = (state: ProcessState): boolean =>
      state.role === 'worker' && state.alive && !state.ready && state.exitReportedAt === undefined;
    for (const [child, parent] of this.#forked) {
      const state = this.#processes.get(child);
      if (parent === this.#masterPid && (state === undefined || isStarting(state))) starting.add(child);
    }
    for (const state of this.#processes.values()) if (isStarting(state)) starting.add(state.pid);
    return [...starting];
  }

  get(pid: number): ProcessState | undefined {
    return this.#processes.get(pid);
  }

  has(pid: number): boolean {
    return this.#processes.has(pid);
  }

  all(): IterableIterator<ProcessState> {
    return this.#processes.values();
  }

  roleOf(pid: number): ProcessRole {
    return this.#processes.get(pid)?.role ?? 'other';
  }

  noteKilledBy(pid: number, signal: NodeJS.Signals): void {
    const state = this.#processes.get(pid);
    if (state) state.killedBy = signal;
  }

  /** The launch's own process: it leads the group, and is the master for a plain entry. */
  spawned(pid: number): void {
    this.#rootPid = pid;
    if (this.#options.spawnedIsMaster) this.#masterPid = pid;
  }

  /** The spawned process's exit event, which carries its code and signal. */
  rootExited(code: number | null, signal: NodeJS.Signals | null): void {
    this.#rootExit = { code, signal };
    if (this.#rootPid !== undefined) this.markExited(this.#rootPid, code, signal);
  }

  /** The cluster is ready: the master is settled. */
  settle(): void {
    this.#settled = true;
  }

  /** A probe said hello: a new process, placed in the tree (it may move the master) and given its role. */
  hello(report: Extract<ProbeReport, { type: 'hello' }>, t: number): void {
    const { pid, ppid } = report;
    if (this.#processes.has(pid)) return;
    const nodeClusterWorker = report.nodeClusterWorker === true;
    const startEvent: ProcessStartEvent = {
      type: 'process-start',
      t,
      pid,
      ppid,
      role: 'other',
      command: report.argv.join(' '),
      seenThrough: 'probe',
      ...(nodeClusterWorker ? { nodeClusterWorker } : {}),
    };
    const state = newProcessState(startEvent, { started: false, startedAt: undefined, nodeClusterWorker });
    this.#processes.set(pid, state);
    const parent = this.#processes.get(ppid);
    if (parent) this.#relocateMaster(parent);
    this.#assignRole(state);
    // A second child makes its parent's children workers for certain (a wrapper has one child).
    this.#reconsiderReadiness();
    this.#options.history.record(startEvent);
    this.onHello?.(state.pid, state.role);
  }

  /** A child of the master that cannot carry the probe, found through /proc: a worker, started as of now. */
  addUnprobed(pid: number, ppid: number): void {
    const { clock, history } = this.#options;
    const t = clock.now();
    const startEvent: ProcessStartEvent = {
      type: 'process-start',
      t,
      pid,
      ppid,
      role: 'worker',
      command: readCommandLine(pid),
      seenThrough: '/proc',
    };
    const state = newProcessState(startEvent, { started: true, startedAt: t, nodeClusterWorker: false });
    this.#processes.set(pid, state);
    history.record(startEvent);
    this.updateReadiness(state);
  }

  /** A process forked a child with an IPC channel (its probe's `forked`): the child is starting until ready or gone. */
  forkedChild(parent: number, child: number): void {
    if (this.#processes.get(child)?.alive === false) return;
    this.#forked.set(child, parent);
  }

  /** A parent saw its child exit (its probe's `child-exit`): the child, which may never have said hello, is gone. */
  childExited(exit: { pid: number } & SeenExit): void {
    this.childExits.push(exit);
    this.#forked.delete(exit.pid);
  }

  /** A process said it is exiting (its probe's exit report): no ready worker now; its exit, as of t, once it is gone. */
  exiting(state: ProcessState, t: number): void {
    state.exitReportedAt = t;
    if (!state.ready) return;
    state.ready = false;
    this.#readyWorkers = this.#readyWorkers.filter((pid) => pid !== state.pid);
  }

  /** A process forks: it is the master, if it is below the current one, and its children may be real workers now. */
  forks(state: ProcessState): void {
    state.forks = true;
    this.#relocateMaster(state);
    this.#reconsiderReadiness();
  }

  /** Once the cluster is ready the master is settled: a worker that forks a helper stays a worker. */
  #relocateMaster(candidate: ProcessState): void {
    if (this.#options.spawnedIsMaster || this.#settled) return;
    if (!replacesMaster(candidate.pid, this.#masterPid, this.#parentOf)) return;
    this.#masterPid = candidate.pid;
    for (const other of this.#processes.values()) this.#assignRole(other);
  }

  #assignRole(state: ProcessState): void {
    const role = roleUnder(state, this.#masterPid, this.#rootPid, this.#parentOf);
    if (role === state.role) return;
    state.role = role;
    // Before the master is known, a process's start event carries a provisional role: it is corrected in place.
    state.startEvent.role = role;
    // A process taken for a worker of a wrapper (the app's primary under `npx tsx`) that turns out to be the master, or
    // a launcher, leaves the ready workers: it is never counted, nor a fault target, as a worker again.
    if (role !== 'worker' && state.ready) {
      state.ready = false;
      this.#readyWorkers = this.#readyWorkers.filter((pid) => pid !== state.pid);
    }
    this.updateReadiness(state);
  }

  /**
   * Readiness counts real workers only: children of a master that forks (its probe reported a child with an IPC
   * channel), node:cluster workers, or children of a master with more than one child. The only child of a process
   * that forks nothing is what a wrapper's child looks like (the app's primary under `npx tsx`, before it forks).
   */
  #isRealWorker(state: ProcessState): boolean {
    if (this.#options.spawnedIsMaster || state.nodeClusterWorker) return true;
    const master = this.#masterPid === undefined ? undefined : this.#processes.get(this.#masterPid);
    if (master === undefined) return false;
    if (master.forks) return true;
    let children = 0;
    for (const other of this.#processes.values()) if (other.ppid === master.pid && ++children >= 2) return true;
    return false;
  }

  /** What makes a worker real may have just come: each worker not yet ready is looked at again. */
  #reconsiderReadiness(): void {
    for (const state of this.#processes.values()) {
      if (state.role === 'worker' && !state.ready) this.updateReadiness(state);
    }
  }

  /**
   * A worker that called listen is ready once it listens on the port; one that never calls listen (a hand-off
   * worker fed sockets by its master) is ready once its main module has run. It is ready as of that moment, though
   * the harness may learn only later that it is a real worker.
   */
  updateReadiness(state: ProcessState): void {
    if (state.role !== 'worker' || state.ready || !state.alive || state.exitReportedAt !== undefined) return;
    const listened = state.listeningOnPort ? state.listeningAt : undefined;
    const readyAt = state.listenCalled ? listened : state.started ? state.startedAt : undefined;
    if (readyAt === undefined || !this.#isRealWorker(state)) return;
    state.ready = true;
    this.#readyWorkers.push(state.pid);
    const via = state.listenCalled ? 'listening' : 'started';
    this.#options.history.record({ type: 'worker-ready', t: readyAt, pid: state.pid, via });
  }

  /** A probe's socket closed: its process is gone. */
  probeGone(pid: number | undefined): void {
    if (pid === undefined) return;
    // The spawned process's exit is recorded from its exit event, which carries its code and signal.
    if (pid === this.#rootPid && this.#rootExit === undefined) return;
    const state = this.#processes.get(pid);
    this.markExited(pid, state?.exitCode ?? null, state?.exitCode == null ? (state?.killedBy ?? null) : null);
  }

  markExited(pid: number, code: number | null, signal: NodeJS.Signals | null): void {
    const state = this.#processes.get(pid);
    if (state && !state.alive) return;
    if (state) {
      state.alive = false;
      state.ready = false;
    }
    this.#forked.delete(pid);
    this.#options.faults.endHang(pid);
    this.#readyWorkers = this.#readyWorkers.filter((worker) => worker !== pid);
    this.#options.history.record({
      type: 'process-exit',
      // A process that said it was exiting died then; the harness may see it only a little later.
      t: state?.exitReportedAt ?? this.#options.clock.now(),
      pid,
      role: state?.role ?? (pid === this.#masterPid ? 'master' : 'other'),
      code,
      signal,
    });
  }
}
