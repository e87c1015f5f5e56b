// The span a timeline draws: the run's own events with a small margin, whether it ran on a reused cluster or on a fresh one started ahead.

import { describe, expect, it } from 'vitest';
import { timelineSpan } from '../../src/report/_internals/timeline-span.js';
import { crashHistory, history, spareClusterRun } from './_histories.js';

describe('timelineSpan', () => {
  it('spans a slice of a reused cluster from its first event to its last, 2 % of margin either side', () => {
    const slice = history()
      .ready(10, [11, 12], 20_000)
      .mark(20_000, 'run start')
      .answered([11, 12], 20_010, 6, 10)
      .mark(20_200, 'run end').events;
    expect(timelineSpan(slice)).toEqual({ start: 19_996, end: 20_204 });
  });

  it('leaves out the launch of a fresh cluster that waited long before its run: the run fills the picture, not a sliver at its end', () => {
    // A spare cluster started at 0, ready at 300 ms, taken by a 9 ms run at 20 s.
    const started = spareClusterRun();
    const span = timelineSpan(started);
    expect(span.leftOut).toEqual({ from: 0, to: 20_000 });
    expect(span.start).toBeCloseTo(20_000 - 0.18, 9);
    expect(span.end).toBeCloseTo(20_009 + 0.18, 9);
  });

  it('keeps a short launch as context (the first run on the cluster started for it), and never starts before 0', () => {
    const { events } = crashHistory();
    const withMark = [...events, { type: 'mark' as const, t: 92, label: 'run start' }].sort((a, b) => a.t - b.t);
    for (const history of [events, withMark]) {
      const span = timelineSpan(history);
      expect(span.leftOut).toBeUndefined();
      expect(span.start).toBe(0);
      expect(span.end).toBeCloseTo(531 * 1.02, 9);
    }
  });

  it('gives an empty history, or a single instant, one second', () => {
    expect(timelineSpan([])).toEqual({ start: 0, end: 1000 });
    expect(timelineSpan([{ type: 'mark', t: 50, label: 'x' }])).toEqual({ start: 50, end: 1050 });
  });
});
