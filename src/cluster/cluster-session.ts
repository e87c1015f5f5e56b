// The running cluster behind the public handle: its state, its waits, and the control that faults and reloads use.

import type { ChildProcess } from 'node:child_process';
import { seededRandom } from '../faults/random.js';
import { Clock } from '../history/clock.js';
import type { FaultDisarmedEvent, FaultKind, FaultLandedEvent, ProcessRole } from '../history/events.js';
import { History } from '../history/history.js';
import { burst, type BurstResult } from '../load/burst.js';
import { describeState } from './boot-diagnosis.js';
import type {
  BurstCall,
  ClusterProcess,
  StopResult,
  WaitForWorkersOptions,
  WaitOptions,
} from './cluster-handle-types.js';
import type { ClusterControl } from './cluster-control.js';
import { MasterExitedError, type ErrorContext } from './errors.js';
import { FaultLedger } from './fault-ledger.js';
import type { ResolvedStartOptions } from './options.js';
import { OutputBuffer } from './output-buffer.js';
import { isRunning } from './proc.js';
import { ProcFallback } from './proc-fallback.js';
import { applyProbeReport } from './probe-reports.js';
import type { ProbeCommand, ProbeReport, ProbeServer } from './probe-server.js';
import { publicView } from './process-state.js';
import { ProcessTracker } from './process-tracker.js';
import { reapCluster } from './reaper.js';
import { WaitEngine } from './wait-engine.js';

/** One launch of a cluster, from its probe server to its reaping; the handle `StartedCluster` delegates to it. */
export class ClusterSession implements ClusterControl {
  readonly options: ResolvedStartOptions;
  readonly port: number;
  readonly workerCount: number;
  readonly history = new History();
  readonly clock = new Clock();
  readonly output: OutputBuffer;
  readonly faults = new FaultLedger();
  readonly tracker: ProcessTracker;
  readonly waits: WaitEngine;
  /** The cluster's random source (random fault targets), seeded by the `seed` option. */
  readonly random: () => number;
  /** Aborted when `stop()` begins: ends what runs on the cluster's behalf (a reload command). */
  readonly stopController = new AbortController();
  /** The fresh directories of this instance, by env variable (see the `freshDirectories` option). */
  readonly fresh: Record<string, string> = {};
  probes: ProbeServer | undefined;
  child: ChildProcess | undefined;
  readonly #procFallback: ProcFallback;
  #stopping: Promise<StopResult> | undefined;
  #nextConnection = 1;
  #lastPing = 0;
  #nextBurst = 1;

  constructor(options: ResolvedStartOptions, port: number) {
    this.options = options;
    this.port = port;
    this.workerCount = options.workers;
    this.output = new OutputBuffer(options.outputLimit);
    this.random = seededRandom(options.seed);
    const { history, clock, faults } = this;
    this.tracker = new ProcessTracker({ port, spawnedIsMaster: options.spawnedIsMaster, history, clock, faults });
    this.waits = new WaitEngine({
      poll: () => this.#procFallback.refresh(),
      describe: () => describeState(this.tracker, this.workerCount),
      context: () => this.errorContext(),
    });
    const notify = () => this.waits.notify();
    this.#procFallback = new ProcFallback(this.tracker, { stopping: () => this.#stopping !== undefined, notify });
    // Every event wakes the waits: they read the fault ledger, which is kept as events arrive.
    history.subscribe((event) => {
      faults.observe(event);
      notify();
    });
  }

  /** A probe's report: into the process table and the history. */
  onReport(report: ProbeReport): void {
    const { history, clock, faults } = this;
    applyProbeReport(this.tracker, report, { history, clock, faults, notify: () => this.waits.notify() });
  }

  get masterPid(): number {
    const pid = this.tracker.masterPid ?? this.tracker.rootPid;
    if (pid === undefined) throw new Error('the cluster was not launched');
    return pid;
  }

  get masterAlive(): boolean {
    const { masterPid, rootExit } = this.tracker;
    const master = masterPid === undefined ? undefined : this.tracker.get(masterPid);
    if (master) return master.alive;
    return rootExit === undefined;
  }

  get workers(): number[] {
    return this.tracker.readyWorkers.slice();
  }

  get startingWorkers(): number[] {
    return this.tracker.startingWorkers;
  }

  availableWorkers(): number[] {
    return this.tracker.readyWorkers.filter((pid) => !this.faults.wasHit(pid) && !this.faults.isHung(pid));
  }

  get processes(): ClusterProcess[] {
    return [...this.tracker.all()].map(publicView);
  }

  get freshDirectories(): Readonly<Record<string, string>> {
    return { ...this.fresh };
  }

  get probeSocketPath(): string {
    if (!this.probes) throw new Error('the cluster was not launched');
    return this.probes.socketPath;
  }

  get stopped(): boolean {
    return this.#stopping !== undefined;
  }

  isAlive(pid: number): boolean {
    return this.tracker.get(pid)?.alive === true;
  }

