// The options of a burst, with their defaults, and their validation where they enter.

import type { Clock } from '../history/clock.js';
import type { ClientFault } from '../history/events.js';
import type { History } from '../history/history.js';
import { type ClientFaults, resolveClientFaults } from './client-faults.js';
import { LoadOptionsError } from './errors.js';
import { buildHttpRequest } from './http-request.js';
import {
  checkDuration,
  checkHost,
  checkInteger,
  checkPayload,
  checkPort,
  checkProtocol,
  checkSignal,
} from './option-checks.js';

/** Options of `burst()`. */
export interface BurstOptions {
  /** The port to connect to (1..65535). */
  port: number;
  /** The host; only the loopback address is allowed. Default `'127.0.0.1'`. */
  host?: '127.0.0.1';
  /** Default `'tcp'`. */
  protocol?: 'tcp' | 'http';
  /** The number of connections (HTTP keep-alive: requests) to make, an integer >= 1. */
  count: number;
  /** How many are in flight at once, an integer >= 1. Default `min(count, 16)`. */
  concurrency?: number;
  /**
   * HTTP only: send the requests through one `http.Agent` with `keepAlive` and `maxSockets = concurrency`, so later
   * requests reuse the sockets of earlier ones. Not meaningful for TCP (an error there). Default `false`.
   */
  keepAlive?: boolean;
  /**
   * TCP: written right after connect (the client never half-closes). HTTP: the body of a `POST /`; without it,
   * `GET /`. Default none.
   */
  payload?: string | Buffer;
  /**
   * The client gives up a connection that has no complete answer after this many ms: it is destroyed and recorded
   * with `clientAborted: true` (outcome `timeout`). Default none.
   */
  abortAfterMs?: number;
  /** A connection with no complete answer after this many ms is destroyed and ends `timeout`. Default `5000`. */
  timeoutMs?: number;
  /** Where the connection events are recorded. */
  history: History;
  /** The clock of the history. */
  clock: Clock;
  /** Recorded on each `connection-open` event. Default none. */
  burstId?: number;
  /** On abort: no new connection is opened, and those in flight end with `clientAborted: true`. */
  signal?: AbortSignal;
  /** Gives each connection its id; share one counter across the bursts of a history so ids stay unique. */
  nextConnectionId: () => number;
  /**
   * Some connections misbehave on purpose (see `ClientFaults` and `ClientFault`), e.g.
   * `{ count: 2, kinds: [{ kind: 'reset' }] }`. Each has a socket of its own (in a keep-alive burst too), and its
   * `connection-open` and `connection-close` say so. Default none: every connection is a plain one.
   */
  clientFaults?: ClientFaults;
}

/** Options after validation, defaults applied. */
export interface ResolvedBurstOptions {
  port: number;
  host: string;
  protocol: 'tcp' | 'http';
  count: number;
  concurrency: number;
  keepAlive: boolean;
  payload: Buffer | undefined;
  abortAfterMs: number | undefined;
  timeoutMs: number;
  history: History;
  clock: Clock;
  burstId: number | undefined;
  signal: AbortSignal | undefined;
  nextConnectionId: () => number;
  /** The fault of each connection by index (undefined: a plain one); undefined when the burst has none. */
  clientFaults: readonly (ClientFault | undefined)[] | undefined;
}

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_CONCURRENCY = 16;

/** Checks every option of a burst; throws `LoadOptionsError` naming the first invalid one. */
export function resolveBurstOptions(options: BurstOptions): ResolvedBurstOptions {
  if (typeof options !== 'object' || options === null) throw new LoadOptionsError('options', options, 'an object');
  const port = checkPort(options.port, 'burst');
  const host = checkHost(options.host, 'burst');
  const protocol = checkProtocol(options.protocol, 'burst');
  const count = checkInteger('count', options.count, 'burst');
  const concurrency =
    options.concurrency === undefined
      ? Math.min(count, DEFAULT_MAX_CONCURRENCY)
      : checkInteger('concurrency', options.concurrency, 'burst');
  const keepAlive = options.keepAlive ?? false;
  if (typeof keepAlive !== 'boolean') throw new LoadOptionsError('keepAlive', keepAlive, 'a boolean');
  if (keepAlive && protocol === 'tcp')
    throw new LoadOptionsError('keepAlive', keepAlive, 'false with protocol "tcp" (keep-alive is for HTTP)');
  const payload = checkPayload(options.payload, 'burst');
  const abortAfterMs =
    options.abortAfterMs === undefined ? undefined : checkDuration('abortAfterMs', options.abortAfterMs, 'burst');
  const timeoutMs =
    options.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : checkDuration('timeoutMs', options.timeoutMs, 'burst');
  if (typeof options.history?.record !== 'function')
    throw new LoadOptionsError('history', options.history, 'a History');
  if (typeof options.clock?.now !== 'function') throw new LoadOptionsError('clock', options.clock, 'a Clock');
  if (options.burstId !== undefined && !Number.isInteger(options.burstId))
    throw new LoadOptionsError('burstId', options.burstId, 'an integer');
  const signal = checkSignal(options.signal, 'burst');
  if (typeof options.nextConnectionId !== 'function') {
    throw new LoadOptionsError(
      'nextConnectionId',
      options.nextConnectionId,
      'a function returning the next connection id',
    );
  }
  let clientFaults: (ClientFault | undefined)[] | undefined;
  if (options.clientFaults !== undefined) {
    // The request a faulted connection cuts or drips: TCP the payload, HTTP the whole request.
    const requestBytes = protocol === 'http' ? buildHttpRequest(host, port, payload).length : (payload?.length ?? 0);
    clientFaults = resolveClientFaults(options.clientFaults, count, requestBytes, 'burst');
  }
  return {
    port,
    host,
    protocol,
    count,
    concurrency: Math.min(concurrency, count),
    keepAlive,
    payload,
    abortAfterMs,
    timeoutMs,
    history: options.history,
    clock: options.clock,
    burstId: options.burstId,
    signal,
    nextConnectionId: options.nextConnectionId,
    clientFaults,
  };
}
