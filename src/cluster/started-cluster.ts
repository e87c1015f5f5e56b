// The public handle of a started cluster: what a test reads and does; every call is delegated to its session.

import type { Fault } from '../faults/fault.js';
import { disarmFault, endsProcess, injectFault, type InjectedFault } from '../faults/inject-fault.js';
import type { Clock } from '../history/clock.js';
import type { FaultDisarmedEvent, FaultKind, FaultLandedEvent } from '../history/events.js';
import type { History } from '../history/history.js';
import type { BurstResult } from '../load/burst.js';
import type {
  BurstCall,
  ClusterProcess,
  StopOptions,
  StopResult,
  WaitForWorkersOptions,
  WaitOptions,
} from './cluster-handle-types.js';
import type { ClusterSession } from './cluster-session.js';
import type { ResolvedStartOptions } from './options.js';
import type { OutputBuffer } from './output-buffer.js';
import { reloadCluster, type ReloadHow, type ReloadOptions, type ReloadResult } from './reload-cluster.js';

let handleOver: (session: ClusterSession) => StartedCluster;

/** The handle over a launched session; for `startCluster` only (the handle has no public constructor). */
export function startedClusterOver(session: ClusterSession): StartedCluster {
  return handleOver(session);
}

/** A started cluster: its port, processes, history and output; `stop()` or `await using` ends it. */
export class StartedCluster implements AsyncDisposable {
  readonly port: number;
  readonly workerCount: number;
  readonly history: History;
  readonly clock: Clock;
  readonly output: OutputBuffer;
  readonly options: ResolvedStartOptions;
  readonly #session: ClusterSession;

  static {
    handleOver = (session) => new StartedCluster(session);
  }

  private constructor(session: ClusterSession) {
    this.#session = session;
    ({ port: this.port, workerCount: this.workerCount, history: this.history, clock: this.clock } = session);
    ({ output: this.output, options: this.options } = session);
  }

  /** The master's pid. */
  get masterPid(): number {
    return this.#session.masterPid;
  }

  /** The process group of the cluster (the spawned process leads it). */
  get processGroup(): number | undefined {
    return this.#session.tracker.rootPid;
  }

  /** The ready, live workers' pids, oldest first. */
  get workers(): number[] {
    return this.#session.workers;
  }

  /**
   * The ready workers a fault budget can count on, oldest first: ready and live, not hit by a fault that ends processes
   * (dying, though its exit may not be seen yet), and not in a hang (until its probe says the hang is over).
   */
  availableWorkers(): number[] {
    return this.#session.availableWorkers();
  }

  /**
   * The fresh directories of this instance, by env variable: each an empty directory made for this cluster at launch,
   * in the app's env and a reload command's, removed at stop (see the `freshDirectories` option; `PM2_HOME` for PM2).
   */
  get freshDirectories(): Readonly<Record<string, string>> {
    return this.#session.freshDirectories;
  }

  /** Every process of the cluster the harness has seen, alive or not. */
  get processes(): ClusterProcess[] {
    return this.#session.processes;
  }

  /** True while the harness knows the process as part of the cluster and has not seen it end. */
  isAlive(pid: number): boolean {
    return this.#session.isAlive(pid);
  }

  /** True from launch until the master is seen to end. */
  get masterAlive(): boolean {
    return this.#session.masterAlive;
  }

  get stopped(): boolean {
    return this.#session.stopped;
  }

  /**
   * Resolves with the ready workers' pids once at least `count` workers are ready and alive (the `exclude`d
   * pids not counting). Event-driven: it resolves as the probe reports the worker ready.
   *
   * @example
   * const [victim] = cluster.workers;
   * await cluster.crash({ kind: 'SIGKILL', target: { pid: victim! } });
   * await cluster.waitForWorkers(2, { exclude: [victim!], timeoutMs: 5000 });
   *
   * @throws WaitTimeoutError past the bound; MasterExitedError at once when the master is gone (no worker can come).
   */
  waitForWorkers(count: number, options: WaitForWorkersOptions = {}): Promise<number[]> {
    return this.#session.waitForWorkers(count, options);
  }

  /**
   * Resolves once the harness has read everything the cluster's processes reported up to now: each live probe
   * answers a ping (its reports come in order), a dead one has closed its socket, and a spawned process whose probe
   * is gone has had its exit seen. Call it before reading the history at the end of a run.
   *
   * @example
   * await cluster.burst({ count: 20 });
   * await cluster.flush();
   * expect(cluster).toAnswerEveryConnection();
   */
  flush(options: WaitOptions = {}): Promise<void> {
    return this.#session.flush(options);
  }

  /**
   * Resolves once the process has ended (event-driven through its probe, or through /proc).
   *
   * @example
   * const { pid } = cluster.inject({ kind: 'exit', code: 3, target: 'oldest' });
   * await cluster.waitForExit(pid, { timeoutMs: 5000 });
   */
  async waitForExit(pid: number, options: WaitOptions = {}): Promise<void> {
    await this.#session.waitForExit(pid, options);
  }

