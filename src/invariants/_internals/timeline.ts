// The frame every checker reads a history in: time order, the cluster-ready baseline, and where the judged run ends.

import type {
  ClusterReadyEvent,
  EventOf,
  HistoryEvent,
  HistoryEventType,
  Millis,
  StopRequestedEvent,
} from '../../history/events.js';

/**
 * The events in time order. `History` already keeps them so (and then this returns the same array); a hand-built or
 * merged list is sorted stably, so events of equal time keep their recorded order.
 */
export function inTimeOrder(events: readonly HistoryEvent[]): readonly HistoryEvent[] {
  for (let index = 1; index < events.length; index++) {
    if (events[index]!.t < events[index - 1]!.t) return [...events].sort((a, b) => a.t - b.t);
  }
  return events;
}

/** The first event of a type, if any. */
export function firstOfType<K extends HistoryEventType>(
  events: readonly HistoryEvent[],
  type: K,
): EventOf<K> | undefined {
  return events.find((event): event is EventOf<K> => event.type === type);
}

/** Every event of the given types, in the order given. */
export function ofTypes<K extends HistoryEventType>(events: readonly HistoryEvent[], ...types: K[]): EventOf<K>[] {
  const wanted = new Set<HistoryEventType>(types);
  return events.filter((event): event is EventOf<K> => wanted.has(event.type));
}

/** The first `cluster-ready`: its master and workers are the baseline every checker compares against. */
export function clusterReadyOf(events: readonly HistoryEvent[]): ClusterReadyEvent | undefined {
  return firstOfType(events, 'cluster-ready');
}

/**
 * The part of a run that the fault-related checkers judge: everything before the first `stop-requested` (a shutdown is
 * not a fault, so what it does to the workers is no evidence about recovery), and the moment that part ends: the stop
 * request, or the last event of a history that was never stopped.
 */
export interface JudgedRun {
  events: readonly HistoryEvent[];
  end: Millis;
  stop?: StopRequestedEvent;
}

export function judgedRun(timeOrdered: readonly HistoryEvent[]): JudgedRun {
  const stopIndex = timeOrdered.findIndex((event) => event.type === 'stop-requested');
  if (stopIndex === -1) return { events: timeOrdered, end: timeOrdered.at(-1)?.t ?? 0 };
  const stop = timeOrdered[stopIndex] as StopRequestedEvent;
  return { events: timeOrdered.slice(0, stopIndex), end: stop.t, stop };
}
