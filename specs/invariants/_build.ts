// A tiny fluent builder of hand-made histories for the invariant specs: each call appends the events of one happening.

import type {
  ClientFault,
  ConnectionOutcome,
  FaultKind,
  HistoryEvent,
  Millis,
  ProcessRole,
} from '../../src/history/events.js';

export interface ConnectionSpec {
  /** When the client opens it. */
  at: Millis;
  /** When the client closes it; omit for a connection that never closes. */
  closeAt?: Millis;
  /** Default `answered`. */
  outcome?: ConnectionOutcome;
  /** The process that receives it; omit for a connection no process took. */
  pid?: number;
  /** A master that accepts it first and hands it to `pid` (a hand-off chain). */
  dispatcher?: number;
  /**
   * With `dispatcher`: the master's probe also reports the dispatch (`connection-dispatched` at `at + 0.15`), by
   * node:cluster's round robin (the worker then reports an `accept`) or by the app (a `handoff`). Default: no dispatch
   * event (a history recorded before dispatches were observed).
   */
  by?: 'node:cluster' | 'app';
  /** With `dispatcher` and `by`: `false` when `pid` never takes it (no receipt by `pid`). Default true. */
  taken?: boolean;
  /** When the client's connect succeeded; default `at`. */
  connectedAt?: Millis;
  /** HTTP: the answer's status (the connection is then an HTTP one). */
  httpStatus?: number;
  /** Default: the next id. */
  id?: number;
  clientAborted?: boolean;
  /** The client misbehaves on it (on its `connection-open`, and its kind on its `connection-close`). */
  clientFault?: ClientFault;
  /** With `clientFault`: when it took effect (its `connection-close`'s `clientFaultAt`). */
  clientFaultAt?: Millis;
}

export interface FaultSpec {
  at: Millis;
  pid: number;
  kind?: FaultKind;
  role?: ProcessRole;
  /** For a hang. */
  durationMs?: Millis;
  /** `false`: requested only, it never lands. Default true. */
  lands?: boolean;
  /** When it lands, if later than `at`. */
  landsAt?: Millis;
  /** An in-flight fault: armed at `at`, then withdrawn at `disarmedAt` (it never lands). */
  disarmedAt?: Millis;
}

/** The client port of a connection in these specs: unique per connection id. */
export function portOf(connection: number): number {
  return 40_000 + connection;
}

export class HistoryBuilder {
  readonly #events: HistoryEvent[] = [];
  #nextConnection = 1;
  #nextFault = 1;
  #nodeCluster = false;

