// Drives a burst of client connections (TCP or HTTP, fresh or keep-alive) at a bounded concurrency and records each one in the history.

import { Agent } from 'node:http';
import type { ConnectionOutcome } from '../history/events.js';
import { resolveBurstOptions, type BurstOptions, type ResolvedBurstOptions } from './burst-options.js';
import type { ConnectionDone, ConnectionEnd, ConnectionPlan, RunningConnection } from './connection-plan.js';
import { buildFaultedRequests, openFaultedConnection } from './faulted-connection.js';
import { openFreshConnection } from './fresh-connection.js';
import { buildHttpRequest } from './http-request.js';
import { sendKeepAliveRequest } from './keep-alive-connection.js';

/** What a burst did, counted from its connection-close events. */
export interface BurstResult {
  /** The `burstId` given, if any. */
  burst?: number;
  /** Connections opened (fewer than `count` when the signal stopped the burst). */
  connections: number;
  /** How many connections ended in each outcome (every outcome is present, 0 when none). */
  outcomes: Record<ConnectionOutcome, number>;
  /** Connections the client gave up on purpose (`abortAfterMs` or the signal): recorded with `clientAborted`. */
  aborted: number;
  /** From the call to the last connection's end, in ms on the history's clock. */
  durationMs: number;
  /** Answered connections per second of `durationMs`. */
  answeredPerSecond: number;
  /** With `clientFaults`: how many connections opened carried a client fault (counted in `outcomes` too). */
  clientFaults?: number;
}

/**
 * Opens `count` connections to `127.0.0.1:port`, at most `concurrency` at a time, and records for each, in order,
 * `connection-open`, `connection-connected` (once the TCP connect succeeds) and exactly one `connection-close` with
 * its outcome. Resolves when every connection opened has ended, with every socket destroyed (keep-alive: returned
 * to the agent, which is destroyed at the end) and every timer cleared. Connection failures are outcomes, never
 * errors: it rejects only with a `LoadOptionsError` for invalid options.
 *
 * Outcomes: TCP `answered` = at least one byte arrived and the stream ended (or reset after the bytes: the answer
 * was delivered, the error code is kept); `closed-empty` = a clean end with no byte; `reset` = ECONNRESET/EPIPE with
 * no byte; `refused` = ECONNREFUSED (or any failure before the connect). HTTP `answered` = a complete response of
 * any status, its reply `"<status> <body>"`; `closed-empty` = a clean close before any response byte; `reset` = a
 * reset, or a response cut short (`truncated-response`) or not HTTP (`invalid-response`). Both: `timeout` = no
 * complete answer within `timeoutMs`; a connection given up by `abortAfterMs` or the signal is also `timeout`, with
 * `clientAborted: true`.
 *
 * With `clientFaults`, some connections misbehave on purpose (see `ClientFault`), each on a socket of its own: the
 * same rules give their outcome, their events carry `clientFault`, and `clientFaults` in the result counts them.
 */
export async function burst(options: BurstOptions): Promise<BurstResult> {
  const resolved = resolveBurstOptions(options);
  const plan = planConnections(resolved);
  try {
    return await drive(resolved, plan);
  } finally {
    plan.agent?.destroy();
  }
}

/** The plan every connection of the burst shares: the request bytes are built once. */
function planConnections(options: ResolvedBurstOptions): ConnectionPlan {
  const { abortAfterMs, timeoutMs } = options;
  const deadlineIsAbort = abortAfterMs !== undefined && abortAfterMs < timeoutMs;
  const http = options.protocol === 'http';
  return {
    host: options.host,
    port: options.port,
    protocol: options.protocol,
    request: http
      ? options.keepAlive
        ? undefined
        : buildHttpRequest(options.host, options.port, options.payload)
      : options.payload,
    agent: options.keepAlive ? new Agent({ keepAlive: true, maxSockets: options.concurrency }) : undefined,
    usedSockets: options.keepAlive ? new WeakSet() : undefined,
    body: options.keepAlive ? options.payload : undefined,
    deadlineMs: deadlineIsAbort ? abortAfterMs : timeoutMs,
    deadlineIsAbort,
    burst: options.burstId,
    clock: options.clock,
    history: options.history,
  };
}

function drive(options: ResolvedBurstOptions, plan: ConnectionPlan): Promise<BurstResult> {
  const { count, concurrency, signal, clock, nextConnectionId } = options;
  const open = plan.agent === undefined ? openFreshConnection : sendKeepAliveRequest;
  const faults = options.clientFaults;
  const requests = faults === undefined ? undefined : buildFaultedRequests(plan, options.payload, faults);
  let faulted = 0;
  const startedAt = clock.now();
  const outcomes: Record<ConnectionOutcome, number> = {
    answered: 0,
    refused: 0,
    reset: 0,
    'closed-empty': 0,
    timeout: 0,
  };
  // Tracked only when a signal may have to abort them.
  const inFlight = signal === undefined ? undefined : new Map<number, RunningConnection>();
  let opened = 0;
  let ended = 0;
  let aborted = 0;
  let stopped = signal?.aborted ?? false;

  return new Promise<BurstResult>((resolve) => {
    let settled = false;

    const settle = (): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      const durationMs = clock.now() - startedAt;
      const result: BurstResult = {
        connections: opened,
        outcomes,
        aborted,
        durationMs,
        answeredPerSecond: durationMs > 0 ? (outcomes.answered * 1000) / durationMs : 0,
      };
      if (options.burstId !== undefined) result.burst = options.burstId;
      if (faults !== undefined) result.clientFaults = faulted;
      resolve(result);
    };

    const fill = (): void => {
      while (!stopped && opened < count && opened - ended < concurrency) {
        const connection = nextConnectionId();
        // The plain path pays one test per connection for client faults, and only when the burst has some.
        const fault = faults === undefined ? undefined : faults[opened];
        opened++;
        let running: RunningConnection;
        if (fault === undefined) running = open(plan, connection, done);
        else {
          faulted++;
          running = openFaultedConnection(plan, requests!, connection, fault, done);
        }
        inFlight?.set(connection, running);
      }
      if (ended === opened && (stopped || opened === count)) settle();
    };

    const done: ConnectionDone = (end: ConnectionEnd): void => {
      ended++;
      outcomes[end.close.outcome]++;
      if (end.close.clientAborted) aborted++;
      inFlight?.delete(end.close.connection);
      fill();
    };

    function onAbort(): void {
      stopped = true;
      for (const running of [...inFlight!.values()]) running.abort();
      fill();
    }

    signal?.addEventListener('abort', onAbort, { once: true });
    fill();
  });
}
