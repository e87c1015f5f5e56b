// The time span a timeline draws: the run's own events, from its start to its last event with a small margin, not 0..end.

import type { HistoryEvent, Millis } from '../../history/events.js';
import { runStartLabel } from '../../property/run-schedule.js';

/**
 * The launch before a run is drawn when it takes at most this share of the run's own length: then it is context (the
 * first run of a campaign on the cluster started for it); longer, it would squeeze the run into a sliver.
 */
const launchShare = 0.25;

/** Room left and right of the first and last event drawn, as a share of the span between them. */
const marginShare = 0.02;

export interface TimelineSpan {
  /** The first and last time of the axis, margins included. */
  start: Millis;
  end: Millis;
  /**
   * Set when the history begins long before the run (a fresh cluster started ahead, idle until the run took it): the
   * times from the history's first event to the run's start, which the picture leaves out.
   */
  leftOut?: { from: Millis; to: Millis };
}

/**
 * The span a history is drawn over. A run on a reused cluster is a slice that starts 20 s after the cluster's launch;
 * a run on a fresh cluster started ahead carries its launch and then seconds of waiting: either way the picture spans
 * the run itself, from its start (the runner's `run start` mark) or else its first event, to its last event, with a
 * margin of 2 % either side (never before 0 for a history that starts at 0). An empty history gets one second.
 */
export function timelineSpan(events: readonly HistoryEvent[]): TimelineSpan {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let runStart: Millis | undefined;
  for (const event of events) {
    if (event.t < first) first = event.t;
    if (event.t > last) last = event.t;
    if (runStart === undefined && event.type === 'mark' && event.label === runStartLabel) runStart = event.t;
  }
  if (!Number.isFinite(first)) return { start: 0, end: 1000 };
  const cut = runStart !== undefined && runStart - first > launchShare * (last - runStart);
  const from = cut ? runStart! : first;
  if (last <= from) return { start: from, end: from + 1000, ...(cut ? { leftOut: { from: first, to: from } } : {}) };
  const margin = (last - from) * marginShare;
  const start = from >= 0 && from - margin < 0 ? 0 : from - margin;
  return { start, end: last + margin, ...(cut ? { leftOut: { from: first, to: from } } : {}) };
}