  /**
   * A master and its workers come up, then `cluster-ready` at `at`. After `nodeCluster()`, the workers (these and
   * later ones) are node:cluster workers.
   */
  ready(master: number, workers: readonly number[], at: Millis = 0): this {
    this.#events.push({
      type: 'process-start',
      t: at,
      pid: master,
      ppid: 1,
      role: 'master',
      command: 'node master.js',
      seenThrough: 'probe',
    });
    for (const pid of workers) this.workerReady(pid, at, master);
    this.#events.push({ type: 'cluster-ready', t: at, masterPid: master, workers: [...workers], port: 3000 });
    return this;
  }

  /** The workers started from now on are forked by node:cluster (`nodeClusterWorker` on their `process-start`). */
  nodeCluster(): this {
    this.#nodeCluster = true;
    return this;
  }

  /** A worker starts and becomes ready at `at`. */
  workerReady(pid: number, at: Millis, parent = 1): this {
    this.#events.push(
      {
        type: 'process-start',
        t: at,
        pid,
        ppid: parent,
        role: 'worker',
        command: 'node worker.js',
        seenThrough: 'probe',
        ...(this.#nodeCluster ? { nodeClusterWorker: true } : {}),
      },
      { type: 'worker-ready', t: at, pid, via: 'listening' },
    );
    return this;
  }

  /** One client connection: open, connected, received (by `dispatcher` then `pid`, or by `pid`), closed. */
  connection(spec: ConnectionSpec): this {
    const id = spec.id ?? this.#nextConnection;
    this.#nextConnection = Math.max(this.#nextConnection, id + 1);
    const clientPort = portOf(id);
    const connectedAt = spec.connectedAt ?? spec.at;
    this.#events.push(
      {
        type: 'connection-open',
        t: spec.at,
        connection: id,
        protocol: spec.httpStatus === undefined ? 'tcp' : 'http',
        ...(spec.clientFault ? { clientFault: spec.clientFault } : {}),
      },
      { type: 'connection-connected', t: connectedAt, connection: id, clientPort },
    );
    if (spec.dispatcher !== undefined) this.handled(spec.dispatcher, id, connectedAt + 0.1, 'accept');
    if (spec.dispatcher !== undefined && spec.by !== undefined && spec.pid !== undefined) {
      this.dispatched(spec.dispatcher, spec.pid, id, connectedAt + 0.15, spec.by);
    }
    const receiptVia = spec.dispatcher === undefined || spec.by === 'node:cluster' ? 'accept' : 'handoff';
    if (spec.pid !== undefined && spec.taken !== false) this.handled(spec.pid, id, connectedAt + 0.2, receiptVia);
    if (spec.closeAt !== undefined) {
      this.#events.push({
        type: 'connection-close',
        t: spec.closeAt,
        connection: id,
        outcome: spec.outcome ?? 'answered',
        latencyMs: spec.closeAt - spec.at,
        ...(spec.clientAborted ? { clientAborted: true } : {}),
        ...(spec.httpStatus === undefined ? {} : { httpStatus: spec.httpStatus }),
        ...(spec.clientFault ? { clientFault: spec.clientFault.kind } : {}),
        ...(spec.clientFaultAt === undefined ? {} : { clientFaultAt: spec.clientFaultAt }),
      });
    }
    return this;
  }

  /** Answered connections, one every `every` ms from `from`, received round-robin by `pids`. */
  answered(pids: readonly number[], from: Millis, howMany: number, every: Millis = 10): this {
    for (let index = 0; index < howMany; index++) {
      const at = from + index * every;
      this.connection({ at, closeAt: at + every / 2, pid: pids[index % pids.length]! });
    }
    return this;
  }

  /** A process received connection `id` (by its client port). */
  handled(pid: number, id: number, at: Millis, via: 'accept' | 'handoff'): this {
    this.#events.push({ type: 'connection-handled', t: at, pid, clientPort: portOf(id), via });
    return this;
  }

  /** A process sent connection `id` to `to` (by its client port). */
  dispatched(from: number, to: number, id: number, at: Millis, by: 'node:cluster' | 'app' = 'app'): this {
    this.#events.push({ type: 'connection-dispatched', t: at, pid: from, to, clientPort: portOf(id), by });
    return this;
  }

  /** A fault is requested at `at` and (by default) lands at the same time. */
  fault(spec: FaultSpec): this {
    const fault = this.#nextFault++;
    const kind = spec.kind ?? 'SIGKILL';
    const role = spec.role ?? 'worker';
    this.#events.push({
      type: 'fault-requested',
      t: spec.at,
      fault,
      kind,
      pid: spec.pid,
      role,
      inFlight: spec.disarmedAt !== undefined,
      target: `${role} ${spec.pid}`,
      ...(spec.durationMs === undefined ? {} : { durationMs: spec.durationMs }),
    });
    if (spec.disarmedAt !== undefined) {
      this.#events.push({
        type: 'fault-disarmed',
        t: spec.disarmedAt,
        fault,
        pid: spec.pid,
        reason: 'its target received no connection',
      });
    } else if (spec.lands !== false) {
      this.#events.push({ type: 'fault-landed', t: spec.landsAt ?? spec.at, fault, kind, pid: spec.pid, role });
    }
    return this;
  }

  /** A fault of the schedule was skipped (never requested), e.g. to keep a fault budget. */
  faultSkipped(at: Millis, kind: FaultKind = 'SIGKILL', target = 'oldest worker'): this {
    this.#events.push({ type: 'fault-skipped', t: at, kind, target, reason: 'minAvailable 1 would be broken' });
    return this;
  }

  /** A process exits. */
  exit(pid: number, at: Millis, role: ProcessRole = 'worker', signal: NodeJS.Signals | null = 'SIGKILL'): this {
    this.#events.push({ type: 'process-exit', t: at, pid, role, code: signal === null ? 1 : null, signal });
    return this;
  }

  /** A worker is killed by a fault at `at`, exits 1 ms later, and (optionally) `replacement` is ready at `readyAt`. */
  crash(pid: number, at: Millis, replacement?: { pid: number; readyAt: Millis }, kind: FaultKind = 'SIGKILL'): this {
    this.fault({ at, pid, kind }).exit(pid, at + 1, 'worker', kind === 'SIGKILL' || kind === 'SIGTERM' ? kind : null);
    if (replacement) this.workerReady(replacement.pid, replacement.readyAt);
    return this;
  }

  reload(start: Millis, end: Millis, how = 'SIGHUP'): this {
    this.#events.push({ type: 'reload', t: start, phase: 'start', how }, { type: 'reload', t: end, phase: 'end', how });
    return this;
  }

  /** A reload that starts at `start` and fails at `failedAt` with `reason`. */
  reloadFailed(start: Millis, failedAt: Millis, reason: string, how = 'SIGHUP'): this {
    this.#events.push(
      { type: 'reload', t: start, phase: 'start', how },
      { type: 'reload', t: failedAt, phase: 'failed', how, reason },
    );
    return this;
  }

  /** A reload that starts at `start` and never ends. */
  reloadStarted(start: Millis, how = 'SIGHUP'): this {
    this.#events.push({ type: 'reload', t: start, phase: 'start', how });
    return this;
  }

  stop(at: Millis, graceMs: Millis = 2000): this {
    this.#events.push({ type: 'stop-requested', t: at, graceMs });
    return this;
  }

  orphan(pid: number, at: Millis, command = 'node worker.js'): this {
    this.#events.push({ type: 'orphan', t: at, pid, command });
    return this;
  }

  stopped(at: Millis): this {
    this.#events.push({ type: 'stopped', t: at });
    return this;
  }

  /** The events in time order (stable: events of equal time keep the order they were added in). */
  get events(): HistoryEvent[] {
    return [...this.#events].sort((a, b) => a.t - b.t);
  }
}

export function history(): HistoryBuilder {
  return new HistoryBuilder();
}
