// checkResilience: a campaign of chaos schedules on real clusters; every distinct problem, confirmed and shrunk.

import { ClusterOptionsError } from '../cluster/errors.js';
import type { StartClusterOptions } from '../cluster/options.js';
import { resolveStartOptions } from '../cluster/options.js';
import { validateReloadHow, type ReloadHow } from '../cluster/reload-cluster.js';
import type { StartedCluster } from '../cluster/start-cluster.js';
import { faultKinds, type FaultKind } from '../faults/fault.js';
import type { HistoryEvent } from '../history/events.js';
import { checkInvariants, type CheckOptions } from '../invariants/check.js';
import { runFigures } from '../invariants/run-figures.js';
import type { Verdict } from '../invariants/verdict.js';
import { FreshClusters, whole } from './_internals/fresh-clusters.js';
import type { ScheduleConstraints } from './arbitraries.js';
import { CampaignSchedules } from './campaign-schedules.js';
import { replayPath, runCampaign, scheduleOfPath, type CampaignOutcome, type CampaignProgress, type RunExecutor, type RunRecord } from './campaign.js';
import type { Problem, ResilienceResult } from './resilience-result.js';
import { runSchedule, type RunScheduleOptions, type StepRecord } from './run-schedule.js';
import type { Schedule } from './schedule.js';
import { parsePath, PathError } from './shrink-schedule.js';

export type { ResilienceResult, Problem, RunSummary, CampaignTotals, CampaignStatus, HarnessFailure } from './resilience-result.js';
export type { CampaignProgress as ResilienceProgress } from './campaign.js';

export interface CheckResilienceOptions {
  /** The cluster under test: a topology, an entry or a command, with its workers (see `startCluster`). */
  cluster: StartClusterOptions;
  /** How many schedules the campaign plays. Default 100. */
  runs?: number;
  /** The seed the schedules are generated from: the same seed plays the same schedules. Default: random (reported). */
  seed?: number;
  /** With `seed`, replays exactly one counterexample (the path printed with it) instead of a campaign. */
  path?: string;
  /** The deadline for restoring the worker count after a fault, in ms. Default 5000. */
  restoreWithinMs?: number;
  /** No lost connection at all, even one a fault hit. Default false (lenient: see DESIGN.md). */
  strict?: boolean;
  /** HTTP: a response counts as an answer when its status is at most this. Default 499 (a 5xx is a lost connection). */
  maxAnsweredStatus?: number;
  /** More invariants (fairness, restart latency, handled once); the core ones always run. */
  invariants?: Pick<CheckOptions, 'fairness' | 'restartLatency' | 'handledOnce'>;
  /** What schedules may contain (fault kinds, sizes; reloads: see `reload`). */
  schedule?: ScheduleConstraints;
  /**
   * How to reload the cluster (a signal to its master, or a command such as `pm2 reload app`). Given, schedules also
   * reload it, between bursts and during them, and no connection lost across a reload is excused. Default: no reload
   * (and then a seed generates the same schedules as without this option).
   */
  reload?: ReloadHow;
  /** How long one reload may take, in ms. Default 15000. */
  reloadTimeoutMs?: number;
  /** A connection with no answer after this many ms ends `timeout`. Default 3000. */
  connectionTimeoutMs?: number;
  /**
   * A fault budget (a Kubernetes PodDisruptionBudget): schedules never take the available workers below this many; a
   * fault that would waits for the workers to come back, or is skipped, and the history says so. Default 0.
   */
  minAvailable?: number;
  /**
   * How long shrinking may go on in the whole campaign, all problems together, in ms: the first problems get what they
   * need, later ones what is left. Past it, the smallest failing schedule found so far is the counterexample (it did
   * fail); a problem found once it is spent keeps its failing run's schedule. Default 30000.
   */
  shrinkBudgetMs?: number;
  /**
   * After a failure the campaign goes on to find other problems, and ends once this many runs in a row found nothing
   * new (every run failing the same way says: fix that first). 0 stops at the first failure. Default 10.
   */
  runsAfterFailure?: number;
  /**
   * A time budget for the whole check, in ms (shrinking included): no run starts after it (a run is never cut in half,
   * the first always plays), and the result says how many ran (`runs`, `endedEarly: 'time-limit'`). Inside a test with
   * a timeout, set it below that timeout so a failure is reported with its counterexample before the test is killed.
   * Default none.
   */
  timeLimitMs?: number;
  /** Fresh replays of everything a reused cluster ran, to confirm a failure seen on it. Default 3. */
  confirmAttempts?: number;
  /** With `path`: how many fresh clusters the replayed schedule may run on until it fails (races). Default 5. */
  replayAttempts?: number;
  /** Play the smallest schedules first (see `smallestSchedules`). They count toward `runs`. Default true. */
  smallestFirst?: boolean;
  /** Reuse a healthy cluster between runs (a failure on it is always confirmed on fresh ones). Default true. */
  reuseCluster?: boolean;
  /** A reused cluster plays at most this many runs, so a confirmation replays at most this many schedules. Default 20. */
  maxRunsPerCluster?: number;
  /** Called after each run (confirmation, shrinking and replay runs included). */
  onProgress?: (progress: CampaignProgress) => void;
  /** Called once per problem as soon as it is final, while the campaign goes on (the verdict is FAIL from then on). */
  onProblem?: (problem: Problem) => void;
}

