// One fresh connection over node:net: TCP (optional payload, answer read to the end) or HTTP/1.1 with `Connection: close`.

import { connect, type Socket } from 'node:net';
import type { ConnectionOutcome } from '../history/events.js';
import { type Answer, endingAtEnd, endingAtError, finalStatusOf, replyOf } from './answer-outcome.js';
import { recordClose, recordConnected, recordOpen } from './connection-events.js';
import {
  GIVEN_UP,
  INVALID_RESPONSE,
  type ConnectionDone,
  type ConnectionPlan,
  type RunningConnection,
} from './connection-plan.js';
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
  /** TCP: the answer's first bytes; HTTP: the response. */
  readonly #answer: Answer;
  #clientPort: number | undefined;
  #finished = false;

  constructor(plan: ConnectionPlan, connection: number, done: ConnectionDone) {
    this.#plan = plan;
    this.#connection = connection;
    this.#done = done;
    this.#answer = plan.protocol === 'http' ? { parser: new HttpResponseParser() } : { reply: new ReplyBuffer() };
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
    if (this.#answer.reply !== undefined) {
      this.#answer.reply.push(chunk);
      return;
    }
    const progress = this.#answer.parser.push(chunk);
    if (progress === 'complete') this.#finish('answered', undefined, false);
    else if (progress === 'invalid') this.#finish('reset', INVALID_RESPONSE, false);
  }

  #onEnd(): void {
    if (this.#finished) return;
    const { outcome, errorCode } = endingAtEnd(this.#answer);
    this.#finish(outcome, errorCode, false);
  }

  #onError(error: NodeJS.ErrnoException): void {
    if (this.#finished) return;
    const connected = this.#clientPort !== undefined;
    const { outcome, errorCode } = endingAtError(this.#answer, error, this.#plan.protocol, connected);
    this.#finish(outcome, errorCode, false);
  }

  #finish(outcome: ConnectionOutcome, errorCode: string | undefined, clientAborted: boolean): void {
    if (this.#finished) return;
    this.#finished = true;
    clearTimeout(this.#timer);
    this.#socket.destroy();
    const close = recordClose(
      this.#plan,
      this.#connection,
      this.#openedAt,
      outcome,
      replyOf(this.#answer),
      errorCode,
      clientAborted,
      finalStatusOf(this.#answer),
    );
    this.#done({ close, clientPort: this.#clientPort });
  }
}

function onDeadline(connection: FreshConnection): void {
  connection.expire();
}
