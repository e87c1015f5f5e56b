// Restore times over every run as a distribution: min, median, p95, max and how many, from the run rows alone.

import { describe, expect, it } from 'vitest';
import type { RunRow } from '../../src/property/resilience-result.js';
import { faultCounts, faultTotal } from '../../src/report/_internals/totals-facts.js';
import {
  formatDistribution,
  quantile,
  restoreDistribution,
  timeDistribution,
} from '../../src/property/time-distribution.js';
import { runLog, totals } from './_campaigns.js';

/** A row with these restore times and nothing else of note. */
function rowWith(index: number, restoreMs: number[]): RunRow {
  return {
    index,
    schedule: [],
    status: 'pass',
    cluster: 'reused',
    figures: {
      connections: { judged: 4, answered: 4, lost: 0, excused: {} },
      faultsLanded: {},
      restoreMs,
      reloads: { started: 0, completed: 0 },
    },
    durationMs: 300,
  };
}

describe('quantile', () => {
  it('is the middle value of an odd count, the mean of the middle two of an even one', () => {
    expect(quantile([1, 2, 9], 0.5)).toBe(2);
    expect(quantile([1, 2, 9, 10], 0.5)).toBe(5.5);
  });

  it('interpolates between the two nearest ranks, and is the extremes at 0 and 1', () => {
    // 11 values: p95 lies halfway between the 10th and the 11th.
    const sorted = [52, 61, 80, 97, 120, 143.4, 150, 171, 200, 290, 412];
    expect(quantile(sorted, 0.95)).toBe(351);
    expect(quantile(sorted, 0)).toBe(52);
    expect(quantile(sorted, 1)).toBe(412);
    expect(quantile([7], 0.95)).toBe(7);
    expect(() => quantile([], 0.5)).toThrow(RangeError);
  });
});

describe('restoreDistribution', () => {
  it('puts every restore time of every run into one distribution, whatever their order', () => {
    const rows = [rowWith(0, [300, 10]), rowWith(1, []), rowWith(2, [40]), rowWith(3, [20, 1000])];
    expect(restoreDistribution(rows)).toEqual({
      count: 5,
      minMs: 10,
      medianMs: 40,
      p95Ms: expect.closeTo(860, 9),
      maxMs: 1000,
    });
    expect(timeDistribution([40, 10, 1000, 20, 300])).toEqual(restoreDistribution(rows));
  });

  it('is undefined when no run measured a restore', () => {
    expect(restoreDistribution([])).toBeUndefined();
    expect(restoreDistribution([rowWith(0, []), rowWith(1, [])])).toBeUndefined();
  });

  it('reads as min, median, p95 and max in whole ms', () => {
    expect(formatDistribution({ count: 3, minMs: 9.6, medianMs: 143.4, p95Ms: 351.5, maxMs: 412 })).toBe(
      'min 10 ms, median 143 ms, p95 352 ms, max 412 ms',
    );
  });

  it("agrees with the campaign's totals where they overlap (the spec campaign's rows add up to its totals)", () => {
    const rows = runLog(40);
    const expected = totals();
    const distribution = restoreDistribution(rows)!;
    expect([distribution.count, distribution.medianMs, distribution.maxMs]).toEqual([
      expected.restores.count,
      expected.restores.medianMs,
      expected.restores.maxMs,
    ]);
    const sum = (pick: (row: RunRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
    expect(sum((row) => row.figures.connections.judged)).toBe(expected.connections.judged);
    expect(sum((row) => row.figures.connections.answered)).toBe(expected.connections.answered);
    const faults: Record<string, number> = {};
    for (const row of rows)
      for (const [kind, count] of Object.entries(row.figures.faultsLanded))
        faults[kind] = (faults[kind] ?? 0) + (count ?? 0);
    expect(faults).toEqual(expected.faults);
  });
});

describe('faultCounts', () => {
  it('lists faults by kind, most frequent first, and leaves out kinds that never landed', () => {
    expect(faultCounts({ exit: 3, SIGKILL: 8, hang: 0, 'uncaught-exception': 1 })).toBe(
      '8 SIGKILL, 3 exit, 1 uncaught-exception',
    );
    expect(faultCounts({})).toBe('');
    expect(faultTotal({ exit: 3, SIGKILL: 8, hang: 0 })).toBe(11);
  });
});
