// checkResilience: fast-check generates chaos schedules, runs them on real clusters, and shrinks a failure.

import fc from 'fast-check';
import type { StartClusterOptions } from '../cluster/options.js';
import { resolveStartOptions } from '../cluster/options.js';
import { ClusterOptionsError } from '../cluster/errors.js';
import { validateReloadHow, type ReloadHow } from '../cluster/reload-cluster.js';
import type { StartedCluster } from '../cluster/start-cluster.js';
import { FreshClusters, whole } from './_internals/fresh-clusters.js';
import type { HistoryEvent } from '../history/events.js';
import { checkInvariants, type CheckOptions } from '../invariants/check.js';
import type { Verdict, VerdictStatus } from '../invariants/verdict.js';
import { scheduleArbitrary, type ScheduleConstraints } from './arbitraries.js';
import { runSchedule, type RunScheduleOptions } from './run-schedule.js';
import type { Schedule } from './schedule.js';
import { smallestSchedules } from './smallest-schedules.js';

export interface CheckResilienceOptions {
  /** The cluster under test: a topology, an entry or a command, with its workers (see `startCluster`). */
  cluster: StartClusterOptions;
  /** How many schedules to run. Default 100. */
  runs?: number;
  /** fast-check's seed: the same seed generates the same schedules. Default: random (reported). */
  seed?: number;
  /** With `seed`, replays exactly one schedule (the shrunk counterexample's path from a report). */
  path?: string;
  /** The deadline for restoring the worker count after a fault, in ms. Default 5000. */
  restoreWithinMs?: number;
  /** No lost connection at all, even one a fault hit. Default false (lenient: see DESIGN.md). */
  strict?: boolean;
  /** More invariants (fairness, restart latency, handled once); the four core ones always run. */
  invariants?: Pick<CheckOptions, 'fairness' | 'restartLatency' | 'handledOnce'>;
  /** What schedules may contain (reloads: see `reload`). */
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
   * How long shrinking may go on, in ms, after the first confirmed failure. Past it, the remaining candidates are
   * not run and the smallest failing schedule found so far is the counterexample (it did fail). Default 30000.
   */
  shrinkBudgetMs?: number;
  /**
   * With `path`: how many fresh clusters the replayed schedule may run on until it fails. A bug that depends on a
   * race (a dispatch in the few ms before the master sees a worker's death) does not show every time. Default 5.
   */
  replayAttempts?: number;
  /**
   * Play the smallest schedules first (no step; one worker killed; it and its replacement killed: see
   * `smallestSchedules`), then generated ones. They count toward `runs`. Default true.
   */
  smallestFirst?: boolean;
  /** Reuse a healthy cluster between runs (a failure is always confirmed on a fresh one). Default true. */
  reuseCluster?: boolean;
  /** Called after each run. */
  onProgress?: (progress: ResilienceProgress) => void;
}

export interface ResilienceProgress {
  phase: 'running' | 'shrinking';
  /** Runs done so far (shrinking attempts included). */
  run: number;
  /** Runs asked for. */
  runs: number;
  /** The status of the run just done. */
  status: VerdictStatus;
  /** Failures confirmed so far (the first, then each smaller one found by shrinking). */
  failures: number;
}

export interface ResilienceResult {
  status: VerdictStatus;
  /** Runs made: generated schedules, plus confirmation and shrinking runs. */
  runs: number;
  seed: number;
  /** The path of the counterexample: `--seed S --path P` replays it. */
  path?: string;
  /** How many times fast-check shrank the counterexample. */
  shrinks: number;
  /** The smallest schedule that still fails. */
  counterexample?: Schedule;
  /** The first failing schedule, before shrinking. */
  originalCounterexample?: Schedule;
  /** The verdicts of the counterexample's run (of the last run when everything passed). */
  verdicts: Verdict[];
  /** The counterexample run's events (of the last run when everything passed). */
  events: HistoryEvent[];
  /** The tail of the app's output in that run. */
  outputTail: string;
  /** Runs that proved nothing (no connection answered, a fault that never landed), with their verdicts. */
  unknownRuns: RunSummary[];
  /** Runs that failed on a reused cluster but passed on a fresh one (not believed: debris of earlier runs). */
  unconfirmedFailures: RunSummary[];
  durationMs: number;
  /** With `path`: on how many fresh clusters the schedule ran (it stops at the first failure). */
  replayAttempts?: number;
  /** True when shrinking stopped at `shrinkBudgetMs` rather than at a schedule no smaller one fails. */
  shrinkBudgetExhausted: boolean;
}

/** A run that did not pass: its schedule and the verdicts that were not `pass`. */
export interface RunSummary {
  schedule: Schedule;
  verdicts: Verdict[];
}