  /**
   * Injects a fault and resolves as soon as it is requested; `landed` resolves when it lands. For an in-flight
   * fault (`inFlight: true`) it lands when the target receives its next connection.
   *
   * @example
   * const injected = cluster.inject({ kind: 'uncaught-exception', target: 'random', inFlight: true });
   * await cluster.burst({ count: 4 });
   * const landing = await injected.landed;
   */
  inject(fault: Fault): InjectedFault {
    return injectFault(this.#session, fault, this.#session.random);
  }

  /**
   * Withdraws an armed in-flight fault that has not landed (its target received no connection), and records
   * `fault-disarmed` with the reason: the fault will never land, and it is no fault of the run. Resolves true once the
   * target's probe has dropped it (or the target is gone without it landing), false when it had landed already (its
   * landing is in the history). The injection's `landed` then rejects.
   *
   * @example
   * const injected = cluster.inject({ kind: 'SIGKILL', target: 'newest', inFlight: true });
   * const withdrawn = await cluster.disarm(injected, 'the worker received no connection');
   *
   * @throws ClusterOptionsError for a fault that is not in flight; WaitTimeoutError when the probe does not answer
   *   within `readyTimeoutMs` (a process in a long hang).
   */
  disarm(injected: InjectedFault, reason: string): Promise<boolean> {
    return disarmFault(this.#session, injected, reason);
  }

  /**
   * Injects a fault and waits until it has landed and, for a kind that ends a process, until the process is gone.
   * A SIGTERM the app handles by not exiting, or a hang, resolves on landing.
   *
   * @example
   * const landed = await cluster.crash({ kind: 'SIGKILL', target: 'random' });
   * await cluster.waitForWorkers(cluster.workerCount, { exclude: [landed.pid] });
   */
  async crash(fault: Fault, options: WaitOptions = {}): Promise<FaultLandedEvent> {
    const injected = this.inject(fault);
    const landed = await injected.landed;
    if (endsProcess(fault) && fault.kind !== 'SIGTERM') await this.waitForExit(injected.pid, options);
    return landed;
  }

  /**
   * Crash at boot: for the next `windowMs` ms, every worker that starts is made to die as it starts (`exit(1)` by
   * default), as a broken deploy or a missing resource would: the way to provoke a restart storm.
   *
   * @example
   * cluster.crashWorkersAtBoot(2000, { kind: 'exit', code: 1 });
   * await cluster.crash({ kind: 'SIGKILL', target: 'oldest' });
   */
  crashWorkersAtBoot(
    windowMs: number,
    fault: { kind?: Extract<FaultKind, 'exit' | 'SIGKILL' | 'uncaught-exception'>; code?: number } = {},
  ): void {
    this.#session.crashWorkersAtBoot(windowMs, fault.kind ?? 'exit', fault.code);
  }

  /**
   * Drives a burst of connections at the cluster's port, recorded in its history (see `burst` for the outcomes).
   * The protocol defaults to the cluster's; each burst gets the next burst number.
   *
   * @example
   * const result = await cluster.burst({ count: 50, concurrency: 10, timeoutMs: 2000 });
   * expect(result.outcomes.answered).toBe(50);
   */
  burst(options: BurstCall): Promise<BurstResult> {
    return this.#session.burst(options);
  }

  /** How many bursts `cluster.burst()` has started (the last burst's number). */
  get burstCount(): number {
    return this.#session.burstCount;
  }

  /** The seed of this cluster's random source (random fault targets): pass it as `seed` to replay. */
  get seed(): number {
    return this.options.seed;
  }

  /** The landing of a fault, once it has landed. */
  landedFault(fault: number): FaultLandedEvent | undefined {
    return this.#session.landedFault(fault);
  }

  /** True once a fault that ends processes (SIGKILL, exit, ...) has landed on this pid. */
  wasHitByEndingFault(pid: number): boolean {
    return this.#session.wasHitByEndingFault(pid);
  }

  /** The `fault-disarmed` event of a fault, once it was disarmed. */
  disarmedFault(fault: number): FaultDisarmedEvent | undefined {
    return this.#session.disarmedFault(fault);
  }

  /**
   * Waits until `check` returns a value, re-checking on every event of the cluster (and on a /proc poll for what
   * no probe reports); rejects with a WaitTimeoutError that says what was awaited and what was seen.
   */
  waitUntil<T>(check: () => T | undefined, awaited: string, timeoutMs: number): Promise<T> {
    return this.#session.waitUntil(check, awaited, timeoutMs);
  }

  /**
   * Reloads the cluster (a signal to the master, or a command such as `pm2 reload app`) and resolves once the reload is
   * complete: every worker alive at its start gone, the baseline workers ready, a command exited 0. Recorded as
   * `reload start` and `reload end`, or `reload failed` with its reason before it throws; nothing excuses a connection
   * lost in between. Bounded by `timeoutMs` (15000).
   *
   * @example
   * const bursts = cluster.burst({ count: 200, concurrency: 4 });
   * const { replaced } = await cluster.reload({ signal: 'SIGHUP' }, { timeoutMs: 10_000 });
   * await bursts;
   *
   * @throws ReloadError (command not found or failed, master gone, cluster stopped), WaitTimeoutError.
   */
  reload(how: ReloadHow, options: ReloadOptions = {}): Promise<ReloadResult> {
    return reloadCluster(this.#session, how, options, this.#session.stopController.signal);
  }

  /**
   * Stops the cluster: SIGTERM to the master, then up to `stopGraceMs` ms (or `options.graceMs`) for every process of
   * the cluster to end. Whatever is still alive then is recorded as an orphan (pid and command line) and killed, with
   * the whole group. Safe to call twice: the second call returns the first's result.
   *
   * @example
   * const { orphans, masterExit } = await cluster.stop({ graceMs: 3000 });
   * expect(orphans).toEqual([]);
   */
  stop(options: StopOptions = {}): Promise<StopResult> {
    return this.#session.stop(options.graceMs);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
