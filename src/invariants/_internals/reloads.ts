// Reloads as the checkers see them: each start paired with the end or failure that closes it.

import type { HistoryEvent, Millis, ReloadEvent } from '../../history/events.js';

/** A reload from its `start` to the `end` or `failed` that closes it (open to the end of time if none does). */
export interface ReloadWindow {
  start: ReloadEvent;
  /** The `end` or `failed` event that closed it, if any. */
  close?: ReloadEvent;
  /** `close.t`, or +Infinity for a reload that never closed. */
  closeAt: Millis;
}

/**
 * The reloads of a history, in order. Reloads run one at a time: each `start` is closed by the first `end` or
 * `failed` after it (at or after its time) that no earlier start took; an `end` or `failed` with no open start is
 * ignored.
 */
export function reloadWindows(timeline: readonly HistoryEvent[]): ReloadWindow[] {
  const windows: ReloadWindow[] = [];
  for (const event of timeline) {
    if (event.type !== 'reload') continue;
    if (event.phase === 'start') {
      windows.push({ start: event, closeAt: Number.POSITIVE_INFINITY });
      continue;
    }
    const open = windows.find((window) => window.close === undefined && window.start.t <= event.t);
    if (open) {
      open.close = event;
      open.closeAt = event.t;
    }
  }
  return windows;
}

/** The first reload whose window [start, close] overlaps [from, to], if any. */
export function reloadOverlapping(
  windows: readonly ReloadWindow[],
  from: Millis,
  to: Millis,
): ReloadWindow | undefined {
  return windows.find((window) => window.start.t <= to && window.closeAt >= from);
}
