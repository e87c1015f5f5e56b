// The history: one timeline of everything that happened to a cluster, ordered by time, observable while it grows.

import type { EventOf, HistoryEvent, HistoryEventType } from './events.js';

export type HistoryListener = (event: HistoryEvent) => void;

/** A history serialised to JSON (`history.toJSON()`), readable back with `History.fromJSON`. */
export interface HistoryJSON {
  version: 1;
  events: HistoryEvent[];
}

/**
 * An append-mostly, time-ordered list of events. Events reported by probes carry their own timestamp
 * from the shared monotonic clock and may arrive a little late: they are inserted in time order.
 */
export class History {
  readonly #events: HistoryEvent[] = [];
  readonly #listeners = new Set<HistoryListener>();

  constructor(events: Iterable<HistoryEvent> = []) {
    for (const event of events) this.#insert(event);
  }

  static fromJSON(json: HistoryJSON | HistoryEvent[]): History {
    return new History(Array.isArray(json) ? json : json.events);
  }

  /** Records an event and tells every listener. */
  record(event: HistoryEvent): void {
    this.#insert(event);
    for (const listener of [...this.#listeners]) listener(event);
  }

  /** Calls `listener` for every event recorded from now on; returns the function that unsubscribes. */
  subscribe(listener: HistoryListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** All events, in time order (a copy). */
  get events(): readonly HistoryEvent[] {
    return this.#events.slice();
  }

  get length(): number {
    return this.#events.length;
  }

  /** The events of the given types, in time order. */
  ofType<K extends HistoryEventType>(...types: K[]): EventOf<K>[] {
    const wanted = new Set<HistoryEventType>(types);
    return this.#events.filter((event): event is EventOf<K> => wanted.has(event.type));
  }

  /** The last `count` events (for error messages and reports). */
  tail(count: number): HistoryEvent[] {
    return this.#events.slice(Math.max(0, this.#events.length - count));
  }

  toJSON(): HistoryJSON {
    return { version: 1, events: this.#events.slice() };
  }

  #insert(event: HistoryEvent): void {
    // Most events arrive in order: walk back from the end only as far as needed (stable for equal times).
    let index = this.#events.length;
    while (index > 0 && this.#events[index - 1]!.t > event.t) index--;
    this.#events.splice(index, 0, event);
  }
}
