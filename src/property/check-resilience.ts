// checkResilience: a campaign of chaos schedules on real clusters; every distinct problem, confirmed and shrunk.

import { buildResilienceResult } from './_internals/build-resilience-result.js';
import type { CampaignOutcome } from './_internals/campaign-outcome.js';
import { ClusterExecutor } from './_internals/cluster-executor.js';
import { checkCampaignCounts, resolveCheckOptions } from './_internals/resolve-options.js';
import { CampaignSchedules } from './campaign-schedules.js';
import { runCampaign } from './campaign.js';
import type { CheckResilienceOptions } from './check-resilience-options.js';
import { replayPath, scheduleOfPath } from './replay-path.js';
import type { Problem, ResilienceResult } from './resilience-result.js';
import { shardedPath, ShardSchedules } from './shard-schedules.js';

export type { CheckResilienceOptions } from './check-resilience-options.js';
export type { CampaignProgress as ResilienceProgress } from './campaign-progress.js';
export type {
  CampaignStatus,
  CampaignTotals,
  HarnessFailure,
  Problem,
  ResilienceResult,
  RunSummary,
} from './resilience-result.js';
export { randomSeed, seedAndPath } from './seed-and-path.js';

/**
 * Plays a campaign of `runs` chaos schedules against the cluster and decides, Jepsen style: `pass` only when every
 * run passed; `fail` with every distinct problem (grouped by cause), each confirmed on a fresh cluster and shrunk, or
 * reported as seen and not reproduced; `unknown` when no run failed but some proved nothing; `error` when cluster-chaos
 * or the environment failed (never a counterexample). See `runCampaign` for the rules and docs/campaigns.md for the
 * why. With `seed` and `path` (or `CHAOS_SEED` and `CHAOS_PATH`), replays one counterexample instead.
 *
 * The options are resolved once (`resolveCheckOptions`), the campaign plays by its `RunPolicy`, and the result is
 * built in one place (`buildResilienceResult`) from what the campaign recorded.
 *
 * @example
 * ```ts
 * import { checkResilience } from 'cluster-chaos';
 *
 * const result = await checkResilience({
 *   cluster: { topology: 'corrected/round-robin', workers: 3 },
 *   runs: 20,
 *   timeLimitMs: 50_000,
 * });
 * if (result.status === 'fail') {
 *   const [problem] = result.problems;
 *   console.log(problem!.cause.summary, `replay: --seed ${result.seed} --path ${problem!.path}`);
 * }
 * ```
 *
 * @throws ClusterOptionsError for options that cannot work, ClusterStartError when the cluster cannot be started at
 *   all (bad input: the first cluster is started before any run).
 */
export async function checkResilience(options: CheckResilienceOptions): Promise<ResilienceResult> {
  const started = performance.now();
  const resolved = resolveCheckOptions(options);
  const stream = new CampaignSchedules(resolved.schedules);
  const { shard } = resolved;
  const schedules = shard ? new ShardSchedules(stream, shard) : stream;
  // A sharded problem's path names its shard, so that the seed and path replay it on any machine.
  const named = (problem: Problem): Problem => ({ ...problem, path: shardedPath(shard, problem.path) });
  const onProblem = resolved.onProblem && ((problem: Problem) => resolved.onProblem!(named(problem)));
  // Past the time limit, the run in progress does not wait for the fault budget (it would wait restoreWithinMs per
  // fault on an app that does not restore): the campaign ends soon after the limit, as a test's timeout needs.
  const { timeLimitMs } = resolved.policy;
  const runOptions =
    timeLimitMs === undefined
      ? resolved.runOptions
      : { ...resolved.runOptions, pastTimeLimit: () => performance.now() - started >= timeLimitMs };
  const executor = new ClusterExecutor(resolved.cluster, runOptions, resolved.checks, resolved.exclusive);
  // Bad input shows here, before any run: the first cluster takes the first run.
  await executor.start();
  try {
    let outcome: CampaignOutcome & { replayAttempts?: number };
    const { replay, policy } = resolved;
    if (replay) {
      const { first, last, tokens } = replay.path;
      const schedule = scheduleOfPath(schedules, first, last, tokens, resolved.simplestKind);
      outcome = await replayPath(executor, schedule, replay.pathText, replay.attempts, resolved.onProgress);
    } else {
      outcome = await runCampaign(executor, {
        ...checkCampaignCounts(policy),
        schedules,
        runs: resolved.runs,
        simplestKind: resolved.simplestKind,
        // The budget counts from the call: the first cluster's start is part of it.
        ...(policy.timeLimitMs === undefined
          ? {}
          : { timeLimitMs: Math.max(0, policy.timeLimitMs - (performance.now() - started)) }),
        ...(resolved.onProgress ? { onProgress: resolved.onProgress } : {}),
        ...(onProblem ? { onProblem } : {}),
      });
    }
    const result = buildResilienceResult(outcome, {
      seed: resolved.seed,
      seedFrom: resolved.seedFrom,
      durationMs: performance.now() - started,
      // A replay plays one path, on up to replayAttempts fresh clusters: it asked for those.
      runsAsked: replay ? outcome.runs : resolved.runs,
    });
    if (!shard) return result;
    const problems = result.problems.map(named);
    return {
      ...result,
      shard: { ...shard },
      problems,
      ...(result.path === undefined ? {} : { path: shardedPath(shard, result.path) }),
    };
  } finally {
    await executor.close();
  }
}
