// checkResilience's time limit on real clusters: a campaign of many runs ends once the limit is spent (never cutting a
// run), and a failure found before it is reported shrunk, in time for the test that called it.

import { describe, expect, test } from 'vitest';
import { checkResilience } from '../../src/index.js';

describe('timeLimitMs', () => {
  test('1000 runs asked, 5 s allowed: the check ends after the run under way at 5 s, and says so', async () => {
    const started = performance.now();
    const result = await checkResilience({
      cluster: { topology: 'corrected/round-robin', workers: 2 },
      runs: 1000,
      seed: 3,
      timeLimitMs: 5000,
    });
    const elapsed = performance.now() - started;
    expect(result.status).toBe('pass');
    expect(result).toMatchObject({ runsAsked: 1000, endedEarly: 'time-limit' });
    expect(result.runs).toBeGreaterThan(0);
    expect(result.runs).toBe(result.runLog.length);
    // The limit, one run that started before it, and the stop of the clusters: no run is cut, none starts after it.
    const longestRun = Math.max(...result.runLog.map((row) => row.durationMs));
    expect(elapsed).toBeLessThan(5000 + longestRun + 5000);
  }, 60_000);

  test('a bug found before the limit is reported with its counterexample', async () => {
    const result = await checkResilience({
      cluster: { topology: 'tutorial/round-robin', workers: 2 },
      runs: 1000,
      seed: 3,
      timeLimitMs: 8000,
    });
    expect(result.status).toBe('fail');
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.counterexample).toBeDefined();
    expect(result.path).toBeDefined();
  }, 60_000);
});
