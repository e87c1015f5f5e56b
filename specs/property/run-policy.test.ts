// The campaign's rules as one object: which cluster a run plays on, confirmation replays, when to stop, the budgets.

import { describe, expect, test } from 'vitest';
import { RunPolicy, type RunPolicyOptions } from '../../src/property/_internals/run-policy.js';
import type { ScheduleSource } from '../../src/property/campaign-schedules.js';
import { concatenateSchedules, type Schedule } from '../../src/property/schedule.js';

const schedules: ScheduleSource = {
  smallestCount: 2,
  at: (index) => [{ type: 'pause', ms: index + 10 }],
  concatenation(first, last) {
    const runs: Schedule[] = [];
    for (let index = first; index <= last; index++) runs.push(this.at(index));
    return concatenateSchedules(runs);
  },
};

const options: RunPolicyOptions = {
  reuse: true,
  maxRunsPerCluster: 3,
  confirmAttempts: 2,
  runsAfterFailure: 2,
  shrinkBudgetMs: 100,
};

/** A clock the spec moves by hand. */
function clock(start = 0) {
  const time = { now: start };
  return { time, now: () => time.now };
}

describe('RunPolicy', () => {
  test('the smallest schedules and the first run play fresh; the others on the reused cluster, when reusing', () => {
    const policy = new RunPolicy(options, schedules, clock().now);
    expect([0, 1, 2, 3].map((index) => policy.clusterOf(index))).toEqual(['fresh', 'fresh', 'reused', 'reused']);
    const noReuse = new RunPolicy({ ...options, reuse: false }, schedules, clock().now);
    expect([0, 2, 9].map((index) => noReuse.clusterOf(index))).toEqual(['fresh', 'fresh', 'fresh']);
    const noSmallest = new RunPolicy(options, { ...schedules, smallestCount: 0 }, clock().now);
    expect([0, 1].map((index) => noSmallest.clusterOf(index))).toEqual(['fresh', 'reused']);
  });

  test('a reused cluster is full after maxRunsPerCluster runs', () => {
    const policy = new RunPolicy(options, schedules, clock().now);
    expect([0, 2, 3, 4].map((played) => policy.isFull(played))).toEqual([false, false, true, true]);
  });

  test('confirmations: the failing run alone, then everything the cluster ran, confirmAttempts times', () => {
    const policy = new RunPolicy(options, schedules, clock().now);
    const { everything, replays } = policy.confirmations([4, 5, 6]);
    expect(everything).toEqual({ first: 4, last: 6, schedule: schedules.concatenation(4, 6) });
    expect(replays).toEqual([{ first: 6, last: 6, schedule: schedules.at(6) }, everything, everything]);
  });

  test('ends after runsAfterFailure quiet runs once a run failed, never before a failure', () => {
    const policy = new RunPolicy(options, schedules, clock().now);
    expect(policy.endBefore(5, { failedOnce: false, quietRuns: 99 })).toBeUndefined();
    expect(policy.endBefore(5, { failedOnce: true, quietRuns: 1 })).toBeUndefined();
    expect(policy.endBefore(5, { failedOnce: true, quietRuns: 2 })).toBe('after-failure');
    const stopAtFirst = new RunPolicy({ ...options, runsAfterFailure: 0 }, schedules, clock().now);
    expect(stopAtFirst.endBefore(1, { failedOnce: true, quietRuns: 0 })).toBe('after-failure');
  });

  test("the time limit counts from the policy's making; the first run always plays", () => {
    const { time, now } = clock(1000);
    const policy = new RunPolicy({ ...options, timeLimitMs: 50 }, schedules, now);
    const streak = { failedOnce: false, quietRuns: 0 };
    expect(policy.endBefore(1, streak)).toBeUndefined();
    time.now = 1050;
    expect(policy.endBefore(0, streak)).toBeUndefined();
    expect(policy.endBefore(1, streak)).toBe('time-limit');
    const unlimited = new RunPolicy(options, schedules, now);
    time.now = 1e12;
    expect(unlimited.endBefore(1, streak)).toBeUndefined();
  });

  test('the shrink budget is shared: each shrink gets what the ones before left, and never past the time limit', () => {
    const { time, now } = clock();
    const policy = new RunPolicy({ ...options, timeLimitMs: 500 }, schedules, now);
    time.now = 10;
    const first = policy.startShrinking();
    expect(first).toEqual({ began: 10, deadline: 110 });
    time.now = 70;
    policy.endShrinking(first.began);
    time.now = 200;
    expect(policy.startShrinking().deadline).toBe(240);
    time.now = 480;
    expect(policy.startShrinking().deadline).toBe(500);
  });

  test('its rules are frozen', () => {
    const policy = new RunPolicy(options, schedules, clock().now);
    expect(Object.isFrozen(policy.options)).toBe(true);
    expect(policy.options).toEqual(options);
  });
});
