// `checkResilience` at its defaults (up to its first problem) finds each buggy program's bug, shrunk to at most 3 steps, and the replay of its
// seed and path fails again on a fresh cluster. `npm test` checks the quick ones; `CHAOS_BUGGY=all` checks all 11
// (the race-dependent and restart-storm ones take a minute or more each).

import { describe, expect, test } from 'vitest';
import { checkResilience, type TopologyName } from '../../src/index.js';
import { formatSchedule } from '../../src/property/schedule.js';

const quick: TopologyName[] = [
  'tutorial/round-robin',
  'buggy/never-restarts',
  'buggy/dead-in-rotation',
  'buggy/orphan-workers',
];
const all: TopologyName[] = [
  'tutorial/round-robin',
  'tutorial/shared-handle',
  'tutorial/restart',
  'buggy/never-restarts',
  'buggy/restarts-once',
  'buggy/dead-in-rotation',
  'buggy/exit-race',
  'buggy/restart-storm',
  'buggy/slow-restart',
  'buggy/orphan-workers',
  'buggy/stops-listening-after-crash',
];

describe.each(process.env.CHAOS_BUGGY === 'all' ? all : quick)('check %s at its defaults', (topology) => {
  test('fails with a counterexample of at most 3 steps, and its replay fails on a fresh cluster', {
    timeout: 300_000,
  }, async () => {
    const cluster = { topology, workers: 2 };
    // At its defaults, up to its first problem: the search for more after it (runsAfterFailure) is verdicts.chaos's
    // subject, and would cost this spec a minute or more per program.
    const found = await checkResilience({ cluster, runsAfterFailure: 0 });
    const failed = found.verdicts.filter((verdict) => verdict.status === 'fail').map((verdict) => verdict.invariant);
    expect(found.status, `seed ${found.seed}`).toBe('fail');
    expect(found.counterexample!.length, formatSchedule(found.counterexample!)).toBeLessThanOrEqual(3);

    const replay = await checkResilience({ cluster, seed: found.seed, path: found.path! });
    expect(replay.status, `replay of --seed ${found.seed} --path ${found.path}`).toBe('fail');
    expect(replay.counterexample).toEqual(found.counterexample);
    // The replay fails for the same reason.
    expect(replay.verdicts.filter((verdict) => verdict.status === 'fail').map((verdict) => verdict.invariant)).toEqual(
      expect.arrayContaining(failed.slice(0, 1)),
    );
  });
});
