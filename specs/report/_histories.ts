// A small builder of hand-made histories for the report specs: each call appends the events of one happening.

import type { ConnectionOutcome, FaultKind, HistoryEvent, Millis, ProcessRole } from '../../src/history/events.js';

export interface ConnectionSpec {
  /** When the client opens it. */
  at: Millis;
  /** How long until it closes. Default 5 ms; `null`: it never closes. */
  lasts?: Millis | null;
  /** Default `answered`. */
  outcome?: ConnectionOutcome;
  /** The process it is attributed to; omit for a connection no process reported. */
  pid?: number;
  /** A master that accepted it and handed it to `pid`. */
  dispatcher?: number;
  /** The dispatcher sent it to this pid (a `connection-dispatched` event), which never reported receiving it. */
  sentTo?: number;
  /** Who sent it on: node:cluster's round robin or the app. Default `app`. */
  sentBy?: 'node:cluster' | 'app';
  /** HTTP: the status of the answer. */
  httpStatus?: number;
  clientAborted?: boolean;
  protocol?: 'tcp' | 'http';
  burst?: number;
}

export interface FaultSpec {
  at: Millis;
  pid: number;
  kind?: FaultKind;
  role?: ProcessRole;
  target?: string;
  inFlight?: boolean;
  /** When it lands. Default: at `at`; `null`: never. */
  landsAt?: Millis | null;
}

/** Builds a history; `events` returns it in time order (stable for equal times). */
export class HistoryBuilder {
  readonly #events: HistoryEvent[] = [];
  #nextConnection = 1;
  #nextFault = 1;
  #nextPort = 50_000;