/**
 * Plays a campaign of `runs` chaos schedules against the cluster and decides, Jepsen style: `pass` only when every
 * run passed; `fail` with every distinct problem (grouped by cause), each confirmed on a fresh cluster and shrunk, or
 * reported as seen and not reproduced; `unknown` when no run failed but some proved nothing; `error` when cluster-chaos
 * or the environment failed (never a counterexample). See `runCampaign` for the rules. With `seed` and `path`, replays
 * one counterexample instead.
 *
 * @throws ClusterOptionsError for options that cannot work, ClusterStartError when the cluster cannot be started at
 *   all (bad input: the first cluster is started before any run).
 */
export async function checkResilience(options: CheckResilienceOptions): Promise<ResilienceResult> {
  const started = performance.now();
  const settings = validate(options);
  const schedules = new CampaignSchedules({ seed: settings.seed, constraints: settings.constraints, smallestFirst: options.smallestFirst ?? true });

  const executor = new ClusterExecutor(options.cluster, settings.runOptions, settings.checks, settings.exclusive);
  // Bad input shows here, before any run: the first cluster takes the first run.
  await executor.start();
  try {
    let outcome: CampaignOutcome & { replayAttempts?: number };
    if (settings.path) {
      const { first, last, tokens } = settings.path;
      outcome = await replayPath(executor, scheduleOfPath(schedules, first, last, tokens, settings.simplestKind), settings.pathText!, options.replayAttempts ?? 5, options.onProgress);
    } else {
      outcome = await runCampaign(executor, {
        schedules,
        runs: settings.runs,
        reuse: options.reuseCluster ?? true,
        maxRunsPerCluster: positive('maxRunsPerCluster', options.maxRunsPerCluster ?? 20),
        confirmAttempts: positive('confirmAttempts', options.confirmAttempts ?? 3),
        runsAfterFailure: nonNegative('runsAfterFailure', options.runsAfterFailure ?? 10),
        shrinkBudgetMs: settings.shrinkBudgetMs,
        simplestKind: settings.simplestKind,
        // The budget counts from the call: the first cluster's start is part of it.
        ...(settings.timeLimitMs === undefined ? {} : { timeLimitMs: Math.max(0, settings.timeLimitMs - (performance.now() - started)) }),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.onProblem ? { onProblem: options.onProblem } : {}),
      });
    }
    // A replay plays one path, on up to replayAttempts fresh clusters: it asked for those.
    return resultOf(outcome, settings.seed, settings.seedFrom, performance.now() - started, settings.path ? outcome.runs : settings.runs);
  } finally {
    await executor.close();
  }
}

