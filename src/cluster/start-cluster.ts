// startCluster: launches a real cluster in its own process group, observes it through its probes, and reaps it.

import { spawn, type ChildProcess } from 'node:child_process';
import { once, setMaxListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import getPort from 'get-port';
import pWaitFor from 'p-wait-for';
import { Clock } from '../history/clock.js';
import type { ProcessRole, ProcessStartEvent } from '../history/events.js';
import { History } from '../history/history.js';
import { ClusterStartError, MasterExitedError, WaitTimeoutError, type ErrorContext } from './errors.js';
import { resolveStartOptions, type ResolvedStartOptions, type StartClusterOptions } from './options.js';
import { OutputBuffer } from './output-buffer.js';
import {
  childrenOf,
  findClusterProcesses,
  isPortListening,
  isRunning,
  readCommandLine,
  readEnvironmentVariable,
  readExecutableName,
  readStat,
} from './proc.js';
import { ProbeServer, probePath, type ProbeCommand, type ProbeReport } from './probe-server.js';
import { unwatchProcessGroup, watchProcessGroup } from './session-watchdog.js';
import { reloadCluster, type ReloadHow, type ReloadOptions, type ReloadResult } from './reload-cluster.js';
import { isTypeScriptLoaderHelper } from './typescript-loader.js';
import { endingKinds, type Fault } from '../faults/fault.js';
import { disarmFault, endsProcess, injectFault, type InjectedFault } from '../faults/inject-fault.js';
import { seededRandom } from '../faults/random.js';
import { burst, type BurstResult } from '../load/burst.js';
import type { BurstOptions } from '../load/burst-options.js';
import type { FaultDisarmedEvent, FaultLandedEvent, FaultKind } from '../history/events.js';

/** What `stop()` found. */
export interface StopResult {
  /** Processes of the cluster still alive after the grace period (then killed), by pid and command line. */
  orphans: { pid: number; command: string }[];
  /** How the spawned process ended (for an entry: the master), if it was seen ending. */
  masterExit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
}

export interface StopOptions {
  /** How long the processes have to end after SIGTERM before they are orphans and killed, in ms. Default: the `stopGraceMs` option. */
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

interface ProcessState extends ClusterProcess {
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

/** How often `/proc` is read while waiting, for what no probe reports. */
const procPollMs = 100;

/**
 * Starts a cluster and resolves once it is ready: the port accepts and the expected workers are ready.
 * The returned handle is async-disposable: `await using cluster = await startCluster({ topology: 'http' })`.
 *
 * @throws ClusterOptionsError for options that cannot work, ClusterStartError when the app cannot be started
 *   (missing entry, command not found, crash or exit at boot, port in use, not ready in time).
 */
export async function startCluster(options: StartClusterOptions): Promise<StartedCluster> {
  const resolved = resolveStartOptions(options);
  for (let attempt = 1; ; attempt++) {
    const port = resolved.port ?? (await getPort({ host: '127.0.0.1' }));
    const cluster = new StartedCluster(resolved, port);
    try {
      await cluster.launch();
      return cluster;
    } catch (error) {
      await cluster.stop();
      // Parallel test workers race for free ports: a port taken between get-port and listen gets a fresh one.
      const retry = error instanceof ClusterStartError && error.reason === 'port-in-use' && resolved.port === undefined;
      if (!retry || attempt >= resolved.portAttempts) throw error;
    }
  }
}

/** A started cluster: its port, processes, history and output; `stop()` or `await using` ends it. */
export class StartedCluster implements AsyncDisposable {
  readonly port: number;
  readonly workerCount: number;
  readonly history = new History();
  readonly clock = new Clock();
  readonly output: OutputBuffer;
  readonly options: ResolvedStartOptions;

  #child: ChildProcess | undefined;
  #probes: ProbeServer | undefined;
  #rootPid: number | undefined;
  #masterPid: number | undefined;
  readonly #processes = new Map<number, ProcessState>();
  /** Ready, live workers, oldest first. */
  #readyWorkers: number[] = [];
  #portListening = false;
  /** A probe reported a process of this cluster listening on the port. */
  #portReported = false;
  #portInUse = false;
  /** Children of the cluster's processes that exited, as their parents saw it (for a start-up failure's diagnosis). */
  #childExits: { pid: number; code: number | null; signal: NodeJS.Signals | null }[] = [];
  #spawnError: Error | undefined;
  #rootExit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly #waiters = new Set<() => void>();
  /** Children of the master seen once, in the last /proc read, as unable to carry the probe. */
  #unprobedOnce = new Set<number>();
  #stopping: Promise<StopResult> | undefined;
  #nextFault = 1;
  /** The first landing of each fault, by fault number (kept as events arrive: waits read it on every event). */
  readonly #landedFaults = new Map<number, FaultLandedEvent>();
  /** Processes an ending fault has hit: dying, though their exit may not be seen yet. */
  readonly #hitPids = new Set<number>();
  /** Processes in a hang: a hang landed on them and their probe has not yet said it is over. */
  readonly #hungPids = new Set<number>();
  /** Faults withdrawn before they landed, by fault number. */
  readonly #disarmedFaults = new Map<number, FaultDisarmedEvent>();
  /** Probes' answers to `disarm`, by fault number: whether the fault was still armed. */
  readonly #disarmAnswers = new Map<number, boolean>();
  /** Set once the cluster is ready: from then on the master is settled (no later process relocates it). */
  #launched = false;
  /** The fresh directories of this instance, by env variable (see the `freshDirectories` option). */
  #freshDirectories: Record<string, string> = {};
  #nextConnection = 1;
  #lastPing = 0;
  #nextBurst = 1;
  readonly #random: () => number;
  /** Aborted when `stop()` begins: ends what runs on the cluster's behalf (a reload command). */
  readonly #stopController = new AbortController();

  /** @internal Use `startCluster`. */
  constructor(options: ResolvedStartOptions, port: number) {
    this.options = options;
    this.port = port;
    this.workerCount = options.workers;
    this.output = new OutputBuffer(options.outputLimit);
    this.#random = seededRandom(options.seed);
    this.history.subscribe((event) => {
      if (event.type === 'fault-landed') {
        if (!this.#landedFaults.has(event.fault)) this.#landedFaults.set(event.fault, event);
        if (endingKinds.has(event.kind)) this.#hitPids.add(event.pid);
        if (event.kind === 'hang') this.#hungPids.add(event.pid);
      } else if (event.type === 'fault-disarmed' && !this.#disarmedFaults.has(event.fault)) {
        this.#disarmedFaults.set(event.fault, event);
      }
      this.#notify();
    });
  }

  /** The master's pid. */
  get masterPid(): number {
    const pid = this.#masterPid ?? this.#rootPid;
    if (pid === undefined) throw new Error('the cluster was not launched');
    return pid;
  }

  /** The process group of the cluster (the spawned process leads it). */
  get processGroup(): number | undefined {
    return this.#rootPid;
  }

  /** The ready, live workers' pids, oldest first. */
  get workers(): number[] {
    return this.#readyWorkers.slice();
  }

  /**
   * The ready workers a fault budget can count on, oldest first: ready and live, not hit by a fault that ends processes
   * (dying, though its exit may not be seen yet), and not in a hang (until its probe says the hang is over).
   */
  availableWorkers(): number[] {
    return this.#readyWorkers.filter((pid) => !this.#hitPids.has(pid) && !this.#hungPids.has(pid));
  }

  /**
   * The fresh directories of this instance, by env variable: each an empty directory made for this cluster at launch,
   * in the app's env and a reload command's, removed at stop (see the `freshDirectories` option; `PM2_HOME` for PM2).
   */
  get freshDirectories(): Readonly<Record<string, string>> {
    return { ...this.#freshDirectories };
  }

  /** Every process of the cluster the harness has seen, alive or not. */
  get processes(): ClusterProcess[] {
    return [...this.#processes.values()].map(({ pid, ppid, role, command, seenThrough, alive, ready }) => ({
      pid,
      ppid,
      role,
      command,
      seenThrough,
      alive,
      ready,
    }));
  }

  /** True while the harness knows the process as part of the cluster and has not seen it end. */
  isAlive(pid: number): boolean {
    return this.#processes.get(pid)?.alive === true;
  }

  /** True from launch until the master is seen to end. */
  get masterAlive(): boolean {
    const master = this.#masterPid === undefined ? undefined : this.#processes.get(this.#masterPid);
    if (master) return master.alive;
    return this.#rootExit === undefined;
  }

  get stopped(): boolean {
    return this.#stopping !== undefined;
  }

  /** @internal Spawns the app and waits until it is ready. */
  async launch(): Promise<void> {
    const { argv, env, cwd, workers } = this.options;
    this.#probes = await ProbeServer.listen({
      report: (report) => this.#onReport(report),
      disconnected: (pid) => this.#onProbeGone(pid),
    });
    // The probe first, then the TypeScript loader: every node process of the cluster inherits both.
    const nodeOptions = [
      process.env.NODE_OPTIONS,
      env.NODE_OPTIONS,
      `--require ${JSON.stringify(probePath)}`,
      ...this.options.nodeOptions,
    ]
      .filter(Boolean)
      .join(' ');
    // Machine-global state of the app's (PM2_HOME...) made this instance's own, so that two instances never share it.
    for (const name of this.options.freshDirectories) {
      this.#freshDirectories[name] = mkdtempSync(
        join(tmpdir(), `cluster-chaos-${name.toLowerCase().replaceAll('_', '-')}-`),
      );
    }
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd,
      // Its own process group, so that stop() and the watchdog can end the whole cluster at once.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...env,
        PORT: String(this.port),
        WORKERS: String(workers),
        CLUSTER_CHAOS_PROBE: this.#probes.socketPath,
        NODE_OPTIONS: nodeOptions,
        // Over any value the user has: one PM2_HOME shared by two pm2-runtime is what stops the first.
        ...this.#freshDirectories,
      },
    });
    this.#child = child;
    child.on('error', (error) => {
      this.#spawnError = error;
      this.#notify();
    });
    if (child.pid === undefined) {
      await once(child, 'error').catch(() => undefined);
      const code = (this.#spawnError as NodeJS.ErrnoException | undefined)?.code;
      throw new ClusterStartError(
        code === 'ENOENT' ? 'command-not-found' : 'crashed-at-boot',
        code === 'ENOENT'
          ? `Command not found: ${argv[0]}`
          : `Could not start ${argv[0]}: ${this.#spawnError?.message}`,
      );
    }
    this.#rootPid = child.pid;
    if (this.options.spawnedIsMaster) this.#masterPid = child.pid;
    watchProcessGroup(child.pid, this.#probes.socketPath, Object.values(this.#freshDirectories));

    // Always drained: an unread pipe blocks a chatty app, and the harness would blame the app.
    child.stdout!.on('data', (data: Buffer) => this.output.push('stdout', data));
    child.stderr!.on('data', (data: Buffer) => this.output.push('stderr', data));
    child.on('exit', (code, signal) => {
      this.#rootExit = { code, signal };
      this.#markExited(child.pid!, code, signal);
    });
    // A cluster left running must not keep the harness alive: the exit hook and the watchdog end it.
    child.unref();
    for (const stream of [child.stdout, child.stderr] as unknown as { unref?: () => void }[]) stream.unref?.();

    try {
      await this.#waitUntil(
        () => {
          this.#throwIfStartFailed();
          return this.#portListening && this.#readyWorkers.length >= workers ? true : undefined;
        },
        `the cluster to become ready (port ${this.port} listening and ${workers} worker${workers === 1 ? '' : 's'} ready)`,
        this.options.readyTimeoutMs,
      );
    } catch (error) {
      if (error instanceof WaitTimeoutError) {
        const diagnosis = this.#notReadyDiagnosis();
        throw new ClusterStartError(
          'not-ready',
          `${this.options.label} did not become ready within ${this.options.readyTimeoutMs} ms${diagnosis ? `: ${diagnosis}` : ''}`,
          this.#errorContext(),
          [`awaited: ${error.awaited}`, `seen: ${error.seen}`],
        );
      }
      if (
        error instanceof ClusterStartError &&
        (error.reason === 'crashed-at-boot' || error.reason === 'exited-at-boot')
      ) {
        // The exit can be seen before the last output and probe reports are read: read them, then decide.
        await this.#drainOutput();
        // A process that dies within a millisecond of its start may do so before its probe connects: then only
        // /proc can tell that somebody else holds the port the cluster was to listen on.
        if (!this.#portInUse && !this.#portReported && isPortListening(this.port)) this.#portInUse = true;
        if (this.#portInUse) this.#throwIfStartFailed();
        throw new ClusterStartError(error.reason, error.message.split('\n')[0]!, {
          ...this.#errorContext(),
          exitCode: error.exitCode,
          signal: error.signal,
        });
      }
      throw error;
    }
    this.#launched = true;
    this.history.record({
      type: 'cluster-ready',
      t: this.clock.now(),
      masterPid: this.masterPid,
      workers: this.workers,
      port: this.port,
    });
  }

  /**
   * Resolves with the ready workers' pids once at least `count` workers are ready and alive (the `exclude`d
   * pids not counting). Event-driven: it resolves as the probe reports the worker ready.
   *
   * @throws WaitTimeoutError past the bound; MasterExitedError at once when the master is gone (no worker can come).
   */
  async waitForWorkers(count: number, options: WaitForWorkersOptions = {}): Promise<number[]> {
    const excluded = new Set(options.exclude ?? []);
    const timeout = options.timeoutMs ?? this.options.readyTimeoutMs;
    const awaited = `${count} ready worker${count === 1 ? '' : 's'}${excluded.size > 0 ? ` (not counting ${[...excluded].join(', ')})` : ''}`;
    return this.#waitUntil(
      () => {
        const ready = this.#readyWorkers.filter((pid) => !excluded.has(pid));
        if (ready.length >= count) return ready;
        if (this.#rootPid !== undefined && !this.masterAlive) {
          throw new MasterExitedError(awaited, this.#describeState(), this.masterPid, this.#errorContext());
        }
        return undefined;
      },
      awaited,
      timeout,
    );
  }

  /**
   * Resolves once the harness has read everything the cluster's processes reported up to now: each live probe
   * answers a ping (its reports come in order), a dead one has closed its socket, and a spawned process whose probe
   * is gone has had its exit seen. Call it before reading the history at the end of a run.
   */
  async flush(options: WaitOptions = {}): Promise<void> {
    const ping = ++this.#lastPing;
    const pinged = [...this.#processes.values()].filter(
      (state) => state.alive && this.sendToProbe(state.pid, { type: 'ping', ping }),
    );
    const rootPid = this.#rootPid;
    await this.#waitUntil(
      () => {
        if (!pinged.every((state) => !state.alive || state.pong >= ping)) return undefined;
        const root = rootPid === undefined ? undefined : this.#processes.get(rootPid);
        const rootGone = root !== undefined && this.#probes?.hasProbe(root.pid) === false;
        return rootGone && this.#rootExit === undefined ? undefined : true;
      },
      'every probe to answer a ping',
      options.timeoutMs ?? 2000,
    );
  }

  /** Resolves once the process has ended (event-driven through its probe, or through /proc). */
  async waitForExit(pid: number, options: WaitOptions = {}): Promise<void> {
    await this.#waitUntil(
      // The probe's socket closes as the process closes its files, a moment before it is gone from /proc (seen on a
      // loaded machine): ended means /proc agrees too.
      () =>
        (this.#processes.get(pid)?.alive === false || !this.#processes.has(pid)) && !isRunning(pid) ? true : undefined,
      `process ${pid} to exit`,
      options.timeoutMs ?? this.options.readyTimeoutMs,
    );
  }

  /**
   * Injects a fault and resolves as soon as it is requested; `landed` resolves when it lands. For an in-flight
   * fault (`inFlight: true`) it lands when the target receives its next connection.
   */
  inject(fault: Fault): InjectedFault {
    return injectFault(this, fault, this.#random);
  }

  /**
   * Withdraws an armed in-flight fault that has not landed (its target received no connection), and records
   * `fault-disarmed` with the reason: the fault will never land, and it is no fault of the run. Resolves true once the
   * target's probe has dropped it (or the target is gone without it landing), false when it had landed already (its
   * landing is in the history). The injection's `landed` then rejects.
   *
   * @throws ClusterOptionsError for a fault that is not in flight; WaitTimeoutError when the probe does not answer
   *   within `readyTimeoutMs` (a process in a long hang).
   */
  disarm(injected: InjectedFault, reason: string): Promise<boolean> {
    return disarmFault(this, injected, reason);
  }

  /**
   * Injects a fault and waits until it has landed and, for a kind that ends a process, until the process is gone.
   * A SIGTERM the app handles by not exiting, or a hang, resolves on landing.
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
   */
  crashWorkersAtBoot(
    windowMs: number,
    fault: { kind?: Extract<FaultKind, 'exit' | 'SIGKILL' | 'uncaught-exception'>; code?: number } = {},
  ): void {
    const kind = fault.kind ?? 'exit';
    const until = this.clock.now() + windowMs;
    const id = this.nextFaultId();
    this.history.record({
      type: 'fault-requested',
      t: this.clock.now(),
      fault: id,
      kind,
      pid: null,
      role: 'worker',
      inFlight: false,
      target: `every worker starting in the next ${windowMs} ms`,
      ...(kind === 'exit' ? { code: fault.code ?? 1 } : {}),
    });
    this.#crashAtBootHook = (pid, role) => {
      if (role !== 'worker') return;
      if (this.clock.now() > until) {
        this.#crashAtBootHook = undefined;
        return;
      }
      if (kind === 'SIGKILL') this.noteKilledBy(pid, 'SIGKILL');
      this.sendToProbe(pid, { type: 'fault', fault: id, kind, ...(kind === 'exit' ? { code: fault.code ?? 1 } : {}) });
    };
  }

  /**
   * Drives a burst of connections at the cluster's port, recorded in its history (see `burst` for the outcomes).
   * The protocol defaults to the cluster's; each burst gets the next burst number.
   */
  burst(options: BurstCall): Promise<BurstResult> {
    return burst({
      protocol: this.options.protocol,
      burstId: this.#nextBurst++,
      ...options,
      port: this.port,
      history: this.history,
      clock: this.clock,
      nextConnectionId: () => this.#nextConnection++,
    });
  }

  /** How many bursts `cluster.burst()` has started (the last burst's number). */
  get burstCount(): number {
    return this.#nextBurst - 1;
  }

  /** The seed of this cluster's random source (random fault targets): pass it as `seed` to replay. */
  get seed(): number {
    return this.options.seed;
  }

  /** @internal Sends a command to a process's probe; false if it has none connected. */
  sendToProbe(pid: number, command: ProbeCommand): boolean {
    return this.#probes?.send(pid, command) ?? false;
  }

  /** @internal A fresh fault number for this cluster's history. */
  nextFaultId(): number {
    return this.#nextFault++;
  }

  /** The landing of a fault, once it has landed. */
  landedFault(fault: number): FaultLandedEvent | undefined {
    return this.#landedFaults.get(fault);
  }

  /** True once a fault that ends processes (SIGKILL, exit, ...) has landed on this pid. */
  wasHitByEndingFault(pid: number): boolean {
    return this.#hitPids.has(pid);
  }

  /** The `fault-disarmed` event of a fault, once it was disarmed. */
  disarmedFault(fault: number): FaultDisarmedEvent | undefined {
    return this.#disarmedFaults.get(fault);
  }

  /** @internal A probe's answer to `disarm` for this fault: whether it was still armed; undefined before the answer. */
  disarmAnswer(fault: number): boolean | undefined {
    return this.#disarmAnswers.get(fault);
  }

  /** @internal True while the process has a probe connected: its reports may still come. */
  hasProbe(pid: number): boolean {
    return this.#probes?.hasProbe(pid) ?? false;
  }

  /** @internal The role of a process, as far as the harness knows. */
  roleOf(pid: number): ProcessRole {
    return this.#processes.get(pid)?.role ?? 'other';
  }

  /** @internal For faults: note that the harness killed this process with a signal (so its exit shows it). */
  noteKilledBy(pid: number, signal: NodeJS.Signals): void {
    const state = this.#processes.get(pid);
    if (state) state.killedBy = signal;
  }

  /**
   * Waits until `check` returns a value, re-checking on every event of the cluster (and on a /proc poll for what
   * no probe reports); rejects with a WaitTimeoutError that says what was awaited and what was seen.
   */
  waitUntil<T>(check: () => T | undefined, awaited: string, timeoutMs: number): Promise<T> {
    return this.#waitUntil(check, awaited, timeoutMs);
  }

  /**
   * Reloads the cluster (a signal to the master, or a command such as `pm2 reload app`) and resolves once the reload is
   * complete: every worker alive at its start gone, the baseline workers ready, a command exited 0. Recorded as
   * `reload start` and `reload end`, or `reload failed` with its reason before it throws; nothing excuses a connection
   * lost in between. Bounded by `timeoutMs` (15000).
   *
   * @throws ReloadError (command not found or failed, master gone, cluster stopped), WaitTimeoutError.
   */
  reload(how: ReloadHow, options: ReloadOptions = {}): Promise<ReloadResult> {
    return reloadCluster(this, how, options, this.#stopController.signal);
  }

  /** @internal The probe socket's path: the session watchdog reaps by it. */
  get probeSocketPath(): string {
    if (!this.#probes) throw new Error('the cluster was not launched');
    return this.#probes.socketPath;
  }

  /**
   * Stops the cluster: SIGTERM to the master, then up to `stopGraceMs` ms (or `options.graceMs`) for every process of the
   * cluster to end.
   * Whatever is still alive then is recorded as an orphan (pid and command line) and killed, with the whole group.
   * Safe to call twice: the second call returns the first's result.
   */
  stop(options: StopOptions = {}): Promise<StopResult> {
    this.#stopController.abort();
    this.#stopping ??= this.#stop(options.graceMs ?? this.options.stopGraceMs);
    return this.#stopping;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  async #stop(graceMs: number): Promise<StopResult> {
    const rootPid = this.#rootPid;
    const probes = this.#probes;
    const orphans: StopResult['orphans'] = [];
    if (rootPid === undefined || !probes) {
      await probes?.close();
      this.#removeFreshDirectories();
      return { orphans, masterExit: undefined };
    }
    const startedAt = this.clock.now();
    this.history.record({ type: 'stop-requested', t: startedAt, graceMs });
    // SIGTERM goes to the master, where the contract says: under a launcher (npx, a shell, pm2-runtime's wrappers)
    // the spawned process may die of it without passing it on (npm exec does, and its `sh -c` child leaves the master
    // running). The launchers above the master end as it ends. Before the master is known, the spawned process gets it.
    const master = this.#masterPid === undefined ? undefined : this.#processes.get(this.#masterPid);
    const target = master?.alive ? master.pid : this.#rootExit === undefined ? rootPid : undefined;
    if (target !== undefined) {
      try {
        process.kill(target, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }

    // Every process we know of ends by itself within the grace period, or is an orphan.
    const allEnded = () => this.#rootExit !== undefined && [...this.#processes.values()].every((state) => !state.alive);
    await this.#waitUntil(() => (allEnded() ? true : undefined), 'every process of the cluster to exit', graceMs).catch(
      () => undefined,
    );
    // Processes that carry no probe, or left the group, are found through /proc.
    const remaining = Math.max(1, Math.ceil(graceMs - (this.clock.now() - startedAt)));
    let survivors = findClusterProcesses(probes.socketPath, rootPid);
    if (survivors.length > 0) {
      await pWaitFor(() => (survivors = findClusterProcesses(probes.socketPath, rootPid)).length === 0, {
        interval: 50,
        timeout: remaining,
      }).catch(() => undefined);
    }
    for (const pid of survivors) {
      const command = readCommandLine(pid);
      orphans.push({ pid, command });
      this.history.record({ type: 'orphan', t: this.clock.now(), pid, command });
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Ended meanwhile.
      }
    }
    try {
      process.kill(-rootPid, 'SIGKILL');
    } catch {
      // The group is empty.
    }
    await pWaitFor(
      () => findClusterProcesses(probes.socketPath, rootPid).length === 0 && this.#rootExit !== undefined,
      {
        interval: 20,
        timeout: { milliseconds: 5000, fallback: () => undefined },
      },
    );
    for (const state of this.#processes.values())
      if (state.alive) this.#markExited(state.pid, null, state.killedBy ?? 'SIGKILL');
    unwatchProcessGroup(rootPid);
    await probes.close();
    this.#removeFreshDirectories();
    this.history.record({ type: 'stopped', t: this.clock.now() });
    return { orphans, masterExit: this.#rootExit };
  }

  /** Every process is gone by now: nothing writes to them any more. */
  #removeFreshDirectories(): void {
    for (const directory of Object.values(this.#freshDirectories)) {
      try {
        rmSync(directory, { recursive: true, force: true });
      } catch {
        // Left in the temp folder; nothing of the cluster uses it any more.
      }
    }
  }

  #throwIfStartFailed(): void {
    if (this.#portInUse) {
      throw new ClusterStartError('port-in-use', `Port ${this.port} is already in use`, this.#errorContext());
    }
    if (this.#rootExit !== undefined) {
      const { code, signal } = this.#rootExit;
      if (code === 0) {
        throw new ClusterStartError(
          'exited-at-boot',
          `${this.options.label} exited with code 0 before the cluster was ready`,
          {
            ...this.#errorContext(),
            exitCode: code,
            signal,
          },
        );
      }
      throw new ClusterStartError(
        'crashed-at-boot',
        `${this.options.label} crashed at boot (${signal ? `signal ${signal}` : `exit code ${code}`})`,
        { ...this.#errorContext(), exitCode: code, signal },
      );
    }
  }

  /** The app's last output may still be in the pipe when its exit is seen: read it (bounded) before reporting. */
  async #drainOutput(): Promise<void> {
    const streams = [this.#child?.stdout, this.#child?.stderr].filter(
      (stream): stream is NonNullable<typeof stream> => stream != null && !stream.readableEnded,
    );
    if (streams.length === 0) return;
    // Workers may still hold the pipes open: end of stream, or 200 ms, whichever comes first.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(streams.map((stream) => once(stream, 'end').catch(() => undefined))),
      new Promise((resolve) => (timer = setTimeout(resolve, 200))),
    ]);
    clearTimeout(timer);
  }

  #errorContext(): ErrorContext {
    return {
      ...((this.#masterPid ?? this.#rootPid) !== undefined ? { pid: (this.#masterPid ?? this.#rootPid)! } : {}),
      outputTail: this.output.tail(20),
      timelineTail: this.history.tail(12),
    };
  }

  /**
   * What most likely kept the cluster from becoming ready, from its history: servers on another port than PORT, exits
   * during boot (a crash loop), or fewer workers started than asked. Undefined when nothing stands out.
   */
  #notReadyDiagnosis(): string | undefined {
    const events = this.history.events;
    const elsewhere = new Map<number, number[]>();
    for (const event of events) {
      if (event.type !== 'listening' || event.port === this.port || event.port === 0) continue;
      elsewhere.set(event.port, [...(elsewhere.get(event.port) ?? []), event.pid]);
    }
    if (elsewhere.size > 0 && !this.#portListening) {
      const where = [...elsewhere]
        .map(([port, pids]) => `port ${port} (pid${pids.length === 1 ? '' : 's'} ${pids.join(', ')})`)
        .join(', ');
      return `it listens on ${where}, not on the port in env PORT (${this.port}): listen on process.env.PORT`;
    }
    // Exits seen by the harness, and children that died before their probe could say hello (seen by their parent).
    const exits = new Map<number, { code: number | null; signal: NodeJS.Signals | null }>();
    for (const event of events) if (event.type === 'process-exit') exits.set(event.pid, event);
    for (const exit of this.#childExits) exits.set(exit.pid, exit);
    if (exits.size > 0) {
      const [pid, last] = [...exits].at(-1)!;
      const how = last.signal ? `signal ${last.signal}` : `code ${last.code}`;
      return `${exits.size} process${exits.size === 1 ? '' : 'es'} exited during boot (the last: pid ${pid}, ${how})${exits.size >= 3 ? ', a crash loop' : ''}: see the app's output`;
    }
    const started = events.filter((event) => event.type === 'process-start' && event.role === 'worker').length;
    if (this.#portListening && started < this.workerCount) {
      return `${started} of ${this.workerCount} workers started: the app must start as many workers as env WORKERS says (${this.workerCount})`;
    }
    return undefined;
  }

  #describeState(): string {
    const parts = [`port ${this.port} ${this.#portListening ? 'listening' : 'not listening'}`];
    parts.push(
      `${this.#readyWorkers.length} of ${this.workerCount} workers ready${this.#readyWorkers.length ? ` (${this.#readyWorkers.join(', ')})` : ''}`,
    );
    const described = [...this.#processes.values()].map((state) => {
      const status = !state.alive
        ? 'exited'
        : state.ready
          ? 'ready'
          : state.listenCalled
            ? 'called listen, not listening yet'
            : state.started
              ? 'started'
              : 'starting';
      return `${state.role} ${state.pid} ${status}`;
    });
    parts.push(described.length > 0 ? `processes: ${described.join(', ')}` : 'no process said hello through its probe');
    if (this.#rootExit)
      parts.push(`spawned process exited (${this.#rootExit.signal ?? `code ${this.#rootExit.code}`})`);
    return parts.join('; ');
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  #waitUntil<T>(check: () => T | undefined, awaited: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const controller = new AbortController();
      const finish = (settle: () => void) => {
        if (settled) return;
        settled = true;
        this.#waiters.delete(evaluate);
        controller.abort();
        settle();
      };
      const evaluate = () => {
        try {
          const value = check();
          if (value !== undefined) finish(() => resolve(value));
        } catch (error) {
          finish(() => reject(error));
        }
      };
      this.#waiters.add(evaluate);
      evaluate();
      if (settled) return;
      // The bound: a plain timer, so that the poll below needs no timeout of its own.
      const timer = setTimeout(
        () => {
          finish(() => reject(new WaitTimeoutError(awaited, this.#describeState(), timeoutMs, this.#errorContext())));
        },
        Math.max(1, Math.ceil(timeoutMs)),
      );
      controller.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
      // p-wait-for adds an abort listener per interval and never removes it: a long wait passes ten of them.
      setMaxListeners(0, controller.signal);
      // Events resolve the wait at once; this loop only reads /proc for processes no probe reports.
      pWaitFor(
        () => {
          this.#refreshFromProc();
          evaluate();
          return settled;
        },
        { interval: procPollMs, before: false, signal: controller.signal },
      ).catch(() => undefined);
    });
  }

  /** What probes cannot tell: processes that carry none, and a port nobody reported. */
  #refreshFromProc(): void {
    const master = this.#masterPid;
    if (master !== undefined && !this.#stopping) {
      const unprobed = new Set<number>();
      for (const child of childrenOf(master)) {
        // A node process started with our NODE_OPTIONS will say hello, however slow its boot: wait for it. Only a
        // process seen twice in a row to be unable to carry the probe (another executable, or an environment
        // without it) is taken from /proc; a process caught mid-exec reads as neither. A TypeScript loader's helper
        // (esbuild's service) is no process of the app's.
        if (this.#processes.has(child) || this.#carriesProbe(child) !== 'no' || isTypeScriptLoaderHelper(child))
          continue;
        if (this.#unprobedOnce.has(child)) this.#addUnprobed(child, master);
        else unprobed.add(child);
      }
      this.#unprobedOnce = unprobed;
    }
    for (const state of this.#processes.values()) {
      if (state.seenThrough === '/proc' && state.alive && !isRunning(state.pid))
        this.#markExited(state.pid, null, null);
    }
    // Only a launch whose spawned process carries no probe relies on /proc for the port: a probe tells listen errors apart.
    const root = this.#rootPid;
    if (
      !this.#portListening &&
      root !== undefined &&
      !this.#processes.has(root) &&
      this.#carriesProbe(root) === 'no' &&
      isPortListening(this.port)
    ) {
      this.#portListening = true;
      this.#notify();
    }
  }

  #carriesProbe(pid: number): 'yes' | 'no' | 'unknown' {
    const executable = readExecutableName(pid);
    const nodeOptions = readEnvironmentVariable(pid, 'NODE_OPTIONS');
    if (executable === undefined || nodeOptions === null) return 'unknown';
    return /^node/.test(executable) && (nodeOptions ?? '').includes(probePath) ? 'yes' : 'no';
  }

  #addUnprobed(pid: number, ppid: number): void {
    const role: ProcessRole = 'worker';
    const startEvent: ProcessStartEvent = {
      type: 'process-start',
      t: this.clock.now(),
      pid,
      ppid,
      role,
      command: readCommandLine(pid),
      seenThrough: '/proc',
    };
    this.#processes.set(pid, {
      pid,
      ppid,
      role,
      command: startEvent.command,
      seenThrough: '/proc',
      alive: true,
      ready: false,
      listenCalled: false,
      listeningOnPort: false,
      listeningAt: undefined,
      started: true,
      startedAt: startEvent.t,
      nodeClusterWorker: false,
      forks: false,
      exitCode: null,
      exitReportedAt: undefined,
      pong: 0,
      killedBy: null,
      startEvent,
    });
    this.history.record(startEvent);
    this.#updateReadiness(this.#processes.get(pid)!);
  }

  #onReport(report: ProbeReport): void {
    const t = this.clock.fromHrtime(BigInt(report.t));
    if (report.type === 'hello') {
      this.#onHello(report, t);
      return;
    }
    const state = this.#processes.get(report.pid);
    switch (report.type) {
      case 'listen-called':
        if (state) state.listenCalled = true;
        break;
      case 'listening':
        this.history.record({ type: 'listening', t, pid: report.pid, port: report.port });
        if (report.port === this.port) {
          this.#portListening = true;
          this.#portReported = true;
          if (state && !state.listeningOnPort) {
            state.listeningOnPort = true;
            state.listeningAt = t;
            this.#updateReadiness(state);
          }
        }
        break;
      case 'listen-error':
        if (report.code === 'EADDRINUSE' && (report.port === undefined || report.port === this.port)) {
          this.#portInUse = true;
          this.#notify();
        }
        break;
      case 'started':
        if (state) {
          state.started = true;
          state.startedAt ??= t;
          state.listenCalled ||= report.listenCalled;
          this.#updateReadiness(state);
        }
        break;
      case 'forked':
        // The process that forks the workers is the master: known from its own report, before any child says hello
        // (and before it could itself be taken for a ready worker of a wrapper above it).
        if (state && !state.forks) {
          state.forks = true;
          this.#relocateMaster(state);
          this.#reconsiderReadiness();
        }
        break;
      case 'child-exit':
        this.#childExits.push({ pid: report.child, code: report.code, signal: report.signal });
        break;
      case 'connection':
        this.history.record({
          type: 'connection-handled',
          t,
          pid: report.pid,
          clientPort: report.clientPort,
          via: report.via,
        });
        break;
      case 'dispatch':
        this.history.record({
          type: 'connection-dispatched',
          t,
          pid: report.pid,
          to: report.to,
          clientPort: report.clientPort,
          by: report.by,
        });
        break;
      case 'hang-end':
        if (this.#hungPids.delete(report.pid)) this.#notify();
        break;
      case 'disarmed':
        this.#disarmAnswers.set(report.fault, report.wasArmed);
        this.#notify();
        break;
      case 'fault-landed':
        this.history.record({
          type: 'fault-landed',
          t,
          fault: report.fault,
          kind: report.kind,
          pid: report.pid,
          role: state?.role ?? 'other',
          ...(report.clientPort === undefined ? {} : { clientPort: report.clientPort }),
        });
        break;
      case 'exit':
        if (state) {
          state.exitCode = report.code;
          state.exitReportedAt = t;
        }
        break;
      case 'pong':
        if (state) state.pong = Math.max(state.pong, report.ping);
        this.#notify();
        break;
    }
  }

  #onHello(report: Extract<ProbeReport, { type: 'hello' }>, t: number): void {
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
    const state: ProcessState = {
      pid,
      ppid,
      role: 'other',
      command: startEvent.command,
      seenThrough: 'probe',
      alive: true,
      ready: false,
      listenCalled: false,
      listeningOnPort: false,
      listeningAt: undefined,
      started: false,
      startedAt: undefined,
      nodeClusterWorker,
      forks: false,
      exitCode: null,
      exitReportedAt: undefined,
      pong: 0,
      killedBy: null,
      startEvent,
    };
    this.#processes.set(pid, state);
    const parent = this.#processes.get(ppid);
    if (parent) this.#relocateMaster(parent);
    this.#assignRole(state);
    // A second child makes its parent's children workers for certain (a wrapper has one child).
    this.#reconsiderReadiness();
    this.history.record(startEvent);
    this.#crashAtBootHook?.(state.pid, state.role);
  }

  #crashAtBootHook: ((pid: number, role: ProcessRole) => void) | undefined;

  /**
   * For a command (a launcher such as npx, tsx or pm2-runtime), the master is the deepest probed process that forks
   * (its probe reported a child with an IPC channel) or has probed children: wrappers above it have one child each and
   * are launchers. `candidate` is such a process; it becomes the master if it is below the current one (or there is
   * none yet). Once the cluster is ready the master is settled: a worker that forks a helper stays a worker.
   */
  #relocateMaster(candidate: ProcessState): void {
    if (this.options.spawnedIsMaster || this.#launched) return;
    const current = this.#masterPid;
    if (current === candidate.pid) return;
    if (current !== undefined && !this.#isDescendant(candidate.pid, current)) return;
    this.#masterPid = candidate.pid;
    for (const other of this.#processes.values()) this.#assignRole(other);
  }

  #isDescendant(pid: number, ancestor: number): boolean {
    // Launchers put processes that carry no probe between a probed wrapper and the master (npx runs `sh -c`):
    // their parents are read from /proc. The bound only guards against a pid reused into a loop.
    let parent = this.#parentOf(pid);
    for (let depth = 0; parent !== undefined && parent > 1 && depth < 64; depth++) {
      if (parent === ancestor) return true;
      parent = this.#parentOf(parent);
    }
    return false;
  }

  #parentOf(pid: number): number | undefined {
    return this.#processes.get(pid)?.ppid ?? readStat(pid)?.ppid;
  }

  #assignRole(state: ProcessState): void {
    const master = this.#masterPid;
    let role: ProcessRole = 'other';
    if (master === undefined) role = state.pid === this.#rootPid ? 'launcher' : 'other';
    else if (state.pid === master) role = 'master';
    else if (state.ppid === master) role = 'worker';
    else if (this.#isDescendant(master, state.pid)) role = 'launcher';
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
    this.#updateReadiness(state);
  }

  /**
   * Readiness counts real workers only: children of a master that forks (its probe reported a child with an IPC
   * channel), node:cluster workers, or children of a master with more than one child. The only child of a process
   * that forks nothing is what a wrapper's child looks like (the app's primary under `npx tsx`, before it forks).
   */
  #isRealWorker(state: ProcessState): boolean {
    if (this.options.spawnedIsMaster || state.nodeClusterWorker) return true;
    const master = this.#masterPid === undefined ? undefined : this.#processes.get(this.#masterPid);
    if (master === undefined) return false;
    if (master.forks) return true;
    let children = 0;
    for (const other of this.#processes.values()) if (other.ppid === master.pid && ++children >= 2) return true;
    return false;
  }

  /** What makes a worker real may have just come: each worker not yet ready is looked at again. */
  #reconsiderReadiness(): void {
    for (const state of this.#processes.values())
      if (state.role === 'worker' && !state.ready) this.#updateReadiness(state);
  }

  /**
   * A worker that called listen is ready once it listens on the port; one that never calls listen (a hand-off
   * worker fed sockets by its master) is ready once its main module has run. It is ready as of that moment, though
   * the harness may learn only later that it is a real worker.
   */
  #updateReadiness(state: ProcessState): void {
    if (state.role !== 'worker' || state.ready || !state.alive) return;
    const readyAt = state.listenCalled
      ? state.listeningOnPort
        ? state.listeningAt
        : undefined
      : state.started
        ? state.startedAt
        : undefined;
    if (readyAt === undefined || !this.#isRealWorker(state)) return;
    state.ready = true;
    this.#readyWorkers.push(state.pid);
    this.history.record({
      type: 'worker-ready',
      t: readyAt,
      pid: state.pid,
      via: state.listenCalled ? 'listening' : 'started',
    });
  }

  #onProbeGone(pid: number | undefined): void {
    if (pid === undefined) return;
    // The spawned process's exit is recorded from its exit event, which carries its code and signal.
    if (pid === this.#rootPid && this.#rootExit === undefined) return;
    const state = this.#processes.get(pid);
    this.#markExited(pid, state?.exitCode ?? null, state?.exitCode == null ? (state?.killedBy ?? null) : null);
  }

  #markExited(pid: number, code: number | null, signal: NodeJS.Signals | null): void {
    const state = this.#processes.get(pid);
    if (state && !state.alive) return;
    if (state) {
      state.alive = false;
      state.ready = false;
    }
    this.#hungPids.delete(pid);
    this.#readyWorkers = this.#readyWorkers.filter((worker) => worker !== pid);
    this.history.record({
      type: 'process-exit',
      // A process that said it was exiting died then; the harness may see it only a little later.
      t: state?.exitReportedAt ?? this.clock.now(),
      pid,
      role: state?.role ?? (pid === this.#masterPid ? 'master' : 'other'),
      code,
      signal,
    });
  }
}
