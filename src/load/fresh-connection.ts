// One fresh connection over node:net: TCP (optional payload, answer read to the end) or HTTP/1.1 with `Connection: close`.

import { connect, type Socket } from 'node:net';
import type { ConnectionOutcome } from '../history/events.js';
import { recordClose, recordConnected, recordOpen } from './connection-events.js';
import {
  GIVEN_UP,
  INVALID_RESPONSE,
  TRUNCATED_RESPONSE,
  type ConnectionDone,
  type ConnectionPlan,
  type RunningConnection,
} from './connection-plan.js';
import { outcomeOfError } from './error-outcome.js';
import { HttpResponseParser } from './http-response-parser.js';
import { ReplyBuffer } from './reply-buffer.js';

/**
 * Opens one connection and records its events. TCP: the answer is every byte until the server ends the stream;
 * the client never half-closes (some servers take a FIN as an abort). HTTP: the request was built once for the
 * burst; the connection is done as soon as the response is complete.
 */
export function openFreshConnection(plan: ConnectionPlan, connection: number, done: ConnectionDone): RunningConnection {
  return new FreshConnection(plan, connection, done);
}

class FreshConnection implements RunningConnection {
  readonly #plan: ConnectionPlan;
  readonly #connection: number;
  readonly #done: ConnectionDone;
  readonly #openedAt: number;
  readonly #socket: Socket;
  readonly #timer: NodeJS.Timeout;
  /** TCP: the answer's first bytes. */
  readonly #reply: ReplyBuffer | undefined;
  /** HTTP: the response. */
  readonly #parser: HttpResponseParser | undefined;
  #clientPort: number | undefined;
  #finished = false;

  constructor(plan: ConnectionPlan, connection: number, done: ConnectionDone) {
    this.#plan = plan;
    this.#connection = connection;
    this.#done = done;
    if (plan.protocol === 'http') this.#parser = new HttpResponseParser();
    else this.#reply = new ReplyBuffer();
    this.#openedAt = recordOpen(plan, connection);
    const socket = connect(plan.port, plan.host);
    this.#socket = socket;
    socket.on('connect', () => this.#onConnect());
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('end', () => this.#onEnd());
    socket.on('error', (error: NodeJS.ErrnoException) => this.#onError(error));
    // A close with neither end nor error happens only if something else destroyed the socket: read it as an end.
    socket.on('close', () => this.#onEnd());
    // Written before the connect completes, the bytes go out as soon as it does.
    if (plan.request !== undefined) socket.write(plan.request);
    this.#timer = setTimeout(onDeadline, plan.deadlineMs, this);
  }

  abort(): void {
    this.#finish(GIVEN_UP, undefined, true);
  }

  /** The deadline passed with no complete answer: `timeout`, or `clientAborted` when it was the `abortAfterMs`. */
  expire(): void {
    this.#finish(GIVEN_UP, undefined, this.#plan.deadlineIsAbort);
  }

  #onConnect(): void {
    if (this.#finished) return;
    this.#clientPort = this.#socket.localPort;
    if (this.#clientPort !== undefined) recordConnected(this.#plan, this.#connection, this.#clientPort, false);
  }

  #onData(chunk: Buffer): void {
    if (this.#finished) return;
    if (this.#reply !== undefined) {
      this.#reply.push(chunk);
      return;
    }
    const progress = this.#parser!.push(chunk);
    if (progress === 'complete') this.#finish('answered', undefined, false);
    else if (progress === 'invalid') this.#finish('reset', INVALID_RESPONSE, false);
  }

  #onEnd(): void {
    if (this.#finished) return;
    if (this.#reply !== undefined) {
      this.#finish(this.#reply.isEmpty ? 'closed-empty' : 'answered', undefined, false);
      return;
    }
    switch (this.#parser!.end()) {
      case 'complete':
        this.#finish('answered', undefined, false);
        return;
      case 'empty':
        this.#finish('closed-empty', undefined, false);
        return;
      case 'truncated':
        this.#finish('reset', TRUNCATED_RESPONSE, false);
        return;
      case 'invalid':
        this.#finish('reset', INVALID_RESPONSE, false);
        return;
    }
  }

  #onError(error: NodeJS.ErrnoException): void {
    if (this.#finished) return;
    const received = this.#reply !== undefined ? !this.#reply.isEmpty : this.#parser!.received > 0;
    const outcome = outcomeOfError(error.code, this.#plan.protocol, this.#clientPort !== undefined, received);
    this.#finish(outcome, error.code ?? error.message, false);
  }

  #finish(outcome: ConnectionOutcome, errorCode: string | undefined, clientAborted: boolean): void {
    if (this.#finished) return;
    this.#finished = true;
    clearTimeout(this.#timer);
    this.#socket.destroy();
    const reply = this.#reply !== undefined ? this.#reply.text() : this.#parser!.reply();
    const status = this.#parser?.status ?? 0;
    const httpStatus = isFinalStatus(status) ? status : undefined;
    const close = recordClose(
      this.#plan,
      this.#connection,
      this.#openedAt,
      outcome,
      reply,
      errorCode,
      clientAborted,
      httpStatus,
    );
    this.#done({ close, clientPort: this.#clientPort });
  }
}

function onDeadline(connection: FreshConnection): void {
  connection.expire();
}

/** A final response's status: the parser skips 1xx responses, so a status still in 1xx (but 101) means none came. */
function isFinalStatus(status: number): boolean {
  return status >= 200 || status === 101;
}
