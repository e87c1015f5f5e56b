// One connection on its own: for readiness checks and for "a follow-up connection is answered".

import { Clock } from '../history/clock.js';
import type { ConnectionCloseEvent } from '../history/events.js';
import type { History } from '../history/history.js';
import { DEFAULT_TIMEOUT_MS } from './burst-options.js';
import type { ConnectionPlan } from './connection-plan.js';
import { LoadOptionsError } from './errors.js';
import { openFreshConnection } from './fresh-connection.js';
import { buildHttpRequest } from './http-request.js';
import { checkDuration, checkHost, checkPayload, checkPort, checkProtocol, checkSignal } from './option-checks.js';

/** Options of `connectOnce()`: those of a burst that make sense for one connection. */
export interface ConnectOnceOptions {
  /** Only the loopback address is allowed. Default `'127.0.0.1'`. */
  host?: '127.0.0.1';
  /** Default `'tcp'`. */
  protocol?: 'tcp' | 'http';
  /** TCP: written right after connect. HTTP: the body of a `POST /`; without it, `GET /`. Default none. */
  payload?: string | Buffer;
  /** Give up after this many ms without a complete answer, as `clientAborted`. Default none. */
  abortAfterMs?: number;
  /** Destroy the connection as `timeout` after this many ms without a complete answer. Default `5000`. */
  timeoutMs?: number;
  /** On abort, the connection ends at once with `clientAborted: true`. */
  signal?: AbortSignal;
  /** Where to record the connection's events. Default: nowhere (a readiness probe leaves no trace). */
  history?: History;
  /** The history's clock. Default: a clock started now (it only measures the latency). */
  clock?: Clock;
  /** Recorded on the `connection-open` event. Default none. */
  burstId?: number;
  /** The connection's id; required with `history`, so that ids stay unique. Default: id 0. */
  nextConnectionId?: () => number;
}

/** How the connection ended: its close event (as recorded, if recorded) and its client port. */
export interface ConnectOnceResult extends ConnectionCloseEvent {
  /** The client's local port, if the connect succeeded. */
  clientPort?: number;
}

/**
 * Opens one fresh connection to `127.0.0.1:port` (HTTP: one request with `Connection: close`) and resolves with
 * how it ended, with the same outcome rules as `burst()`. Never rejects for a connection failure; rejects with a
 * `LoadOptionsError` for invalid options.
 */
export async function connectOnce(port: number, options: ConnectOnceOptions = {}): Promise<ConnectOnceResult> {
  const caller = 'connectOnce';
  checkPort(port, caller);
  const host = checkHost(options.host, caller);
  const protocol = checkProtocol(options.protocol, caller);
  const payload = checkPayload(options.payload, caller);
  const abortAfterMs =
    options.abortAfterMs === undefined ? undefined : checkDuration('abortAfterMs', options.abortAfterMs, caller);
  const timeoutMs =
    options.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : checkDuration('timeoutMs', options.timeoutMs, caller);
  const signal = checkSignal(options.signal, caller);
  if (options.burstId !== undefined && !Number.isInteger(options.burstId)) {
    throw new LoadOptionsError('burstId', options.burstId, 'an integer', caller);
  }
  if (options.history !== undefined && typeof options.nextConnectionId !== 'function') {
    throw new LoadOptionsError(
      'nextConnectionId',
      options.nextConnectionId,
      'a function when a history is given',
      caller,
    );
  }
  const deadlineIsAbort = abortAfterMs !== undefined && abortAfterMs < timeoutMs;
  const plan: ConnectionPlan = {
    host,
    port,
    protocol,
    request: protocol === 'http' ? buildHttpRequest(host, port, payload) : payload,
    agent: undefined,
    usedSockets: undefined,
    body: undefined,
    deadlineMs: deadlineIsAbort ? abortAfterMs : timeoutMs,
    deadlineIsAbort,
    burst: options.burstId,
    clock: options.clock ?? new Clock(),
    history: options.history,
  };
  const connection = options.nextConnectionId?.() ?? 0;

  return new Promise<ConnectOnceResult>((resolve) => {
    const onAbort = (): void => running.abort();
    const running = openFreshConnection(plan, connection, (end) => {
      signal?.removeEventListener('abort', onAbort);
      resolve(end.clientPort === undefined ? { ...end.close } : { ...end.close, clientPort: end.clientPort });
    });
    if (signal?.aborted) running.abort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}
