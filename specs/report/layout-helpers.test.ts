// The small layout helpers behind the picture: round axis ticks, and labels stacked so that none overlaps another.

import { describe, expect, it } from 'vitest';
import { assignRows } from '../../src/report/_internals/label-rows.js';
import { formatTick, niceStep, timeScale } from '../../src/report/_internals/time-scale.js';

describe('timeScale', () => {
  it('picks round steps of 1, 2 or 5 times a power of ten', () => {
    expect([0.3, 1, 1.5, 3, 7, 12, 180, 4100].map(niceStep)).toEqual([0.5, 1, 2, 5, 10, 20, 200, 5000]);
  });

  it('maps the span onto the plot and ticks it at round times', () => {
    const scale = timeScale(0, 1530, 100, 1100);
    expect(scale.x(0)).toBe(100);
    expect(scale.x(1530)).toBe(1100);
    expect(scale.x(765)).toBe(600);
    expect(scale.x(-50)).toBe(100);
    expect(scale.ticks).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400]);
    expect(formatTick(1400, scale.step)).toBe('1400 ms');
    expect(formatTick(60_000, 10_000)).toBe('60 s');
  });

  it('gives an empty span one second, so that an empty history still has an axis', () => {
    const scale = timeScale(0, 0, 0, 900);
    expect(scale.end).toBe(1000);
    expect(scale.ticks.at(-1)).toBe(1000);
  });
});

describe('assignRows', () => {
  it('puts each label in the first row where it overlaps nothing, and leaves out what fits in no row', () => {
    const spans = [
      { left: 0, right: 50 },
      { left: 20, right: 60 },
      { left: 70, right: 90 },
      { left: 30, right: 40 },
    ];
    expect(assignRows(spans, 3, 5)).toEqual([0, 1, 0, 2]);
    expect(assignRows(spans, 2, 5)).toEqual([0, 1, 0, -1]);
  });
});
