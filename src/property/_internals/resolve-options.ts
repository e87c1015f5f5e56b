// checkResilience's options resolved once: every default in one place, every option checked, the result frozen.

import { ClusterOptionsError } from '../../cluster/errors.js';
import { resolveStartOptions, type StartClusterOptions } from '../../cluster/options.js';
import { validateReloadHow } from '../../cluster/reload-cluster.js';
import { faultKinds, type FaultKind } from '../../faults/fault.js';
import type { CheckOptions } from '../../invariants/check.js';
import type { CampaignSchedulesOptions } from '../campaign-schedules.js';
import type { CheckResilienceOptions } from '../check-resilience-options.js';
import type { ResilienceResult } from '../resilience-result.js';
import type { RunScheduleOptions } from '../run-schedule.js';
import { seedAndPath } from '../seed-and-path.js';
import { formatShard, splitShardPath, validateShard, type Shard } from '../shard-schedules.js';
import { parsePath, PathError, type ParsedPath } from '../shrink-schedule.js';
import { resolveClientFaultKinds, resolveMaxIdleMs } from './client-fault-options.js';
import { nonNegative, positive } from './option-checks.js';
import type { RunPolicyOptions } from './run-policy.js';

/** Every default of `CheckResilienceOptions` (the seed's and the path's: see `seedAndPath`). */
export const checkResilienceDefaults = Object.freeze({
  runs: 100,
  restoreWithinMs: 5000,
  strict: false,
  maxAnsweredStatus: 499,
  reloadTimeoutMs: 15_000,
  connectionTimeoutMs: 3000,
  minAvailable: 0,
  shrinkBudgetMs: 30_000,
  runsAfterFailure: 10,
  confirmAttempts: 3,
  replayAttempts: 5,
  smallestFirst: true,
  reuseCluster: true,
  maxRunsPerCluster: 20,
  /** The fault kind faults shrink toward when the schedule's constraints name none. */
  simplestKind: 'SIGKILL' satisfies FaultKind as FaultKind,
});

/** What a check plays, with every default applied: read once, where the options enter, and never changed. */
export interface ResolvedCheckOptions {
  readonly cluster: StartClusterOptions;
  readonly runs: number;
  /** The campaign's shard, or the shard a replayed path names; undefined for the whole campaign. */
  readonly shard: Shard | undefined;
  readonly seed: number;
  readonly seedFrom: ResilienceResult['seedFrom'];
  /**
   * With a path (from the options or `CHAOS_PATH`): the one counterexample replayed instead of a campaign; `pathText`
   * is its run part (a shard it names is `shard`).
   */
  readonly replay: { readonly pathText: string; readonly path: ParsedPath; readonly attempts: number } | undefined;
  readonly schedules: Readonly<CampaignSchedulesOptions>;
  /** The fault kind faults shrink toward: the first the schedules may draw. */
  readonly simplestKind: FaultKind;
  readonly runOptions: Readonly<RunScheduleOptions>;
  readonly checks: Readonly<CheckOptions>;
  /** A target that cannot be isolated (a fixed port) never runs twice at once: no spare cluster started ahead. */
  readonly exclusive: boolean;
  /**
   * How the campaign plays its runs. Its counts (`maxRunsPerCluster`, `confirmAttempts`, `runsAfterFailure`) are
   * checked by `checkCampaignCounts` as a campaign starts, as they always were: a replay never reads them.
   */
  readonly policy: Readonly<RunPolicyOptions>;
  readonly onProgress: CheckResilienceOptions['onProgress'];
  readonly onProblem: CheckResilienceOptions['onProblem'];
}

/**
 * Resolves the options once: defaults applied, each option checked where it enters (in this order, so the first
 * bad one is the one reported), the seed and path taken from the options or the environment (`CHAOS_SEED`,
 * `CHAOS_PATH`: see `seedAndPath`).
 *
 * @throws ClusterOptionsError for an option that cannot work.
 */
