// The small layout helpers behind the picture: round axis ticks, and labels stacked so that none overlaps another.

import { describe, expect, it } from 'vitest';
import { assignRows, fitText, stackLabels, textWidth } from '../../src/report/_internals/label-rows.js';
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

describe('stackLabels', () => {
  /** A label right of its line at x, `width` wide (3 px from the line, as the timeline draws them). */
  const right = (x: number, width: number) => ({ x, left: x + 3, right: x + 3 + width });

  it('stacks labels over the lines their text passes, so that no line runs through a label', () => {
    // Three lines close together, each label long enough to pass over the lines right of it.
    const labels = [right(100, 80), right(110, 80), right(120, 80)];
    expect(stackLabels(labels, 4)).toEqual([2, 1, 0]);
    // First come, first placed (assignRows) would put the first label lowest, and the two other lines through it.
    expect(assignRows(labels, 4)).toEqual([0, 1, 2]);
  });

  it('puts labels whose text passes over no line side by side in one row', () => {
    expect(stackLabels([right(0, 40), right(60, 40), right(120, 40)], 4)).toEqual([0, 0, 0]);
  });

  it('places labels left of their line (at the right edge) from the leftmost, and never lets its own line cross a lower label', () => {
    const left = (x: number, width: number) => ({ x, left: x - 3 - width, right: x - 3 });
    // Two labels left of lines at 500 and 510: the one at 510 passes over the line at 500, so it goes above.
    expect(stackLabels([left(500, 60), left(510, 60)], 4)).toEqual([0, 1]);
    // A line inside a label below it: the label right of 100 (row 0) covers x 130, so 130's label must go above it.
    expect(stackLabels([right(100, 80), right(130, 20)], 4)).toEqual([1, 0]);
  });

  it('leaves out what fits in no row', () => {
    expect(stackLabels([right(100, 80), right(110, 80), right(120, 80)], 2)).toEqual([-1, 1, 0]);
  });
});

describe('fitText', () => {
  it('keeps a text that fits, and shortens one that does not with an ellipsis, within the room', () => {
    expect(fitText('run 38 of 100', 15, 500)).toBe('run 38 of 100');
    const fitted = fitText(
      'fixtures/corrected/restart/master.js: PASS, run 38 of 100, the run with the most faults landed',
      15,
      300,
    );
    expect(fitted.endsWith('…')).toBe(true);
    expect(textWidth(fitted, 15)).toBeLessThanOrEqual(300);
    expect(fitted.startsWith('fixtures/corrected/')).toBe(true);
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
