// The event types of a cluster's history: one discriminated union that every later stage reads.

/** Time in milliseconds since the cluster was launched, on the machine's monotonic clock. */
export type Millis = number;

/** The role a process plays in the cluster. `launcher` is a wrapper (npx, a shell) above the master. */
export type ProcessRole = 'master' | 'worker' | 'launcher' | 'other';

/** How a process of the cluster was seen: through its probe, or only through `/proc`. */
export type SeenThrough = 'probe' | '/proc';

/** The fault kinds the framework can inject. */
export type FaultKind =
  | 'SIGKILL'
  | 'SIGTERM'
  | 'exit'
  | 'uncaught-exception'
  | 'unhandled-rejection'
  | 'hang'
  | 'ipc-disconnect';

/**
 * A misbehaving client, played by the load driver on some connections of a burst (`BurstOptions.clientFaults`).
 * What each one puts on the wire:
 * - `reset`: a RST (`socket.resetAndDestroy()`) as soon as the connection is established, before any byte;
 * - `connect-then-silence`: connects and sends nothing, then reads whatever comes until its timeout;
 * - `half-close`: sends the request and a FIN (`socket.end()`), and still reads the answer;
 * - `abort-after`: sends the request, reads `bytes` bytes of the answer (as they come on the wire, HTTP head
 *   included), then a RST;
 * - `stall`: sends the first `bytes` bytes of the request (default: half of it, at least 1), then nothing;
 * - `slow-drip`: sends the request one byte every `intervalMs` ms (the first at connect), then reads the answer;
 * - `oversized`: sends `bytes` bytes of `x` instead of the payload (HTTP: as the body of a `POST /`), then reads the
 *   answer.
 * The order above is from the plainest: a generator shrinks toward `reset`.
 */
export type ClientFault =
  | { kind: 'reset' }
  | { kind: 'connect-then-silence' }
  | { kind: 'half-close' }
  | { kind: 'abort-after'; bytes: number }
  | { kind: 'stall'; bytes?: number }
  | { kind: 'slow-drip'; intervalMs: number }
  | { kind: 'oversized'; bytes: number };

export type ClientFaultKind = ClientFault['kind'];

/** How a connection ended, exactly one per connection. */
export type ConnectionOutcome = 'answered' | 'refused' | 'reset' | 'closed-empty' | 'timeout';

/** A process of the cluster came into view (its probe said hello, or `/proc` showed it). */
export interface ProcessStartEvent {
  type: 'process-start';
  t: Millis;
  pid: number;
  ppid: number;
  role: ProcessRole;
  command: string;
  seenThrough: SeenThrough;
  /** The probe saw the process forked by node:cluster (`cluster.fork`: NODE_UNIQUE_ID in its env). */
  nodeClusterWorker?: boolean;
}

/** A worker is ready: it listens, or (a worker that never calls listen, fed sockets by its master) its main module has run. */
export interface WorkerReadyEvent {
  type: 'worker-ready';
  t: Millis;
  pid: number;
  /** `listening`: the worker's server is listening; `started`: its main module ran and it listens on nothing. */
  via: 'listening' | 'started';
}

/** A process of the cluster reported a listening server. */
export interface ListeningEvent {
  type: 'listening';
  t: Millis;
  pid: number;
  port: number;
}

