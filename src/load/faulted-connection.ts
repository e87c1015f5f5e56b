// One fresh connection whose client misbehaves on purpose (a client fault): it resets, stalls, drips, half-closes...

import { connect, type Socket } from 'node:net';
import type { ClientFault, ConnectionOutcome } from '../history/events.js';
import { type Answer, endingAtEnd, endingAtError, finalStatusOf, replyOf } from './answer-outcome.js';
import { recordClose, recordConnected, recordOpen } from './connection-events.js';
import {
  GIVEN_UP,
  INVALID_RESPONSE,
  type ConnectionDone,
  type ConnectionPlan,
  type RunningConnection,
} from './connection-plan.js';
import { buildHttpRequest } from './http-request.js';
import { HttpResponseParser } from './http-response-parser.js';
import { ReplyBuffer } from './reply-buffer.js';

/** What the faulted connections of a burst share: the request bytes, built once. */
export interface FaultedRequests {
  /** The request a faulted connection sends (TCP: the payload; HTTP: a whole request with `Connection: close`). */
  request: Buffer | undefined;
  /** `oversized`: the request of each size asked for. */
  oversized: Map<number, Buffer>;
}

/**
 * The requests of a burst's faulted connections. A faulted connection always has a socket of its own, in a
 * keep-alive burst too: its conduct must not reach the sockets of plain requests.
 */
export function buildFaultedRequests(
  plan: ConnectionPlan,
  payload: Buffer | undefined,
  faults: readonly (ClientFault | undefined)[],
): FaultedRequests {
  const http = plan.protocol === 'http';
  const request = http ? (plan.request ?? buildHttpRequest(plan.host, plan.port, payload)) : payload;
  const oversized = new Map<number, Buffer>();
  for (const fault of faults) {
    if (fault?.kind !== 'oversized' || oversized.has(fault.bytes)) continue;
    const body = Buffer.alloc(fault.bytes, 'x');
    oversized.set(fault.bytes, http ? buildHttpRequest(plan.host, plan.port, body) : body);
  }
  return { request, oversized };
}

/**
 * Opens one connection that plays `fault` (see `ClientFault`) and records its events as a plain one does, with the
 * fault on `connection-open` and `clientFault`/`clientFaultAt` on `connection-close`. The answer is read as a plain
 * connection reads it (TCP: to the end of the stream; HTTP: one complete response), within the same deadline.
 */
export function openFaultedConnection(
  plan: ConnectionPlan,
  requests: FaultedRequests,
  connection: number,
  fault: ClientFault,
  done: ConnectionDone,
): RunningConnection {
  return new FaultedConnection(plan, requests, connection, fault, done);
}

class FaultedConnection implements RunningConnection {
  readonly #plan: ConnectionPlan;
  readonly #connection: number;
  readonly #fault: ClientFault;
  readonly #done: ConnectionDone;
  readonly #openedAt: number;
  readonly #socket: Socket;
  readonly #timer: NodeJS.Timeout;
  readonly #answer: Answer;
  /** `slow-drip`: the request and the next byte to send. */
  #drip: { request: Buffer; intervalMs: number; next: number; timer: NodeJS.Timeout | undefined } | undefined;
  #received = 0;
  #appliedAt: number | undefined;
  #clientPort: number | undefined;
  #finished = false;

  constructor(
    plan: ConnectionPlan,
    requests: FaultedRequests,
    connection: number,
    fault: ClientFault,
    done: ConnectionDone,
  ) {
    this.#plan = plan;
    this.#connection = connection;
    this.#fault = fault;
    this.#done = done;
    this.#answer = plan.protocol === 'http' ? { parser: new HttpResponseParser() } : { reply: new ReplyBuffer() };
    this.#openedAt = recordOpen(plan, connection, fault);
    const socket = connect(plan.port, plan.host);
    this.#socket = socket;
    socket.on('connect', () => this.#onConnect());
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('end', () => this.#onEnd());
    socket.on('error', (error: NodeJS.ErrnoException) => this.#onError(error));
    socket.on('close', () => this.#onEnd());
    this.#timer = setTimeout(onDeadline, plan.deadlineMs, this);
    // What can be written before the connect completes goes out as soon as it does (as a plain connection's).
    const { request } = requests;
    switch (fault.kind) {
      case 'half-close':
        socket.once('finish', () => this.#apply());
        if (request === undefined) socket.end();
        else socket.end(request);
        break;
      case 'abort-after':
        if (request !== undefined) socket.write(request);
        break;
      case 'stall':
        socket.write(request!.subarray(0, fault.bytes), (error) => this.#applyWritten(error));
        break;
      case 'oversized':
        socket.write(requests.oversized.get(fault.bytes)!, (error) => this.#applyWritten(error));
        break;
      case 'slow-drip':
        this.#drip = { request: request!, intervalMs: fault.intervalMs, next: 0, timer: undefined };
        break;
      case 'reset':
      case 'connect-then-silence':
        break;
    }
  }

  abort(): void {
    this.#finish(GIVEN_UP, undefined, true);
  }

  expire(): void {
    this.#finish(GIVEN_UP, undefined, this.#plan.deadlineIsAbort);
  }

  /** `slow-drip`: the next byte, and the timer for the one after. */
  drip(): void {
    const drip = this.#drip!;
    drip.timer = undefined;
    if (this.#finished) return;
    if (drip.next === 0) this.#apply();
    this.#socket.write(drip.request.subarray(drip.next, drip.next + 1));
    drip.next++;
    if (drip.next < drip.request.length) drip.timer = setTimeout(onDrip, drip.intervalMs, this);
  }

  #apply(): void {
    if (this.#appliedAt === undefined && !this.#finished) this.#appliedAt = this.#plan.clock.now();
  }

  /** A write's callback: the fault takes effect once its bytes are all handed to the kernel. */
  #applyWritten(error: Error | null | undefined): void {
    if (!error) this.#apply();
  }

  #onConnect(): void {
    if (this.#finished) return;
    this.#clientPort = this.#socket.localPort;
    if (this.#clientPort !== undefined) recordConnected(this.#plan, this.#connection, this.#clientPort, false);
    switch (this.#fault.kind) {
      case 'reset':
        this.#apply();
        this.#socket.resetAndDestroy();
        this.#finish(GIVEN_UP, undefined, false);
        break;
      case 'connect-then-silence':
        this.#apply();
        break;
      case 'slow-drip':
        this.drip();
        break;
      default:
        // The other kinds wrote their bytes before the connect, or wait for the answer.
        break;
    }
  }

  #onData(chunk: Buffer): void {
    if (this.#finished) return;
    let progress: 'complete' | 'invalid' | undefined;
    if (this.#answer.reply !== undefined) this.#answer.reply.push(chunk);
    else {
      const step = this.#answer.parser.push(chunk);
      if (step === 'complete' || step === 'invalid') progress = step;
    }
    if (this.#fault.kind === 'abort-after') {
      this.#received += chunk.length;
      if (this.#received >= this.#fault.bytes) {
        this.#apply();
        this.#socket.resetAndDestroy();
        this.#finish(progress === 'complete' ? 'answered' : GIVEN_UP, undefined, false);
        return;
      }
    }
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
    if (this.#drip?.timer !== undefined) clearTimeout(this.#drip.timer);
    // A reset already destroyed the socket with a RST; destroy() of a destroyed socket does nothing.
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
      { kind: this.#fault.kind, at: this.#appliedAt },
    );
    this.#done({ close, clientPort: this.#clientPort });
  }
}

function onDeadline(connection: FaultedConnection): void {
  connection.expire();
}

function onDrip(connection: FaultedConnection): void {
  connection.drip();
}