  /** A process comes into view. */
  start(pid: number, role: ProcessRole, at: Millis, options: { ppid?: number; command?: string } = {}): this {
    this.#events.push({
      type: 'process-start',
      t: at,
      pid,
      ppid: options.ppid ?? 1,
      role,
      command: options.command ?? (role === 'master' ? 'node master.js' : 'node worker.js'),
      seenThrough: 'probe',
    });
    return this;
  }

  /** A worker starts at `at` and is ready (listening) `after` ms later. */
  worker(pid: number, at: Millis, after: Millis = 20, ppid = 1): this {
    this.start(pid, 'worker', at, { ppid });
    this.#events.push({ type: 'worker-ready', t: at + after, pid, via: 'listening' });
    return this;
  }

  /** The cluster is ready at `at`: this master, these workers. */
  ready(masterPid: number, workers: readonly number[], at: Millis, port = 3000): this {
    this.#events.push({ type: 'cluster-ready', t: at, masterPid, workers: [...workers], port });
    return this;
  }

  /** One connection; returns its id through `onId` when the caller needs it. */
  connection(spec: ConnectionSpec, onId?: (id: number) => void): this {
    const id = this.#nextConnection++;
    const clientPort = this.#nextPort++;
    this.#events.push(
      {
        type: 'connection-open',
        t: spec.at,
        connection: id,
        protocol: spec.protocol ?? 'tcp',
        ...(spec.burst === undefined ? {} : { burst: spec.burst }),
      },
      { type: 'connection-connected', t: spec.at + 0.1, connection: id, clientPort },
    );
    if (spec.dispatcher !== undefined) {
      this.#events.push({
        type: 'connection-handled',
        t: spec.at + 0.2,
        pid: spec.dispatcher,
        clientPort,
        via: 'accept',
      });
    }
    if (spec.dispatcher !== undefined && spec.sentTo !== undefined) {
      this.#events.push({
        type: 'connection-dispatched',
        t: spec.at + 0.25,
        pid: spec.dispatcher,
        to: spec.sentTo,
        clientPort,
        by: spec.sentBy ?? 'app',
      });
    }
    if (spec.pid !== undefined) {
      this.#events.push({
        type: 'connection-handled',
        t: spec.at + 0.3,
        pid: spec.pid,
        clientPort,
        via: spec.dispatcher === undefined ? 'accept' : 'handoff',
      });
    }
    const lasts = spec.lasts === undefined ? 5 : spec.lasts;
    if (lasts !== null) {
      const outcome = spec.outcome ?? 'answered';
      this.#events.push({
        type: 'connection-close',
        t: spec.at + lasts,
        connection: id,
        outcome,
        latencyMs: lasts,
        ...(outcome === 'answered' ? { reply: `hello from ${spec.pid ?? '?'}` } : {}),
        ...(outcome === 'reset' ? { errorCode: 'ECONNRESET' } : {}),
        ...(outcome === 'refused' ? { errorCode: 'ECONNREFUSED' } : {}),
        ...(spec.clientAborted ? { clientAborted: true } : {}),
        ...(spec.httpStatus === undefined ? {} : { httpStatus: spec.httpStatus }),
      });
    }
    onId?.(id);
    return this;
  }

  /** `count` answered connections every `every` ms from `from`, attributed round-robin to `pids`. */
  answered(pids: readonly number[], from: Millis, count: number, every: Millis = 10): this {
    for (let index = 0; index < count; index++) {
      this.connection({ at: from + index * every, lasts: Math.min(every / 2, 8), pid: pids[index % pids.length]! });
    }
    return this;
  }

  /** A fault requested (and landed, by default) on `pid`. */
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
      inFlight: spec.inFlight ?? false,
      target: spec.target ?? `${role}`,
    });
    const landsAt = spec.landsAt === undefined ? spec.at : spec.landsAt;
    if (landsAt !== null) this.#events.push({ type: 'fault-landed', t: landsAt, fault, kind, pid: spec.pid, role });
    return this;
  }

  /** A process exits with a signal, or with a code when `signal` is null. */
  exit(
    pid: number,
    at: Millis,
    role: ProcessRole = 'worker',
    signal: NodeJS.Signals | null = 'SIGKILL',
    code: number | null = null,
  ): this {
    this.#events.push({ type: 'process-exit', t: at, pid, role, code: signal === null ? code : null, signal });
    return this;
  }

  reload(start: Millis, end: Millis, how = 'SIGHUP to the master'): this {
    this.#events.push({ type: 'reload', t: start, phase: 'start', how }, { type: 'reload', t: end, phase: 'end', how });
    return this;
  }

  /** Any event, as given. */
  raw(event: HistoryEvent): this {
    this.#events.push(event);
    return this;
  }

  mark(at: Millis, label: string): this {
    this.#events.push({ type: 'mark', t: at, label });
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

  /** The events in time order. */
  get events(): HistoryEvent[] {
    return [...this.#events].sort((a, b) => a.t - b.t);
  }
}

export function history(): HistoryBuilder {
  return new HistoryBuilder();
}

/**
 * A small failing run: master 100 with workers 101 and 102; worker 101 is killed at 300 ms (one connection it held
 * is reset), the master then drops connection #8 it could not hand to the dead worker, and worker 103 replaces it.
 */
export function crashHistory(): { events: HistoryEvent[]; lostIds: number[] } {
  const lostIds: number[] = [];
  const builder = history()
    .start(100, 'master', 0)
    .worker(101, 40, 30, 100)
    .worker(102, 45, 35, 100)
    .ready(100, [101, 102], 90)
    .answered([101, 102], 120, 6, 25)
    .fault({ at: 300, pid: 101, target: 'oldest worker' })
    .connection({ at: 296, lasts: 5, outcome: 'reset', pid: 101, dispatcher: 100 }, (id) => lostIds.push(id))
    .connection({ at: 320, lasts: 30, outcome: 'closed-empty', pid: 100 }, (id) => lostIds.push(id))
    .exit(101, 302)
    .worker(103, 340, 40, 100)
    .answered([102, 103], 400, 4, 20)
    .stop(500)
    .exit(102, 520, 'worker', null, 0)
    .exit(103, 521, 'worker', null, 0)
    .exit(100, 530, 'master', null, 0)
    .stopped(531);
  return { events: builder.events, lostIds };
}

/** A spare cluster launched at 0 and ready at 300 ms, taken at 20 s by a 9 ms run (the timeline must fit the run). */
export function spareClusterRun(): HistoryEvent[] {
  return history()
    .start(1, 'master', 0)
    .worker(2, 5, 200)
    .worker(3, 6, 210)
    .ready(1, [2, 3], 300)
    .mark(20_000, 'run start')
    .answered([2, 3], 20_001, 4, 2)
    .mark(20_009, 'run end').events;
}