/** A process of the cluster ended. `code` and `signal` are null where they could not be known. */
export interface ProcessExitEvent {
  type: 'process-exit';
  t: Millis;
  pid: number;
  role: ProcessRole;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The cluster became ready: the port accepts and the expected workers are ready. Its workers are the baseline. */
export interface ClusterReadyEvent {
  type: 'cluster-ready';
  t: Millis;
  masterPid: number;
  workers: number[];
  port: number;
}

/** A fault was asked for. For an in-flight fault it is armed here and lands later. */
export interface FaultRequestedEvent {
  type: 'fault-requested';
  t: Millis;
  fault: number;
  kind: FaultKind;
  /** The pid the fault is aimed at; for in-flight faults armed on every worker, null. */
  pid: number | null;
  role: ProcessRole;
  inFlight: boolean;
  /** A human description of the target, e.g. `oldest worker`. */
  target: string;
  /** Extra parameters: the exit code, the hang duration. */
  code?: number;
  durationMs?: number;
}

/** A fault landed: the signal was delivered, or the probe carried it out inside the process. */
export interface FaultLandedEvent {
  type: 'fault-landed';
  t: Millis;
  fault: number;
  kind: FaultKind;
  pid: number;
  role: ProcessRole;
  /** For an in-flight fault: the client port of the connection the process held when it was hit. */
  clientPort?: number;
}

/**
 * An armed in-flight fault was withdrawn before it landed (its target received no connection): it will never land,
 * and it is no fault of the run.
 */
export interface FaultDisarmedEvent {
  type: 'fault-disarmed';
  t: Millis;
  fault: number;
  pid: number;
  reason: string;
}

/**
 * A fault of a schedule was not injected: a fault budget (`minAvailable`) would have been broken, or there was no
 * process to hit. It was never requested.
 */
export interface FaultSkippedEvent {
  type: 'fault-skipped';
  t: Millis;
  kind: FaultKind;
  /** The target as the schedule named it, e.g. `oldest worker`. */
  target: string;
  reason: string;
}

/** The load driver opened a connection (the client side). */
export interface ConnectionOpenEvent {
  type: 'connection-open';
  t: Millis;
  connection: number;
  /** The burst this connection belongs to, if any. */
  burst?: number;
  protocol: 'tcp' | 'http';
  /** The client misbehaves on this connection, as planned (a `stall`'s `bytes` filled in); absent on plain ones. */
  clientFault?: ClientFault;
}

/** The client learnt its local port (connect succeeded); the probes report connections by this port. */
export interface ConnectionConnectedEvent {
  type: 'connection-connected';
  t: Millis;
  connection: number;
  clientPort: number;
  /** An HTTP request sent on a kept-alive socket that an earlier request of the same burst opened. */
  reusedSocket?: boolean;
}

/** A process of the cluster received a connection: accepted it from a server, or got it handed over through IPC. */
export interface ConnectionHandledEvent {
  type: 'connection-handled';
  t: Millis;
  pid: number;
  clientPort: number;
  via: 'accept' | 'handoff';
}

/**
 * A process of the cluster sent a connection to another one through IPC, reported by the sender's probe as it sends:
 * an app's own hand-off (`child.send(message, socket)`) or node:cluster's round robin (the primary's `newconn`).
 * Until the addressee reports the same client port as `connection-handled`, the connection is in transit: the
 * sender still owns it (a correct sender re-dispatches what an addressee that died never took).
 */
export interface ConnectionDispatchedEvent {
  type: 'connection-dispatched';
  t: Millis;
  /** The sender. */
  pid: number;
  /** The addressee. */
  to: number;
  clientPort: number;
  /** node:cluster's round-robin scheduler in the primary, or the app's own code. */
  by: 'node:cluster' | 'app';
}

/** A connection ended on the client side with its outcome. */
export interface ConnectionCloseEvent {
  type: 'connection-close';
  t: Millis;
  connection: number;
  outcome: ConnectionOutcome;
  latencyMs: Millis;
  /** The first bytes of the answer, for reading a report (and checking attribution against a reply). */
  reply?: string;
  /** The error code behind `reset`/`refused` (ECONNRESET, ECONNREFUSED, EPIPE...). */
  errorCode?: string;
  /** The client gave up on purpose (a burst's `abortAfterMs`) before an answer: not a loss, not an answer. */
  clientAborted?: boolean;
  /** HTTP: the response's status code (an `answered` HTTP connection always has one). */
  httpStatus?: number;
  /**
   * The client misbehaved on this connection on purpose (the kind on its `connection-open`): whatever its outcome,
   * the client's conduct is part of it. A connection the fault itself ended (`reset`, `abort-after`) ends `timeout`,
   * as any connection the client gives up, with what arrived as `reply` (`answered` if an HTTP response was already
   * complete when `abort-after` cut it).
   */
  clientFault?: ClientFaultKind;
  /**
   * When the fault took effect: the RST (`reset`, `abort-after`), the FIN (`half-close`), the last byte before the
   * silence (`stall`), the connect (`connect-then-silence`), the first byte (`slow-drip`), the last byte of the
   * oversized request handed to the kernel (`oversized`). Absent when it never did (refused before the connect; an
   * answer complete before `abort-after`'s bytes; a connection that ended before the fault's step came).
   */
  clientFaultAt?: Millis;
}

/**
 * A zero-downtime reload of the cluster (a reload is not a fault: nothing excuses a loss across it). `start` when it
 * is asked for; then `end` once it is complete (every worker alive at its start gone, the baseline workers ready, a
 * command exited 0), or `failed` (the command failed, the master died, it did not complete in time: `reason` says).
 */
export interface ReloadEvent {
  type: 'reload';
  t: Millis;
  phase: 'start' | 'end' | 'failed';
  how: string;
  /** For `failed`: what went wrong, in one line. */
  reason?: string;
}

/** The harness asked the cluster to stop (SIGTERM to the master). */
export interface StopRequestedEvent {
  type: 'stop-requested';
  t: Millis;
  graceMs: Millis;
}

/** A process of the cluster was still alive after the stop's grace period; it was then killed. */
export interface OrphanEvent {
  type: 'orphan';
  t: Millis;
  pid: number;
  command: string;
}

/** The cluster is fully stopped (every process gone). */
export interface StoppedEvent {
  type: 'stopped';
  t: Millis;
}

/** A marker put in the history by a schedule or a user, e.g. `settle`. */
export interface MarkEvent {
  type: 'mark';
  t: Millis;
  label: string;
}

export type HistoryEvent =
  | ProcessStartEvent
  | WorkerReadyEvent
  | ListeningEvent
  | ProcessExitEvent
  | ClusterReadyEvent
  | FaultRequestedEvent
  | FaultLandedEvent
  | FaultDisarmedEvent
  | FaultSkippedEvent
  | ConnectionOpenEvent
  | ConnectionConnectedEvent
  | ConnectionHandledEvent
  | ConnectionDispatchedEvent
  | ConnectionCloseEvent
  | ReloadEvent
  | StopRequestedEvent
  | OrphanEvent
  | StoppedEvent
  | MarkEvent;

export type HistoryEventType = HistoryEvent['type'];

/** The event of one type, e.g. `EventOf<'process-exit'>`. */
export type EventOf<K extends HistoryEventType> = Extract<HistoryEvent, { type: K }>;
