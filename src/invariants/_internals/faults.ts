// Injected faults as the checkers see them: which landed, which never did, and the span of time each one was present.

import type { FaultKind, FaultLandedEvent, FaultRequestedEvent, HistoryEvent, Millis } from '../../history/events.js';

/** A fault that landed, with its request and the span during which it acted on its process. */
export interface LandedFault {
  landed: FaultLandedEvent;
  /** The matching request (same `fault` id), if the history has it. */
  requested?: FaultRequestedEvent;
  /**
   * The end of the span [landed.t, until] in which the fault was acting on its process: a kill acts at one instant
   * (`until` = `landed.t`), a hang for its whole duration (`landed.t + durationMs` of the request; `landed.t` when no
   * duration is known).
   */
  until: Millis;
}

/** Whether a fault kind is meant to end its process. Every kind but `hang` is (a node:cluster worker exits when its IPC channel goes). */
export function faultKills(kind: FaultKind): boolean {
  return kind !== 'hang';
}

/** Every landed fault, in time order. */
export function landedFaults(events: readonly HistoryEvent[]): LandedFault[] {
  const requests = new Map<number, FaultRequestedEvent>();
  for (const event of events) if (event.type === 'fault-requested' && !requests.has(event.fault)) requests.set(event.fault, event);
  const faults: LandedFault[] = [];
  for (const event of events) {
    if (event.type !== 'fault-landed') continue;
    const requested = requests.get(event.fault);
    const duration = event.kind === 'hang' ? (requested?.durationMs ?? 0) : 0;
    faults.push({ landed: event, ...(requested ? { requested } : {}), until: event.t + duration });
  }
  return faults;
}

/** The requests that no `fault-landed` with the same `fault` id answers: faults asked for that never happened. */
export function unlandedFaults(events: readonly HistoryEvent[]): FaultRequestedEvent[] {
  const landed = new Set<number>();
  for (const event of events) if (event.type === 'fault-landed') landed.add(event.fault);
  return events.filter((event): event is FaultRequestedEvent => event.type === 'fault-requested' && !landed.has(event.fault));
}

/**
 * The faults acting during [from, to] (their span overlaps it, ends included), on `pid` when one is given, on any
 * process otherwise.
 */
export function faultsDuring(faults: readonly LandedFault[], from: Millis, to: Millis, pid?: number): LandedFault[] {
  return faults.filter(
    (fault) => fault.landed.t <= to && fault.until >= from && (pid === undefined || fault.landed.pid === pid),
  );
}