function positive(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new ClusterOptionsError(option, `must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}

function nonNegative(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new ClusterOptionsError(option, `must be a non-negative integer, got ${JSON.stringify(value)}`);
  return value;
}

/** A seed for a campaign that was given none. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

/**
 * The seed and path a check plays: the options', else `CHAOS_SEED` and `CHAOS_PATH` from the environment (so that a
 * failing test is replayed with `CHAOS_SEED=S CHAOS_PATH=P npx vitest run -t "<its name>"`), else a random seed.
 */
export function seedAndPath(options: Pick<CheckResilienceOptions, 'seed' | 'path'>, environment: NodeJS.ProcessEnv = process.env): { seed: number; seedFrom: ResilienceResult['seedFrom']; path: string | undefined } {
  const fromEnvironment = environment.CHAOS_SEED !== undefined && /^\d+$/.test(environment.CHAOS_SEED) ? Number(environment.CHAOS_SEED) : undefined;
  const seedFrom = options.seed !== undefined ? 'options' : fromEnvironment !== undefined ? 'CHAOS_SEED' : 'random';
  const path = options.path ?? (environment.CHAOS_PATH || undefined);
  if (path !== undefined && seedFrom === 'random') {
    throw new ClusterOptionsError('path', options.path !== undefined ? 'replaying a path needs its seed too' : 'CHAOS_PATH replays a path of a seed: set CHAOS_SEED too (a number)');
  }
  return { seed: options.seed ?? fromEnvironment ?? randomSeed(), seedFrom, path };
}

/** Every option checked once, where it enters. */
function validate(options: CheckResilienceOptions) {
  const runs = positive('runs', options.runs ?? 100);
  const timeLimitMs = options.timeLimitMs === undefined ? undefined : positive('timeLimitMs', options.timeLimitMs);
  const { seed, seedFrom, path: pathText } = seedAndPath(options);
  let path: ReturnType<typeof parsePath> | undefined;
  if (pathText !== undefined) {
    try {
      path = parsePath(pathText);
    } catch (error) {
      if (error instanceof PathError) throw new ClusterOptionsError('path', error.message);
      throw error;
    }
  }
  const resolved = resolveStartOptions(options.cluster);
  const reload = options.reload === undefined ? undefined : validateReloadHow(options.reload);
  if (options.schedule?.reload && reload === undefined) {
    throw new ClusterOptionsError('schedule.reload', 'schedules with reloads need to know how to reload: give the reload option');
  }
  const reloadTimeoutMs = options.reloadTimeoutMs ?? 15_000;
  if (!Number.isFinite(reloadTimeoutMs) || reloadTimeoutMs <= 0) {
    throw new ClusterOptionsError('reloadTimeoutMs', `must be a positive number of milliseconds, got ${JSON.stringify(options.reloadTimeoutMs)}`);
  }
  const restoreWithinMs = positive('restoreWithinMs', options.restoreWithinMs ?? 5000);
  const connectionTimeoutMs = positive('connectionTimeoutMs', options.connectionTimeoutMs ?? 3000);
  const minAvailable = nonNegative('minAvailable', options.minAvailable ?? 0);
  if (minAvailable >= resolved.workers) {
    throw new ClusterOptionsError('minAvailable', `must be less than the ${resolved.workers} workers (with ${minAvailable} no worker could ever be faulted)`);
  }
  const maxAnsweredStatus = options.maxAnsweredStatus ?? 499;
  if (!Number.isInteger(maxAnsweredStatus) || maxAnsweredStatus < 100 || maxAnsweredStatus > 599) {
    throw new ClusterOptionsError('maxAnsweredStatus', `must be an HTTP status from 100 to 599, got ${JSON.stringify(options.maxAnsweredStatus)}`);
  }
  const kinds = options.schedule?.faultKinds ?? faultKinds;
  const simplestKind: FaultKind = kinds[0] ?? 'SIGKILL';
  const runOptions: RunScheduleOptions = {
    restoreWithinMs,
    connectionTimeoutMs,
    ...(minAvailable > 0 ? { minAvailable } : {}),
    ...(reload ? { reload, reloadTimeoutMs } : {}),
  };
  const checks: CheckOptions = {
    everyConnectionAnswered: { strict: options.strict ?? false, maxAnsweredStatus },
    workerCountRestored: { restoreWithinMs },
    ...options.invariants,
  };
  return {
    runs,
    timeLimitMs,
    path,
    pathText,
    seed,
    seedFrom,
    constraints: { ...options.schedule, reload: reload !== undefined },
    runOptions,
    checks,
    simplestKind,
    shrinkBudgetMs: positive('shrinkBudgetMs', options.shrinkBudgetMs ?? 30_000),
    // A target that cannot be isolated (a fixed port) never runs twice at once: no spare started ahead.
    exclusive: resolved.exclusive,
  };
}

function resultOf(
  outcome: CampaignOutcome & { replayAttempts?: number },
  seed: number,
  seedFrom: ResilienceResult['seedFrom'],
  durationMs: number,
  runsAsked: number,
): ResilienceResult {
  const first = outcome.problems[0];
  const shown = first ?? outcome.representative;
  return {
    status: outcome.status,
    runs: outcome.runs,
    totalRuns: outcome.totalRuns,
    seed,
    seedFrom,
    problems: outcome.problems,
    unknownRuns: outcome.unknownRuns,
    totals: outcome.totals,
    runLog: outcome.runLog,
    runsAsked,
    ...(outcome.endedEarly ? { endedEarly: outcome.endedEarly } : {}),
    ...(first === undefined && outcome.representativeRun !== undefined ? { representativeRun: outcome.representativeRun } : {}),
    ...(outcome.harnessFailure ? { harnessFailure: outcome.harnessFailure } : {}),
    ...(outcome.replayAttempts === undefined ? {} : { replayAttempts: outcome.replayAttempts }),
    durationMs,
    ...(first ? { path: first.path, counterexample: first.counterexample, originalCounterexample: first.originalCounterexample } : {}),
    shrinks: first?.shrinks ?? 0,
    shrinkBudgetExhausted: first?.shrinkBudgetExhausted ?? false,
    verdicts: shown?.verdicts ?? [],
    events: shown?.events ?? [],
    outputTail: shown?.outputTail ?? '',
  };
}

/** Runs schedules on real clusters: fresh ones (stopped after the run, orphans checked) and one reused while whole. */
class ClusterExecutor implements RunExecutor {
  readonly #clusters: FreshClusters;
  readonly #runOptions: RunScheduleOptions;
  readonly #checks: CheckOptions;
  readonly #exclusive: boolean;
  /** The first cluster, started before any run (bad input shows there), taken by the first fresh run. */
  #first: StartedCluster | undefined;
  #reused: StartedCluster | undefined;

  constructor(cluster: StartClusterOptions, runOptions: RunScheduleOptions, checks: CheckOptions, exclusive: boolean) {
    this.#clusters = new FreshClusters(cluster, { spare: !exclusive });
    this.#runOptions = runOptions;
    this.#checks = checks;
    this.#exclusive = exclusive;
  }

  async start(): Promise<void> {
    try {
      this.#first = await this.#clusters.take();
    } catch (error) {
      await this.#clusters.close();
      throw error;
    }
  }

  async fresh(schedule: Schedule): Promise<RunRecord> {
    // Two instances of a target that cannot be isolated (a fixed port) never run at once.
    if (this.#exclusive) await this.discardReused();
    const cluster = this.#first ?? (await this.#clusters.take());
    this.#first = undefined;
    let steps: StepRecord[] = [];
    try {
      steps = (await runSchedule(cluster, schedule, this.#runOptions)).steps;
    } finally {
      await cluster.stop();
    }
    return this.#evaluate(schedule, cluster, cluster.history.events, steps, this.#checks);
  }

  async reused(schedule: Schedule): Promise<{ record: RunRecord; newCluster: boolean }> {
    let newCluster = false;
    if (!this.#reused || !whole(this.#reused)) {
      await this.discardReused();
      this.#reused = this.#first ?? (await this.#clusters.take());
      this.#first = undefined;
      newCluster = true;
    }
    const run = await runSchedule(this.#reused, schedule, this.#runOptions);
    // Orphans show when the cluster is stopped: at the end (finishReused), or on a fresh replay.
    return { record: this.#evaluate(schedule, this.#reused, run.events, run.steps, { ...this.#checks, noOrphans: false }), newCluster };
  }

  async discardReused(): Promise<void> {
    const cluster = this.#reused;
    this.#reused = undefined;
    await cluster?.stop();
  }

  async finishReused(): Promise<RunRecord | undefined> {
    const cluster = this.#reused;
    if (!cluster) return undefined;
    this.#reused = undefined;
    await cluster.stop();
    const checks: CheckOptions = { everyConnectionAnswered: false, workerCountRestored: false, masterSurvived: false, everyReloadCompletes: false };
    return this.#evaluate([], cluster, cluster.history.events, [], checks);
  }

  async close(): Promise<void> {
    const first = this.#first;
    this.#first = undefined;
    await Promise.all([this.discardReused(), first?.stop({ graceMs: 0 })]);
    await this.#clusters.close();
  }

  #evaluate(schedule: Schedule, cluster: StartedCluster, events: readonly HistoryEvent[], steps: readonly StepRecord[], checks: CheckOptions): RunRecord {
    const { status, verdicts } = checkInvariants(events, checks);
    const relevant = status === 'fail' ? relevantSteps(steps, events, verdicts) : undefined;
    return {
      schedule,
      status,
      verdicts,
      events: events.slice(),
      outputTail: cluster.output.tail(20),
      figures: runFigures(events, checks),
      ...(relevant ? { relevantSteps: relevant } : {}),
    };
  }
}

/** The steps whose bursts, faults or reloads appear in the failing verdicts' evidence. */
function relevantSteps(steps: readonly StepRecord[], events: readonly HistoryEvent[], verdicts: readonly Verdict[]): Set<number> {
  const stepOfBurst = new Map<number, number>();
  const stepOfFault = new Map<number, number>();
  steps.forEach((step, index) => {
    for (const burst of step.bursts) stepOfBurst.set(burst, index);
    for (const fault of step.faults) stepOfFault.set(fault, index);
  });
  const burstOfConnection = new Map<number, number>();
  for (const event of events) if (event.type === 'connection-open' && event.burst !== undefined) burstOfConnection.set(event.connection, event.burst);
  const relevant = new Set<number>();
  const add = (index: number | undefined) => index !== undefined && relevant.add(index);
  for (const verdict of verdicts) {
    if (verdict.status !== 'fail') continue;
    for (const event of verdict.evidence) {
      if ('fault' in event && typeof event.fault === 'number') add(stepOfFault.get(event.fault));
      if ('connection' in event) {
        const burst = burstOfConnection.get(event.connection);
        if (burst !== undefined) add(stepOfBurst.get(burst));
      }
      if (event.type === 'reload') add(steps.findIndex((step) => step.startedAt <= event.t && event.t <= step.endedAt));
    }
  }
  relevant.delete(-1);
  return relevant;
}
