// checkResilience's options resolved once: every default applied from one table, checks in order, the result frozen.

import { describe, expect, test } from 'vitest';
import {
  checkCampaignCounts,
  checkResilienceDefaults,
  resolveCheckOptions,
} from '../../src/property/_internals/resolve-options.js';
import type { CheckResilienceOptions } from '../../src/property/check-resilience-options.js';

const cluster: CheckResilienceOptions['cluster'] = { topology: 'corrected/round-robin', workers: 3 };
const noEnvironment = {};

describe('resolveCheckOptions', () => {
  test('every default comes from checkResilienceDefaults', () => {
    const resolved = resolveCheckOptions({ cluster, seed: 7 }, noEnvironment);
    const defaults = checkResilienceDefaults;
    expect(resolved).toMatchObject({
      runs: defaults.runs,
      seed: 7,
      seedFrom: 'options',
      replay: undefined,
      schedules: { seed: 7, smallestFirst: defaults.smallestFirst, constraints: { reload: false } },
      simplestKind: 'SIGKILL',
      runOptions: { restoreWithinMs: defaults.restoreWithinMs, connectionTimeoutMs: defaults.connectionTimeoutMs },
      checks: {
        everyConnectionAnswered: { strict: defaults.strict, maxAnsweredStatus: defaults.maxAnsweredStatus },
        workerCountRestored: { restoreWithinMs: defaults.restoreWithinMs },
      },
      exclusive: false,
      policy: {
        reuse: defaults.reuseCluster,
        maxRunsPerCluster: defaults.maxRunsPerCluster,
        confirmAttempts: defaults.confirmAttempts,
        runsAfterFailure: defaults.runsAfterFailure,
        shrinkBudgetMs: defaults.shrinkBudgetMs,
      },
    });
    // No budget, no fault budget, no reload: those keys are absent, as they always were.
    expect(resolved.policy).not.toHaveProperty('timeLimitMs');
    expect(resolved.runOptions).not.toHaveProperty('minAvailable');
    expect(resolved.runOptions).not.toHaveProperty('reload');
    expect(defaults).toMatchObject({ runs: 100, restoreWithinMs: 5000, shrinkBudgetMs: 30_000, replayAttempts: 5 });
  });

  test('the resolved options and the objects they made are frozen', () => {
    const resolved = resolveCheckOptions({ cluster, seed: 1, path: '3' }, noEnvironment);
    const { policy, schedules, runOptions, checks, replay } = resolved;
    for (const part of [resolved, policy, schedules, runOptions, checks, replay]) {
      expect(Object.isFrozen(part)).toBe(true);
    }
    expect(Object.isFrozen(checkResilienceDefaults)).toBe(true);
  });

  test('given values win over the defaults; the first fault kind is the one faults shrink toward', () => {
    const resolved = resolveCheckOptions(
      {
        cluster,
        seed: 3,
        runs: 9,
        timeLimitMs: 1000,
        minAvailable: 1,
        reuseCluster: false,
        runsAfterFailure: 0,
        schedule: { faultKinds: ['exit', 'SIGKILL'] },
      },
      noEnvironment,
    );
    expect(resolved).toMatchObject({
      runs: 9,
      simplestKind: 'exit',
      runOptions: { minAvailable: 1 },
      policy: { reuse: false, runsAfterFailure: 0, timeLimitMs: 1000 },
    });
  });

  test('CHAOS_SEED and CHAOS_PATH from the environment make a replay', () => {
    const resolved = resolveCheckOptions({ cluster, replayAttempts: 2 }, { CHAOS_SEED: '42', CHAOS_PATH: '3-4:d0' });
    expect(resolved).toMatchObject({ seed: 42, seedFrom: 'CHAOS_SEED', replay: { pathText: '3-4:d0', attempts: 2 } });
    expect(resolved.replay!.path).toMatchObject({ first: 3, last: 4, tokens: [{ type: 'drop', steps: [0] }] });
  });

  test('the first bad option is the one reported, in the words it always had', () => {
    expect(() => resolveCheckOptions({ cluster, runs: 0, minAvailable: 9 }, noEnvironment)).toThrow(
      'runs: must be a positive integer, got 0',
    );
    expect(() => resolveCheckOptions({ cluster, seed: 1, path: 'nonsense' }, noEnvironment)).toThrow(/^path: /);
    expect(() => resolveCheckOptions({ cluster, minAvailable: 3 }, noEnvironment)).toThrow(
      'minAvailable: must be less than the 3 workers (with 3 no worker could ever be faulted)',
    );
    expect(() => resolveCheckOptions({ cluster, maxAnsweredStatus: 600 }, noEnvironment)).toThrow(
      'maxAnsweredStatus: must be an HTTP status from 100 to 599, got 600',
    );
    expect(() => resolveCheckOptions({ cluster, schedule: { reload: true } }, noEnvironment)).toThrow(
      'schedule.reload: schedules with reloads need to know how to reload: give the reload option',
    );
  });

  test('the campaign counts are checked as a campaign starts, not before (a replay never reads them)', () => {
    const resolved = resolveCheckOptions({ cluster, seed: 1, path: '0', maxRunsPerCluster: 0 }, noEnvironment);
    expect(() => checkCampaignCounts(resolved.policy)).toThrow('maxRunsPerCluster: must be a positive integer, got 0');
    const counts = { ...resolved.policy, maxRunsPerCluster: 1, confirmAttempts: 0, runsAfterFailure: -1 };
    expect(() => checkCampaignCounts(counts)).toThrow('confirmAttempts: must be a positive integer, got 0');
    expect(() => checkCampaignCounts({ ...counts, confirmAttempts: 1 })).toThrow(
      'runsAfterFailure: must be a non-negative integer, got -1',
    );
  });
});