export function resolveCheckOptions(
  options: CheckResilienceOptions,
  environment: NodeJS.ProcessEnv = process.env,
): ResolvedCheckOptions {
  const defaults = checkResilienceDefaults;
  const runs = positive('runs', options.runs ?? defaults.runs);
  const timeLimitMs = options.timeLimitMs === undefined ? undefined : positive('timeLimitMs', options.timeLimitMs);
  const { seed, seedFrom, path: pathText } = seedAndPath(options, environment);
  const given = options.shard === undefined ? undefined : validateShard(options.shard);
  const split = pathText === undefined ? undefined : splitShardPath(pathText);
  if (given && split?.shard && formatShard(given) !== formatShard(split.shard))
    throw new ClusterOptionsError(
      'path',
      `the path names shard ${formatShard(split.shard)}, the shard option is ${formatShard(given)}`,
    );
  const shard = split?.shard ?? given;
  const path = split === undefined ? undefined : parsedPath(split.path);
  const started = resolveStartOptions(options.cluster);
  const reload = options.reload === undefined ? undefined : validateReloadHow(options.reload);
  if (options.schedule?.reload && reload === undefined) {
    throw new ClusterOptionsError(
      'schedule.reload',
      'schedules with reloads need to know how to reload: give the reload option',
    );
  }
  const reloadTimeoutMs = options.reloadTimeoutMs ?? defaults.reloadTimeoutMs;
  if (!Number.isFinite(reloadTimeoutMs) || reloadTimeoutMs <= 0) {
    throw new ClusterOptionsError(
      'reloadTimeoutMs',
      `must be a positive number of milliseconds, got ${JSON.stringify(options.reloadTimeoutMs)}`,
    );
  }
  const restoreWithinMs = positive('restoreWithinMs', options.restoreWithinMs ?? defaults.restoreWithinMs);
  const connectionTimeoutMs = positive(
    'connectionTimeoutMs',
    options.connectionTimeoutMs ?? defaults.connectionTimeoutMs,
  );
  const minAvailable = nonNegative('minAvailable', options.minAvailable ?? defaults.minAvailable);
  if (minAvailable >= started.workers) {
    throw new ClusterOptionsError(
      'minAvailable',
      `must be less than the ${started.workers} workers (with ${minAvailable} no worker could ever be faulted)`,
    );
  }
  const maxAnsweredStatus = options.maxAnsweredStatus ?? defaults.maxAnsweredStatus;
  if (!Number.isInteger(maxAnsweredStatus) || maxAnsweredStatus < 100 || maxAnsweredStatus > 599) {
    throw new ClusterOptionsError(
      'maxAnsweredStatus',
      `must be an HTTP status from 100 to 599, got ${JSON.stringify(options.maxAnsweredStatus)}`,
    );
  }
  const maxIdleMs = resolveMaxIdleMs(options.maxIdleMs, connectionTimeoutMs);
  const clientFaults = resolveClientFaultKinds(
    options.clientFaults ?? (options.schedule?.clientFaults ? [...options.schedule.clientFaults] : undefined),
    started.protocol,
    maxIdleMs,
    options.clientFaults === undefined && options.schedule?.clientFaults ? 'schedule.clientFaults' : 'clientFaults',
  );
  const { clientFaults: _asked, ...scheduleWithoutClientFaults } = options.schedule ?? {};
  const kinds = options.schedule?.faultKinds ?? faultKinds;
  const runOptions: RunScheduleOptions = {
    restoreWithinMs,
    connectionTimeoutMs,
    ...(minAvailable > 0 ? { minAvailable } : {}),
    ...(reload ? { reload, reloadTimeoutMs } : {}),
  };
  const checks: CheckOptions = {
    everyConnectionAnswered: { strict: options.strict ?? defaults.strict, maxAnsweredStatus },
    workerCountRestored: { restoreWithinMs },
    ...options.invariants,
    ...(maxIdleMs === undefined ? {} : { idleClientsCutOff: { maxIdleMs } }),
  };
  const shrinkBudgetMs = positive('shrinkBudgetMs', options.shrinkBudgetMs ?? defaults.shrinkBudgetMs);
  return freezeResolved({
    cluster: options.cluster,
    runs,
    shard,
    seed,
    seedFrom,
    replay:
      path === undefined
        ? undefined
        : { pathText: split!.path, path, attempts: options.replayAttempts ?? defaults.replayAttempts },
    schedules: {
      seed,
      constraints: {
        ...scheduleWithoutClientFaults,
        reload: reload !== undefined,
        ...(clientFaults.length > 0 ? { clientFaults } : {}),
      },
      smallestFirst: options.smallestFirst ?? defaults.smallestFirst,
    },
    simplestKind: kinds[0] ?? defaults.simplestKind,
    runOptions,
    checks,
    exclusive: started.exclusive,
    policy: {
      reuse: options.reuseCluster ?? defaults.reuseCluster,
      maxRunsPerCluster: options.maxRunsPerCluster ?? defaults.maxRunsPerCluster,
      confirmAttempts: options.confirmAttempts ?? defaults.confirmAttempts,
      runsAfterFailure: options.runsAfterFailure ?? defaults.runsAfterFailure,
      shrinkBudgetMs,
      ...(timeLimitMs === undefined ? {} : { timeLimitMs }),
    },
    onProgress: options.onProgress,
    onProblem: options.onProblem,
  });
}

/** The campaign's counts checked, in the order they always were, as a campaign (not a replay) starts. */
export function checkCampaignCounts(policy: Readonly<RunPolicyOptions>): Readonly<RunPolicyOptions> {
  positive('maxRunsPerCluster', policy.maxRunsPerCluster);
  positive('confirmAttempts', policy.confirmAttempts);
  nonNegative('runsAfterFailure', policy.runsAfterFailure);
  return policy;
}

function parsedPath(text: string): ParsedPath {
  try {
    return parsePath(text);
  } catch (error) {
    if (error instanceof PathError) throw new ClusterOptionsError('path', error.message);
    throw error;
  }
}

/**
 * Freezes the resolved options and the objects they made (not the caller's: the cluster options, the reload and the
 * invariants' options stay as given, since the cluster and the checkers read them as they are).
 */
function freezeResolved(resolved: ResolvedCheckOptions): ResolvedCheckOptions {
  Object.freeze(resolved.replay);
  Object.freeze(resolved.shard);
  Object.freeze(resolved.schedules.constraints);
  Object.freeze(resolved.schedules);
  Object.freeze(resolved.runOptions);
  Object.freeze(resolved.checks);
  Object.freeze(resolved.policy);
  return Object.freeze(resolved);
}
