// What every connection of a burst shares (target, request bytes, deadline, where to record), and what one connection reports when it ends.

import type { Agent } from 'node:http';
import type { Socket } from 'node:net';
import type { Clock } from '../history/clock.js';
import type { ConnectionCloseEvent, ConnectionOutcome } from '../history/events.js';
import type { History } from '../history/history.js';

/** Built once per burst from validated options, so that opening a connection allocates as little as possible. */
export interface ConnectionPlan {
  host: string;
  port: number;
  protocol: 'tcp' | 'http';
  /** Fresh connections: the bytes written as soon as the socket exists (TCP: the payload; HTTP: the whole request). */
  request: Buffer | undefined;
  /** HTTP keep-alive: the agent that every request of the burst goes through. */
  agent: Agent | undefined;
  /**
   * HTTP keep-alive: the sockets earlier requests of the burst used. Node sets `request.reusedSocket` only when a
   * free socket is waiting, not when a queued request gets a socket just freed, so reuse is tracked here.
   */
  usedSockets: WeakSet<Socket> | undefined;
  /** HTTP keep-alive: the POST body, if any. */
  body: Buffer | undefined;
  /** The connection is given up after this many ms without a complete answer. */
  deadlineMs: number;
  /** Whether giving up at the deadline is the client's choice (`abortAfterMs`) rather than a `timeout`. */
  deadlineIsAbort: boolean;
  burst: number | undefined;
  clock: Clock;
  /** Where the events go; none for a connection that only probes (readiness). */
  history: History | undefined;
}

/** How one connection ended: its close event (recorded, or not when the plan has no history) and its client port. */
export interface ConnectionEnd {
  close: ConnectionCloseEvent;
  /** The local port of the client socket, if the connect succeeded. */
  clientPort: number | undefined;
}

export type ConnectionDone = (end: ConnectionEnd) => void;

/** A connection in flight. */
export interface RunningConnection {
  /** Ends the connection now as given up by the client (`clientAborted`), unless it already ended. */
  abort(): void;
}

/** The outcome recorded when the client gives up (deadline or abort): it waited and got no complete answer. */
export const GIVEN_UP: ConnectionOutcome = 'timeout';

/** Error codes for endings that no system call reported. */
export const TRUNCATED_RESPONSE = 'truncated-response';
export const INVALID_RESPONSE = 'invalid-response';
