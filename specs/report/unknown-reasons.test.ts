// Specs for why unknown runs proved nothing: reasons grouped up to their numbers, most frequent first.

import { describe, expect, test } from 'vitest';
import { runNumbers, unknownReasons } from '../../src/report/_internals/unknown-reasons.js';
import { unknownRuns } from './_campaigns.js';

describe('unknownReasons', () => {
  test('groups the runs by invariant and message, the most frequent first', () => {
    expect(unknownReasons(unknownRuns)).toEqual([
      {
        invariant: 'every-connection-answered',
        message: 'no connection was answered: the run proves nothing',
        runs: [3, 16],
        identical: true,
      },
      {
        invariant: 'worker-count-restored',
        message: 'fault #2 (SIGKILL on the oldest worker) was asked for and never landed',
        runs: [8],
        identical: true,
      },
    ]);
  });

  test('groups messages that differ only in their numbers, and says they differ', () => {
    const run = (index: number, message: string) => ({
      index,
      schedule: [],
      status: 'unknown' as const,
      verdicts: [{ invariant: 'fairness' as const, status: 'unknown' as const, message, evidence: [] }],
    });
    const [reason] = unknownReasons([run(1, 'only 3 of 20 answered'), run(2, 'only 4 of 20 answered')]);
    expect(reason).toMatchObject({ runs: [1, 2], identical: false, message: 'only 3 of 20 answered' });
  });

  test('counts a run with no verdict to show under no reason recorded', () => {
    const [reason] = unknownReasons([{ index: 0, schedule: [], status: 'unknown', verdicts: [] }]);
    expect(reason).toMatchObject({ invariant: 'run', runs: [0] });
  });
});

describe('runNumbers', () => {
  test('counts runs from 1, in order, with how many more past the limit', () => {
    expect(runNumbers([3])).toBe('run 4');
    expect(runNumbers([19, 3, 16])).toBe('runs 4, 17 and 20');
    expect(runNumbers([0, 1, 2, 3], 2)).toBe('runs 1, 2 and 2 more');
  });
});