function summarize(record: RunRecord): RunSummary {
  return { schedule: record.schedule, verdicts: record.verdicts.filter((verdict) => verdict.status !== 'pass') };
}

interface RunRecord {
  schedule: Schedule;
  status: VerdictStatus;
  verdicts: Verdict[];
  events: HistoryEvent[];
  outputTail: string;
}

/**
 * Runs `runs` generated schedules against the cluster and checks the invariants after each. A cluster is reused
 * while healthy; a failure on a reused cluster is believed only if the same schedule fails again on a fresh one, and
 * every shrinking run uses a fresh cluster, so no verdict rests on an earlier run's debris.
 *
 * @throws ClusterOptionsError or ClusterStartError when the cluster cannot be started at all (bad input).
 */
export async function checkResilience(options: CheckResilienceOptions): Promise<ResilienceResult> {
  const runs = options.runs ?? 100;
  if (!Number.isInteger(runs) || runs < 1) throw new ClusterOptionsError('runs', `must be a positive integer, got ${JSON.stringify(runs)}`);
  if (options.path !== undefined && options.seed === undefined) throw new ClusterOptionsError('path', 'replaying a path needs its seed too');
  if (options.path !== undefined && !/^\d+(:\d+)*$/.test(options.path)) {
    throw new ClusterOptionsError('path', `must look like "3:0:1" (from a report), got ${JSON.stringify(options.path)}`);
  }
  resolveStartOptions(options.cluster);
  const reload = options.reload === undefined ? undefined : validateReloadHow(options.reload);
  if (options.schedule?.reload && reload === undefined) {
    throw new ClusterOptionsError('schedule.reload', 'schedules with reloads need to know how to reload: give the reload option');
  }
  const reloadTimeoutMs = options.reloadTimeoutMs ?? 15_000;
  if (!Number.isFinite(reloadTimeoutMs) || reloadTimeoutMs <= 0) {
    throw new ClusterOptionsError('reloadTimeoutMs', `must be a positive number of milliseconds, got ${JSON.stringify(options.reloadTimeoutMs)}`);
  }
  const restoreWithinMs = options.restoreWithinMs ?? 5000;
  const connectionTimeoutMs = options.connectionTimeoutMs ?? 3000;
  const runOptions: RunScheduleOptions = { restoreWithinMs, connectionTimeoutMs, ...(reload ? { reload, reloadTimeoutMs } : {}) };
  const reuse = options.reuseCluster ?? true;
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const checks: CheckOptions = {
    everyConnectionAnswered: { strict: options.strict ?? false },
    workerCountRestored: { restoreWithinMs },
    ...options.invariants,
  };
  const started = performance.now();
  const smallest = options.smallestFirst === false ? [] : smallestSchedules({ ...options.schedule, reload: options.reload !== undefined });

  let reusable: StartedCluster | undefined;
  let shrinking = false;
  let runCount = 0;
  let failures = 0;
  const unknownRuns: RunSummary[] = [];
  const unconfirmed: RunSummary[] = [];
  let lastFailure: RunRecord | undefined;
  let firstFailure: RunRecord | undefined;
  let lastRun: RunRecord | undefined;

  // Bad input shows here, before any property runs: the first cluster takes the first run.
  const clusters = new FreshClusters(options.cluster);
  const first = await clusters.take().catch(async (error: unknown) => {
    await clusters.close();
    throw error;
  });

  /** A run on a fresh cluster, stopped afterwards so that orphans are checked too. */
  const runFresh = async (schedule: Schedule, cluster?: StartedCluster): Promise<RunRecord> => {
    const fresh = cluster ?? (await clusters.take());
    try {
      await runSchedule(fresh, schedule, runOptions);
    } finally {
      await fresh.stop();
    }
    return evaluate(schedule, fresh, fresh.history.events, checks);
  };

  const runReused = async (schedule: Schedule, cluster: StartedCluster): Promise<RunRecord> => {
    const run = await runSchedule(cluster, schedule, runOptions);
    return evaluate(schedule, cluster, run.events, { ...checks, noOrphans: false });
  };

  const shrinkBudgetMs = options.shrinkBudgetMs ?? 30_000;
  const replayAttempts = options.replayAttempts ?? 5;
  let replayAttemptsUsed = 0;
  let shrinkingSince: number | undefined;
  let budgetExhausted = false;

  const predicate = async (schedule: Schedule): Promise<boolean> => {
    if (shrinkingSince !== undefined && performance.now() - shrinkingSince > shrinkBudgetMs) {
      // Out of shrinking time: this candidate is not run (fast-check then keeps the last failure it has).
      budgetExhausted = true;
      return true;
    }
    // A replay plays the one schedule of its path; fast-check would go on with that schedule's shrinks, which are
    // not run (the replayed schedule stays the counterexample, and matches the path that is printed).
    if (options.path !== undefined && runCount >= 1) return true;
    runCount++;
    let record: RunRecord;
    if (options.path !== undefined) {
      // Replaying one counterexample: a race-dependent bug may need a few fresh clusters to show again.
      record = await runFresh(schedule, first);
      replayAttemptsUsed = 1;
      while (record.status !== 'fail' && replayAttemptsUsed < replayAttempts) {
        replayAttemptsUsed++;
        record = await runFresh(schedule);
      }
    } else if (shrinking || !reuse) {
      record = await runFresh(schedule);
    } else if (runCount === 1 || runCount <= smallest.length) {
      // The first run and the smallest schedules run on fresh clusters, then stopped: orphans show at once, and a failure needs no
      // confirmation run (the common bugs show here: a confirmation would double their cost).
      record = await runFresh(schedule, runCount === 1 ? first : undefined);
    } else {
      // A cluster may take the next run while it is whole: its master alive and exactly its baseline of workers ready.
      if (!reusable || !whole(reusable)) {
        await reusable?.stop();
        reusable = await clusters.take();
      }
      record = await runReused(schedule, reusable);
      if (record.status === 'fail') {
        await reusable.stop();
        reusable = undefined;
        const confirmation = await runFresh(schedule);
        if (confirmation.status !== 'fail') unconfirmed.push(summarize(record));
        record = confirmation;
      }
    }
    if (record.status === 'unknown') unknownRuns.push(summarize(record));
    lastRun = record;
    if (record.status === 'fail') {
      failures++;
      shrinking = true;
      shrinkingSince ??= performance.now();
      firstFailure ??= record;
      lastFailure = record;
    }
    options.onProgress?.({ phase: shrinking ? 'shrinking' : 'running', run: runCount, runs, status: record.status, failures });
    return record.status !== 'fail';
  };

  try {
    const details = await fc.check(fc.asyncProperty(scheduleArbitrary({ ...options.schedule, reload: reload !== undefined }), predicate), {
      numRuns: runs,
      seed,
      // The smallest schedules come first: cheap runs that show the common bugs with nothing to shrink.
      ...(smallest.length === 0 ? {} : { examples: smallest.map((schedule): [Schedule] => [schedule]) }),
      ...(options.path === undefined ? {} : { path: options.path }),
      // A property run takes real time: no time budget from fast-check, the runs themselves are bounded.
      endOnFailure: false,
    });
    if (details.errorInstance && !lastFailure) throw details.errorInstance;

    let finalStatus: VerdictStatus = details.failed ? 'fail' : 'pass';
    // A reused cluster is stopped at the end: orphans it leaves fail the check like any other run.
    let orphanRun: RunRecord | undefined;
    if (reusable) {
      const cluster = reusable;
      reusable = undefined;
      await cluster.stop();
      const verdicts = checkInvariants(cluster.history.events, {
        everyConnectionAnswered: false,
        workerCountRestored: false,
        masterSurvived: false,
      }).verdicts;
      if (verdicts.some((verdict) => verdict.status === 'fail')) {
        orphanRun = { schedule: lastRun?.schedule ?? [], status: 'fail', verdicts, events: cluster.history.events.slice(), outputTail: cluster.output.tail(20) };
        finalStatus = 'fail';
      }
    }
    if (finalStatus === 'pass' && unknownRuns.length === runCount) finalStatus = 'unknown';

    const shown = details.failed ? lastFailure : (orphanRun ?? lastRun);
    const counterexample = details.failed ? (details.counterexample?.[0] ?? lastFailure?.schedule) : orphanRun?.schedule;
    return {
      status: finalStatus,
      runs: runCount,
      seed,
      // A replay keeps the path it was given (fast-check would append the step it replayed).
      ...(details.failed && (options.path ?? details.counterexamplePath) ? { path: options.path ?? details.counterexamplePath! } : {}),
      shrinks: details.numShrinks,
      ...(counterexample ? { counterexample } : {}),
      ...(details.failed && firstFailure ? { originalCounterexample: firstFailure.schedule } : {}),
      verdicts: shown?.verdicts ?? [],
      events: shown?.events ?? [],
      outputTail: shown?.outputTail ?? '',
      unknownRuns,
      unconfirmedFailures: unconfirmed,
      durationMs: performance.now() - started,
      shrinkBudgetExhausted: budgetExhausted,
      ...(options.path === undefined ? {} : { replayAttempts: replayAttemptsUsed }),
    };
  } finally {
    await reusable?.stop();
    await first.stop();
    await clusters.close();
  }
}

function evaluate(schedule: Schedule, cluster: StartedCluster, events: readonly HistoryEvent[], checks: CheckOptions): RunRecord {
  const result = checkInvariants(events, checks);
  return { schedule, status: result.status, verdicts: result.verdicts, events: events.slice(), outputTail: cluster.output.tail(20) };
}
