// Injected faults as the checkers see them: which landed, which never did, and the span of time each one acted.

import type {
  FaultKind,
  FaultLandedEvent,
  FaultRequestedEvent,
  HistoryEvent,
  Millis,
  ProcessExitEvent,
} from '../../history/events.js';

/** A fault that landed, with its request, and the exit of the process it landed on. */
export interface LandedFault {
  landed: FaultLandedEvent;
  /** The matching request (same `fault` id), if the history has it. */
  requested?: FaultRequestedEvent;
  /**
   * For a hang, the end of the pause: `landed.t + durationMs` of the request (`landed.t` when no duration is known).
   * For every other kind, `landed.t`.
   */
  until: Millis;
  /** The first `process-exit` of the faulted pid at or after the landing, if the history has one. */
  exit?: ProcessExitEvent;
}

/**
 * The kinds that end their process abruptly, losing what it holds: SIGKILL, exit(code), an uncaught exception, an
 * unhandled rejection, an IPC disconnect (a node:cluster worker exits when its channel goes). SIGTERM is not one (a
 * process told to stop drains what it holds first), nor is a hang (a paused process answers afterwards).
 */
export const abruptFaultKinds: ReadonlySet<FaultKind> = new Set<FaultKind>([
  'SIGKILL',
  'exit',
  'uncaught-exception',
  'unhandled-rejection',
  'ipc-disconnect',
]);

/** Whether a fault kind ends its process abruptly (see `abruptFaultKinds`). */
export function isAbrupt(kind: FaultKind): boolean {
  return abruptFaultKinds.has(kind);
}

/** Whether a fault kind is meant to end its process. Every kind but `hang` is (SIGTERM by a graceful exit). */
export function faultKills(kind: FaultKind): boolean {
  return kind !== 'hang';
}

/** Every landed fault, in time order. */
export function landedFaults(events: readonly HistoryEvent[]): LandedFault[] {
  const requests = new Map<number, FaultRequestedEvent>();
  for (const event of events)
    if (event.type === 'fault-requested' && !requests.has(event.fault)) requests.set(event.fault, event);
  const exits = events.filter((event): event is ProcessExitEvent => event.type === 'process-exit');
  const faults: LandedFault[] = [];
  for (const event of events) {
    if (event.type !== 'fault-landed') continue;
    const requested = requests.get(event.fault);
    const duration = event.kind === 'hang' ? (requested?.durationMs ?? 0) : 0;
    const exit = exits.find((candidate) => candidate.pid === event.pid && candidate.t >= event.t);
    faults.push({
      landed: event,
      ...(requested ? { requested } : {}),
      until: event.t + duration,
      ...(exit ? { exit } : {}),
    });
  }
  return faults;
}

/**
 * The requests that neither a `fault-landed` nor a `fault-disarmed` with the same `fault` id answers: faults asked for
 * that never happened. A disarmed fault was withdrawn on purpose (and a skipped one was never requested): neither is a
 * fault of the run.
 */
export function unlandedFaults(events: readonly HistoryEvent[]): FaultRequestedEvent[] {
  const answered = new Set<number>();
  for (const event of events)
    if (event.type === 'fault-landed' || event.type === 'fault-disarmed') answered.add(event.fault);
  return events.filter(
    (event): event is FaultRequestedEvent => event.type === 'fault-requested' && !answered.has(event.fault),
  );
}

/** The requests withdrawn by a `fault-disarmed`: asked for, then on purpose never fired. */
export function disarmedFaults(events: readonly HistoryEvent[]): FaultRequestedEvent[] {
  const disarmed = new Set<number>();
  const landed = new Set<number>();
  for (const event of events) {
    if (event.type === 'fault-disarmed') disarmed.add(event.fault);
    else if (event.type === 'fault-landed') landed.add(event.fault);
  }
  return events.filter(
    (event): event is FaultRequestedEvent =>
      event.type === 'fault-requested' && disarmed.has(event.fault) && !landed.has(event.fault),
  );
}

/**
 * The span of an abrupt fault: from its landing to its process's exit (the process is dying all along and loses what
 * it holds). Undefined for a kind that is not abrupt, or when the process never exited (nothing proves it died).
 */
export function abruptSpan(fault: LandedFault): { from: Millis; to: Millis } | undefined {
  if (!isAbrupt(fault.landed.kind) || fault.exit === undefined) return undefined;
  return { from: fault.landed.t, to: fault.exit.t };
}
