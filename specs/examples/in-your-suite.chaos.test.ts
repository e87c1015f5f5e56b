// The README's examples, run as specs so they cannot rot. Imports are the package's own (`cluster-chaos/vitest`).

import { test as fcTest } from '@fast-check/vitest';
import { expect, test } from 'vitest';
import { checkResilience, clusterTest, runSchedule, scheduleArbitrary, startCluster } from 'cluster-chaos/vitest';

// 1. A real cluster per test, stopped even when the test fails: `await using`.
test('answers every connection while a worker is killed', async () => {
  await using cluster = await startCluster({ entry: 'fixtures/corrected/round-robin/master.js', workers: 2 });

  const burst = cluster.burst({ count: 40, concurrency: 8 });
  await cluster.crash({ kind: 'SIGKILL', target: 'oldest' });
  await burst;
  await cluster.waitForWorkers(2);
  await cluster.burst({ count: 4 });

  expect(cluster).toAnswerEveryConnection();
  expect(cluster).toRestoreWorkers(2, { within: 5000 });
  expect(cluster).toKeepMasterAlive();
});

// 2. The same as a fixture: each test that asks for `cluster` gets a fresh one.
const clusterIt = clusterTest({ entry: 'fixtures/http/master.js', workers: 2, protocol: 'http' });

clusterIt('serves HTTP from every worker', async ({ cluster }) => {
  const result = await cluster.burst({ count: 20, concurrency: 4 });
  expect(result.outcomes.answered).toBe(20);
  expect(cluster).toHandleEachConnectionOnce();
});

// 3. Property-based: generated schedules of bursts, crashes and pauses, shrunk on failure.
test('survives generated chaos', async () => {
  const result = await checkResilience({
    cluster: { entry: 'fixtures/corrected/restart/master.js', workers: 2 },
    runs: 5,
    seed: 42,
  });
  expect(result.status).toBe('pass');
});

test('finds the tutorial bug and shrinks it', async () => {
  const result = await checkResilience({ cluster: { topology: 'tutorial/round-robin', workers: 2 }, runs: 5, seed: 42 });
  expect(result.status).toBe('fail');
  expect(result.counterexample?.length).toBeLessThanOrEqual(3);
  expect(result.verdicts.find((verdict) => verdict.invariant === 'master-survived')?.status).toBe('fail');
});

// 4. With @fast-check/vitest: a schedule per property run, on a cluster of its own.
fcTest.prop([scheduleArbitrary({ maxSteps: 2, maxBurst: 8 })], { numRuns: 3, seed: 7 })(
  'the corrected restart master holds under generated schedules',
  async (schedule) => {
    await using cluster = await startCluster({ entry: 'fixtures/corrected/restart/master.js', workers: 2 });
    const run = await runSchedule(cluster, schedule);
    expect(run.events).toAnswerEveryConnection();
    expect(run.events).toRestoreWorkers(2);
  },
);
