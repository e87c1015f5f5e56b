// The causes every-worker-death-explained names for a death nothing explains: their stable keys, fixes and evidence.

import { type ConnectionRecord, connectionRecords } from '../../history/connections.js';
import type { ClientFaultKind, HistoryEvent, Millis, ProcessExitEvent } from '../../history/events.js';
import type { CauseOfFailure } from './causes.js';
import { clientEventsByConnection, eventsOfConnection, formatMs } from './evidence.js';

/** The cause keys of every-worker-death-explained (stable: a campaign groups its failures by them). */
export type DeathCauseKey =
  | 'every-worker-death-explained/crashed-after-client-reset'
  | 'every-worker-death-explained/crashed-after-client-fault'
  | 'every-worker-death-explained/died-at-boot'
  | 'every-worker-death-explained/master-died'
  | 'every-worker-death-explained/killed-by-signal'
  | 'every-worker-death-explained/exited';

export interface DeathCause extends CauseOfFailure {
  key: DeathCauseKey;
}

/** Where the crash's stack trace is, in every fix: the harness keeps the app's output, not the probes. */
const readOutput = "its stack trace, if it printed one, is in the app's output tail (its stderr lines marked `!`)";

/** The fixes, by cause. */
export const deathFixes = {
  crashedAfterClientReset: `A client that resets its connection must cost that connection only: add an 'error' handler on every socket (socket.on('error', ...)) and on every stream that reads from one; ${readOutput}.`,
  crashedAfterClientFault: `A malformed, oversized or stalled request must cost that request only: validate what the client sends (try/catch around parsing, a bound on the body's size, a 400 or 413 answer) and handle the socket's 'error'; ${readOutput}.`,
  diedAtBoot: `A crash at boot (a missing module or resource, a bad config), which a master that re-forks at once turns into a restart storm: fix the boot, and back the restarts off (min(100 * 2^k, 2000) ms per slot); ${readOutput}.`,
  masterDied: `A master must stay up until it is stopped, and its workers go with it: handle its errors (a failed send to a dead worker, a socket's 'error', a failed fork); ${readOutput}.`,
  killedBySignal:
    "Find who sent the signal: the app's own code (a master killing a worker it thinks stuck), a memory limit (the OOM killer sends SIGKILL) or another program; whatever retires a worker must let it drain first.",
  exited: `Code 1 is what Node exits with on an uncaught exception or an unhandled rejection: find the throw and handle it, or the process.exit() that ends a process that should keep serving; ${readOutput}.`,
} as const;

/** Client faults end in a RST (the server sees ECONNRESET); the others leave a malformed or unfinished request. */
const resetKinds: ReadonlySet<ClientFaultKind> = new Set<ClientFaultKind>(['reset', 'abort-after']);

/** How long before a death a client fault on a connection the process held is named as its probable trigger. */
export const clientFaultWindowMs: Millis = 2000;

/** A client fault that took effect on a connection a dying process held, shortly before it died. */
export interface ClientFaultNearDeath {
  record: ConnectionRecord;
  kind: ClientFaultKind;
  at: Millis;
  /** No process was seen to receive the connection: a process that dies on it can die before its probe says so. */
  unattributed: boolean;
  events: HistoryEvent[];
}

/**
 * Finds, for an exit, the last client fault that took effect within `clientFaultWindowMs` before it on a connection the
 * process received or was sent; failing that, the last one on a connection no process was seen to receive at all (a
 * worker that a RST kills at once dies before its probe reports the connection's receipt).
 */
export function clientFaultFinder(
  timeline: readonly HistoryEvent[],
): (exit: ProcessExitEvent) => ClientFaultNearDeath | undefined {
  const faulted = new Map<number, { kind: ClientFaultKind; at: Millis }>();
  for (const event of timeline) {
    if (event.type === 'connection-close' && event.clientFault !== undefined && event.clientFaultAt !== undefined)
      faulted.set(event.connection, { kind: event.clientFault, at: event.clientFaultAt });
  }
  if (faulted.size === 0) return () => undefined;
  const records = connectionRecords(timeline).filter((record) => faulted.has(record.connection));
  const clientEvents = clientEventsByConnection(timeline);
  return (exit) => {
    let held: ClientFaultNearDeath | undefined;
    let unheld: ClientFaultNearDeath | undefined;
    for (const record of records) {
      const fault = faulted.get(record.connection)!;
      if (fault.at > exit.t || fault.at < exit.t - clientFaultWindowMs) continue;
      const unattributed = record.handledBy.length === 0 && record.dispatches.length === 0;
      const byIt =
        record.handledBy.some((handled) => handled.pid === exit.pid) ||
        record.dispatches.some((dispatch) => dispatch.to === exit.pid);
      if (!byIt && !unattributed) continue;
      const found = { record, ...fault, unattributed, events: eventsOfConnection(record, clientEvents) };
      if (byIt && (held === undefined || fault.at > held.at)) held = found;
      if (unattributed && (unheld === undefined || fault.at > unheld.at)) unheld = found;
    }
    return held ?? unheld;
  };
}

/** How an exit ended, for a message: `code 1`, `signal SIGKILL`, `an unknown status`. */
export function howItEnded(exit: ProcessExitEvent): string {
  return exit.signal !== null
    ? `signal ${exit.signal}`
    : exit.code !== null
      ? `code ${exit.code}`
      : 'an unknown status';
}

/**
 * Names the cause of an unexplained death: a client fault on a connection it held within `clientFaultWindowMs` before
 * it died first (the likeliest trigger), then a worker that never became ready, the master, a signal, an exit.
 */
export function deathCause(
  exit: ProcessExitEvent,
  everReady: boolean,
  clientFault: ClientFaultNearDeath | undefined,
): DeathCause {
  const subject = `${exit.role} ${exit.pid} exited at ${formatMs(exit.t)} with ${howItEnded(exit)}`;
  const unexplained = 'with no fault, stop or reload to explain it';
  if (clientFault) {
    const reset = resetKinds.has(clientFault.kind);
    return {
      key: reset
        ? 'every-worker-death-explained/crashed-after-client-reset'
        : 'every-worker-death-explained/crashed-after-client-fault',
      origin: 'app',
      text: `${subject}, ${formatMs(exit.t - clientFault.at)} after the client fault ${clientFault.kind} on connection #${clientFault.record.connection} ${clientFault.unattributed ? 'that no process was seen to receive' : 'it held'} (at ${formatMs(clientFault.at)}), ${unexplained}`,
      fix: reset ? deathFixes.crashedAfterClientReset : deathFixes.crashedAfterClientFault,
    };
  }
  if (exit.role === 'worker' && !everReady) {
    return {
      key: 'every-worker-death-explained/died-at-boot',
      origin: 'app',
      text: `${subject} before it was ever ready, ${unexplained}`,
      fix: deathFixes.diedAtBoot,
    };
  }
  if (exit.role === 'master') {
    return {
      key: 'every-worker-death-explained/master-died',
      origin: 'app',
      text: `${subject}, ${unexplained}`,
      fix: deathFixes.masterDied,
    };
  }
  if (exit.signal !== null) {
    return {
      key: 'every-worker-death-explained/killed-by-signal',
      origin: 'app',
      text: `${subject}, ${unexplained}`,
      fix: deathFixes.killedBySignal,
    };
  }
  return {
    key: 'every-worker-death-explained/exited',
    origin: 'app',
    text: `${subject}, ${unexplained}`,
    fix: deathFixes.exited,
  };
}