  roleOf(pid: number): ProcessRole {
    return this.tracker.roleOf(pid);
  }

  sendToProbe(pid: number, command: ProbeCommand): boolean {
    return this.probes?.send(pid, command) ?? false;
  }

  hasProbe(pid: number): boolean {
    return this.probes?.hasProbe(pid) ?? false;
  }

  nextFaultId(): number {
    return this.faults.nextFaultId();
  }

  noteKilledBy(pid: number, signal: NodeJS.Signals): void {
    this.tracker.noteKilledBy(pid, signal);
  }

  landedFault(fault: number): FaultLandedEvent | undefined {
    return this.faults.landedFault(fault);
  }

  disarmedFault(fault: number): FaultDisarmedEvent | undefined {
    return this.faults.disarmedFault(fault);
  }

  disarmAnswer(fault: number): boolean | undefined {
    return this.faults.disarmAnswer(fault);
  }

  wasHitByEndingFault(pid: number): boolean {
    return this.faults.wasHit(pid);
  }

  waitUntil<T>(check: () => T | undefined, awaited: string, timeoutMs: number): Promise<T> {
    return this.waits.waitUntil(check, awaited, timeoutMs);
  }

  waitForWorkers(count: number, options: WaitForWorkersOptions = {}): Promise<number[]> {
    const excluded = new Set(options.exclude ?? []);
    const timeout = options.timeoutMs ?? this.options.readyTimeoutMs;
    const notCounting = excluded.size > 0 ? ` (not counting ${[...excluded].join(', ')})` : '';
    const awaited = `${count} ready worker${count === 1 ? '' : 's'}${notCounting}`;
    return this.waitUntil(
      () => {
        const ready = this.tracker.readyWorkers.filter((pid) => !excluded.has(pid));
        if (ready.length >= count) return ready;
        if (this.tracker.rootPid !== undefined && !this.masterAlive) {
          const seen = describeState(this.tracker, this.workerCount);
          throw new MasterExitedError(awaited, seen, this.masterPid, this.errorContext());
        }
        return undefined;
      },
      awaited,
      timeout,
    );
  }

  async flush(options: WaitOptions = {}): Promise<void> {
    const ping = ++this.#lastPing;
    const pinged = [...this.tracker.all()].filter(
      (state) => state.alive && this.sendToProbe(state.pid, { type: 'ping', ping }),
    );
    const rootPid = this.tracker.rootPid;
    await this.waitUntil(
      () => {
        if (!pinged.every((state) => !state.alive || state.pong >= ping)) return undefined;
        const root = rootPid === undefined ? undefined : this.tracker.get(rootPid);
        const rootGone = root !== undefined && this.probes?.hasProbe(root.pid) === false;
        return rootGone && this.tracker.rootExit === undefined ? undefined : true;
      },
      'every probe to answer a ping',
      options.timeoutMs ?? 2000,
    );
  }

  async waitForExit(pid: number, options: WaitOptions = {}): Promise<void> {
    const tracker = this.tracker;
    await this.waitUntil(
      // The probe's socket closes as the process closes its files, a moment before it is gone from /proc (seen on a
      // loaded machine): ended means /proc agrees too.
      () => ((tracker.get(pid)?.alive === false || !tracker.has(pid)) && !isRunning(pid) ? true : undefined),
      `process ${pid} to exit`,
      options.timeoutMs ?? this.options.readyTimeoutMs,
    );
  }

  crashWorkersAtBoot(windowMs: number, kind: FaultKind, code: number | undefined): void {
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
      ...(kind === 'exit' ? { code: code ?? 1 } : {}),
    });
    this.tracker.onHello = (pid, role) => {
      if (role !== 'worker') return;
      if (this.clock.now() > until) {
        this.tracker.onHello = undefined;
        return;
      }
      if (kind === 'SIGKILL') this.noteKilledBy(pid, 'SIGKILL');
      this.sendToProbe(pid, { type: 'fault', fault: id, kind, ...(kind === 'exit' ? { code: code ?? 1 } : {}) });
    };
  }

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

  get burstCount(): number {
    return this.#nextBurst - 1;
  }

  stop(graceMs: number | undefined): Promise<StopResult> {
    this.stopController.abort();
    this.#stopping ??= reapCluster(
      {
        tracker: this.tracker,
        probes: this.probes,
        history: this.history,
        clock: this.clock,
        waitUntil: (check, awaited, timeoutMs) => this.waitUntil(check, awaited, timeoutMs),
        freshDirectories: Object.values(this.fresh),
      },
      graceMs ?? this.options.stopGraceMs,
    );
    return this.#stopping;
  }

  errorContext(): ErrorContext {
    const pid = this.tracker.masterPid ?? this.tracker.rootPid;
    return {
      ...(pid !== undefined ? { pid } : {}),
      outputTail: this.output.tail(20),
      timelineTail: this.history.tail(12),
    };
  }
}
