// One HTTP request through the burst's keep-alive http.Agent, which may send it on a socket an earlier request opened.

import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionOutcome } from '../history/events.js';
import { recordClose, recordConnected, recordOpen } from './connection-events.js';
import {
  GIVEN_UP,
  TRUNCATED_RESPONSE,
  type ConnectionDone,
  type ConnectionPlan,
  type RunningConnection,
} from './connection-plan.js';
import { outcomeOfError } from './error-outcome.js';
import { REPLY_CHARS, ReplyBuffer } from './reply-buffer.js';

/** Node's message for a socket that closed cleanly before the response began. */
const HANG_UP = 'socket hang up';

/**
 * Sends one request (GET /, or POST / with the plan's body) through `plan.agent` and records its events. On a
 * reused socket, `connection-connected` is recorded at once with `reusedSocket: true`. The socket goes back to the
 * agent after a complete response; it is destroyed when the request fails or is given up.
 */
export function sendKeepAliveRequest(
  plan: ConnectionPlan,
  connection: number,
  done: ConnectionDone,
): RunningConnection {
  return new KeepAliveRequest(plan, connection, done);
}

class KeepAliveRequest implements RunningConnection {
  readonly #plan: ConnectionPlan;
  readonly #connection: number;
  readonly #done: ConnectionDone;
  readonly #openedAt: number;
  readonly #request: ClientRequest;
  readonly #timer: NodeJS.Timeout;
  readonly #body = new ReplyBuffer();
  #status = 0;
  #clientPort: number | undefined;
  #finished = false;

  constructor(plan: ConnectionPlan, connection: number, done: ConnectionDone) {
    this.#plan = plan;
    this.#connection = connection;
    this.#done = done;
    this.#openedAt = recordOpen(plan, connection);
    const body = plan.body;
    const req = request({
      host: plan.host,
      port: plan.port,
      agent: plan.agent,
      method: body === undefined ? 'GET' : 'POST',
      path: '/',
      headers: body === undefined ? {} : { 'content-type': 'application/octet-stream', 'content-length': body.length },
    });
    this.#request = req;
    req.on('socket', (socket: Socket) => this.#onSocket(socket));
    req.on('response', (response: IncomingMessage) => this.#onResponse(response));
    req.on('error', (error: NodeJS.ErrnoException) => this.#onError(error));
    req.on('close', () => this.#onClose());
    req.end(body);
    this.#timer = setTimeout(onDeadline, plan.deadlineMs, this);
  }

  abort(): void {
    this.#finish(GIVEN_UP, undefined, true);
  }

  /** The deadline passed with no complete answer: `timeout`, or `clientAborted` when it was the `abortAfterMs`. */
  expire(): void {
    this.#finish(GIVEN_UP, undefined, this.#plan.deadlineIsAbort);
  }

  #onSocket(socket: Socket): void {
    const usedSockets = this.#plan.usedSockets!;
    const reused = this.#request.reusedSocket || usedSockets.has(socket);
    usedSockets.add(socket);
    if (socket.connecting) socket.once('connect', () => this.#onConnected(socket, reused));
    else this.#onConnected(socket, reused);
  }

  #onConnected(socket: Socket, reusedSocket: boolean): void {
    if (this.#finished || socket.localPort === undefined) return;
    this.#clientPort = socket.localPort;
    recordConnected(this.#plan, this.#connection, this.#clientPort, reusedSocket);
  }

  #onResponse(response: IncomingMessage): void {
    this.#status = response.statusCode ?? 0;
    response.on('data', (chunk: Buffer) => this.#body.push(chunk));
    response.on('end', () => this.#finish('answered', undefined, false));
    // Node destroys a response cut short with an `aborted` error; the request's own error (if any) came first.
    response.on('error', (error: NodeJS.ErrnoException) => this.#onError(error));
    response.on('close', () => this.#onClose());
  }

  #onError(error: NodeJS.ErrnoException): void {
    if (this.#finished) return;
    const connected = this.#clientPort !== undefined;
    // Node says `socket hang up` (code ECONNRESET) for a clean close before any response byte.
    if (error.message === HANG_UP && connected && this.#status === 0) {
      this.#finish('closed-empty', undefined, false);
      return;
    }
    if (error.message === 'aborted' && this.#status !== 0) {
      this.#finish('reset', TRUNCATED_RESPONSE, false);
      return;
    }
    const outcome = outcomeOfError(error.code, 'http', connected, this.#status !== 0);
    this.#finish(outcome, error.code ?? error.message, false);
  }

  /** A close with no end and no error: the response was cut (or never began) without the socket failing. */
  #onClose(): void {
    if (this.#finished) return;
    if (this.#status === 0) this.#finish(this.#clientPort === undefined ? 'refused' : 'closed-empty', undefined, false);
    else this.#finish('reset', TRUNCATED_RESPONSE, false);
  }

  #finish(outcome: ConnectionOutcome, errorCode: string | undefined, clientAborted: boolean): void {
    if (this.#finished) return;
    this.#finished = true;
    clearTimeout(this.#timer);
    if (outcome !== 'answered') this.#request.destroy();
    let reply = this.#status === 0 ? '' : `${this.#status} ${this.#body.text()}`;
    if (reply.length > REPLY_CHARS) reply = reply.slice(0, REPLY_CHARS);
    const close = recordClose(
      this.#plan,
      this.#connection,
      this.#openedAt,
      outcome,
      reply,
      errorCode,
      clientAborted,
      this.#status === 0 ? undefined : this.#status,
    );
    this.#done({ close, clientPort: this.#clientPort });
  }
}

function onDeadline(request: KeepAliveRequest): void {
  request.expire();
}
