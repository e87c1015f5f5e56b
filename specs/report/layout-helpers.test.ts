// The small layout helpers behind the picture: round axis ticks, and labels stacked so that none overlaps another.

import { describe, expect, it } from 'vitest';
import { assignRows, textWidth } from '../../src/report/_internals/label-rows.js';
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

describe('textWidth', () => {
  it("is at least the width Chromium draws the report's labels with (semi-bold, DejaVu Sans on Debian), capitals wider than lower case", () => {
    // Measured with getComputedTextLength() in headless Chromium, in the timeline's own stylesheet.
    const measured: [string, number, number][] = [
      ['fault #1: SIGKILL', 10.5, 100.9],
      ['step 2: burst 9 connections (6 at once), SIGTERM on the newest worker in flight after 8', 10.5, 516.6],
      ['cluster ready', 10.5, 78.3],
      ['fault #3: uncaught-exception', 10.5, 173.5],
      ['WWWWWWWWWW', 10.5, 115.8],
      ['iiiiiiiiii', 10.5, 36],
      ['ended by fault #12', 10, 107.8],
      ['still running', 10, 68.5],
    ];
    for (const [label, size, width] of measured) {
      expect(textWidth(label, size), label).toBeGreaterThanOrEqual(width);
      expect(textWidth(label, size), label).toBeLessThan(width * 1.2);
    }
  });
});
