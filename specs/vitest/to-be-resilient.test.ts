// `expect(result).toBeResilient()` and where a check's seed and path come from: a failing check in a test says
// everything needed to understand and replay it, with no other output.

import { describe, expect, test } from 'vitest';
import { seedAndPath } from '../../src/property/check-resilience.js';
import type { ResilienceResult } from '../../src/property/resilience-result.js';
import { describeResilience } from '../../src/vitest/matchers.js';

function failing(fields: Partial<ResilienceResult> = {}): ResilienceResult {
  return {
    status: 'fail',
    runs: 12,
    runsAsked: 20,
    totalRuns: 19,
    seed: 4242,
    seedFrom: 'random',
    problems: [
      {
        cause: {
          key: 'worker-count-restored/not-restored',
          origin: 'app',
          summary: 'fault #1 (SIGKILL) on worker 11: not restored by the deadline',
          fix: 'Restart a worker that exits.',
          count: 1,
        },
        status: 'confirmed',
        seenInRuns: 3,
        counterexample: [{ type: 'crash', fault: { kind: 'SIGKILL', target: 'oldest' } }],
        originalCounterexample: [],
        path: '4:d0',
        shrinks: 1,
        shrinkBudgetExhausted: false,
        verdicts: [],
        events: [],
        outputTail: '',
      },
    ],
    unknownRuns: [],
    totals: {
      runs: 12,
      passed: 11,
      failed: 1,
      unknown: 0,
      connections: { judged: 0, answered: 0, lost: 0, excused: {} },
      faults: {},
      restores: { count: 0, medianMs: undefined, maxMs: undefined },
      reloads: { started: 0, completed: 0 },
    },
    runLog: [],
    durationMs: 1000,
    shrinks: 1,
    shrinkBudgetExhausted: false,
    verdicts: [],
    events: [],
    outputTail: '',
    ...fields,
  } as ResilienceResult;
}

describe('toBeResilient', () => {
  test('a failure: each problem with its cause, fix, counterexample and the command that replays it', () => {
    const text = describeResilience(failing(), 'holds under chaos');
    expect(text).toMatch(
      /^expected the cluster to be resilient, but the check is FAIL: 12 of 20 runs, seed 4242 \(random\)/,
    );
    expect(text).toContain('Problem 1 of 1 (app): worker-count-restored/not-restored');
    expect(text).toContain('  Fix: Restart a worker that exits.');
    expect(text).toContain('  Counterexample (path 4:d0):\n    1. crash: SIGKILL on the oldest worker');
    expect(text).toContain('  Replay: CHAOS_SEED=4242 CHAOS_PATH=4:d0 npx vitest run -t "holds under chaos"');
  });

  test('a seed the test sets itself: the replay needs CHAOS_PATH only', () => {
    expect(describeResilience(failing({ seedFrom: 'options' }), 'x')).toContain(
      '  Replay: CHAOS_PATH=4:d0 npx vitest run -t "x"',
    );
  });

  test('as a matcher: a pass passes, a failure throws the description', () => {
    expect(failing({ status: 'pass', problems: [] })).toBeResilient();
    expect(() => expect(failing()).toBeResilient()).toThrow(
      /Problem 1 of 1 \(app\): worker-count-restored\/not-restored[\s\S]*Replay: CHAOS_SEED=4242 CHAOS_PATH=4:d0/,
    );
  });

  test('unknown runs and a harness error are said, not hidden', () => {
    const text = describeResilience(
      failing({
        status: 'error',
        problems: [],
        unknownRuns: [
          {
            index: 6,
            schedule: [],
            status: 'unknown',
            verdicts: [
              {
                invariant: 'every-connection-answered',
                status: 'unknown',
                message: 'no connection was answered',
                evidence: [],
              },
            ],
          },
        ],
        harnessFailure: {
          message: 'cluster did not start',
          name: 'ClusterStartError',
          run: 8,
          phase: 'running',
          detail: '',
        },
      }),
    );
    expect(text).toContain('Run 7 proved nothing: every-connection-answered: no connection was answered');
    expect(text).toContain(
      'An error of cluster-chaos or of the environment, not of the app (running, run 9): cluster did not start',
    );
  });
});

describe('seedAndPath', () => {
  test('the options first, then CHAOS_SEED and CHAOS_PATH, else a random seed', () => {
    expect(seedAndPath({ seed: 7 }, { CHAOS_SEED: '9', CHAOS_PATH: '3' })).toEqual({
      seed: 7,
      seedFrom: 'options',
      path: '3',
    });
    expect(seedAndPath({}, { CHAOS_SEED: '9' })).toEqual({ seed: 9, seedFrom: 'CHAOS_SEED', path: undefined });
    expect(seedAndPath({ seed: 7, path: '1' }, { CHAOS_PATH: '3' })).toMatchObject({ path: '1' });
    expect(seedAndPath({}, {})).toMatchObject({ seedFrom: 'random', path: undefined });
    // A base for campaignSeed (any text) is not a seed of its own.
    expect(seedAndPath({}, { CHAOS_SEED: 'pipeline-7' })).toMatchObject({ seedFrom: 'random' });
  });

  test('a path with no seed to replay it from is an error that says what to set', () => {
    expect(() => seedAndPath({}, { CHAOS_PATH: '3' })).toThrow(
      'CHAOS_PATH replays a path of a seed: set CHAOS_SEED too (a number)',
    );
    expect(() => seedAndPath({ path: '3' }, {})).toThrow('replaying a path needs its seed too');
  });
});
