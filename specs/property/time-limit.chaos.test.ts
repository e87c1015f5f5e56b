// checkResilience's time limit on real clusters: a campaign of many runs ends once the limit is spent (never cutting a
// run), and a failure found before it is reported shrunk, in time for the test that called it.

import { describe, expect, test } from 'vitest';
import { checkResilience, runSchedule, startCluster } from '../../src/index.js';

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

describe('past the time limit, the run under way does not wait for the fault budget', () => {
  test('on an app that never restores, the second fault is skipped at once, saying why', async () => {
    await using cluster = await startCluster({ topology: 'buggy/never-restarts', workers: 2 });
    const run = await runSchedule(
      cluster,
      [
        { type: 'crash', fault: { kind: 'SIGKILL', target: 'oldest' } },
        { type: 'crash', fault: { kind: 'SIGKILL', target: 'oldest' } },
      ],
      { minAvailable: 1, restoreWithinMs: 2000, pastTimeLimit: () => true },
    );
    const labels = run.events.flatMap((event) => (event.type === 'mark' ? [event.label] : []));
    expect(
      labels.some((label) => label.startsWith('fault budget:')),
      labels.join('\n'),
    ).toBe(false);
    const skipped = run.events.filter((event) => event.type === 'fault-skipped');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({
      kind: 'SIGKILL',
      reason:
        "the fault budget (minAvailable 1) would be broken (1 worker(s) available), and the campaign's time limit has passed: no waiting for it",
    });
    expect(run.events.filter((event) => event.type === 'fault-landed')).toHaveLength(1);
  });
});
