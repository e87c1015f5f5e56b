// Records the three events of a connection's life (open, connected, close) from the client side.

import type {
  ClientFault,
  ClientFaultKind,
  ConnectionCloseEvent,
  ConnectionOpenEvent,
  ConnectionOutcome,
} from '../history/events.js';
import type { ConnectionPlan } from './connection-plan.js';

/**
 * Builds and records a connection-close event. `httpStatus`: the status of the final HTTP response, once its status
 * line was read (an informational 1xx is not one). `clientFault`: the connection's client fault, and when it took
 * effect (undefined if it never did).
 */
export function recordClose(
  plan: ConnectionPlan,
  connection: number,
  openedAt: number,
  outcome: ConnectionOutcome,
  reply: string,
  errorCode: string | undefined,
  clientAborted: boolean,
  httpStatus?: number,
  clientFault?: { kind: ClientFaultKind; at: number | undefined },
): ConnectionCloseEvent {
  const t = plan.clock.now();
  const close: ConnectionCloseEvent = { type: 'connection-close', t, connection, outcome, latencyMs: t - openedAt };
  if (reply !== '') close.reply = reply;
  if (errorCode !== undefined) close.errorCode = errorCode;
  if (clientAborted) close.clientAborted = true;
  if (httpStatus !== undefined) close.httpStatus = httpStatus;
  if (clientFault !== undefined) {
    close.clientFault = clientFault.kind;
    if (clientFault.at !== undefined) close.clientFaultAt = clientFault.at;
  }
  plan.history?.record(close);
  return close;
}

/** Records the connection-open event (with the client fault the connection plays, if any) and returns its time. */
export function recordOpen(plan: ConnectionPlan, connection: number, clientFault?: ClientFault): number {
  const t = plan.clock.now();
  if (plan.history !== undefined) {
    const open: ConnectionOpenEvent =
      plan.burst === undefined
        ? { type: 'connection-open', t, connection, protocol: plan.protocol }
        : { type: 'connection-open', t, connection, burst: plan.burst, protocol: plan.protocol };
    if (clientFault !== undefined) open.clientFault = clientFault;
    plan.history.record(open);
  }
  return t;
}

/** Records the connection-connected event. */
export function recordConnected(
  plan: ConnectionPlan,
  connection: number,
  clientPort: number,
  reusedSocket: boolean,
): void {
  if (plan.history === undefined) return;
  const t = plan.clock.now();
  plan.history.record(
    reusedSocket
      ? { type: 'connection-connected', t, connection, clientPort, reusedSocket: true }
      : { type: 'connection-connected', t, connection, clientPort },
  );
}
