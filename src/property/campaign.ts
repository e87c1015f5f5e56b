// A campaign: runs, confirmation of failures, one shrunk counterexample per distinct problem, totals; the verdict a user believes.

import type { FaultKind, HistoryEvent } from '../history/events.js';
import type { RunFigures } from '../invariants/run-figures.js';
import type { FailureCause, Verdict, VerdictStatus } from '../invariants/verdict.js';
import type { CampaignSchedules } from './campaign-schedules.js';
import type { CampaignStatus, CampaignTotals, HarnessFailure, Problem, RunRow, RunSummary } from './resilience-result.js';
import { concatenateSchedules, type Schedule } from './schedule.js';
import { quantile } from './time-distribution.js';
import { applyToken, formatPath, shrinkCandidates, type ShrinkToken } from './shrink-schedule.js';

/** One run's outcome, as the campaign needs it. */
export interface RunRecord {
  schedule: Schedule;
  status: VerdictStatus;
  verdicts: Verdict[];
  events: HistoryEvent[];
  outputTail: string;
  figures: RunFigures;
  /** The steps whose bursts, faults or reloads are in the failing verdicts' evidence (a shrinking hint). */
  relevantSteps?: ReadonlySet<number>;
}

/**
 * Where runs are played: on fresh clusters (started for the run, stopped after it, orphans checked) or on a cluster
 * reused while it is whole. The real one starts processes; a spec's plays scripted records.
 */
export interface RunExecutor {
  /** Plays the schedule on a fresh cluster, then stops it. */
  fresh(schedule: Schedule): Promise<RunRecord>;
  /**
   * Plays the schedule on the reused cluster; when there is none, or it is no longer whole, a fresh one takes its place
   * first (`newCluster`: this run is the first the cluster plays).
   */
  reused(schedule: Schedule): Promise<{ record: RunRecord; newCluster: boolean }>;
  /** Stops the reused cluster, if any: it is not played on again. */
  discardReused(): Promise<void>;
  /** Stops the reused cluster at the end and checks what it left running: a failing record (orphans), or undefined. */
  finishReused(): Promise<RunRecord | undefined>;
}

export type CampaignPhase = 'running' | 'confirming' | 'shrinking' | 'replaying';

export interface CampaignProgress {
  phase: CampaignPhase;
  /** Campaign runs done (confirmation and shrinking runs not counted). */
  run: number;
  runs: number;
  /** Every run made so far. */
  totalRuns: number;
  /** The status of the run just made. */
  status: VerdictStatus;
  /** Distinct problems found so far. */
  problems: number;
}

/** The campaign's schedules by run index (`CampaignSchedules`, or a spec's own). */
export type ScheduleSource = Pick<CampaignSchedules, 'at' | 'concatenation' | 'smallestCount'>;

export interface CampaignOptions {
  schedules: ScheduleSource;
  runs: number;
  /** Play generated runs on a reused cluster while it is whole. */
  reuse: boolean;
  /** A reused cluster plays at most this many runs (so a confirmation replays at most this many schedules). */
  maxRunsPerCluster: number;
  /** Fresh replays of everything a reused cluster ran, to confirm a failure seen on it. */
  confirmAttempts: number;
  /** After a failure, the campaign stops once this many runs in a row found no new problem. */
  runsAfterFailure: number;
  /**
   * How long shrinking may take in the whole campaign, all problems together, in ms: the first problems get what they
   * need, later ones what is left; once it is spent, a new problem keeps the failing run's schedule as it was.
   */
  shrinkBudgetMs: number;
  /** The fault kind faults shrink toward. */
  simplestKind: FaultKind;
  /**
   * A time budget for the whole campaign, in ms: no run starts after it (the first always plays, and a run is never cut
   * in half), shrinking stops at it, a failure seen is still confirmed. Default none: `runs` alone bounds it.
   */
  timeLimitMs?: number;
  /** The clock budgets are measured on. Default `performance.now`. */
  now?: () => number;
  onProgress?: (progress: CampaignProgress) => void;
  /**
   * Called once per problem as soon as it is final (shrunk, or kept as seen), while the campaign goes on: the verdict
   * is FAIL from the first call on.
   */
  onProblem?: (problem: Problem) => void;
}

export interface CampaignOutcome {
  status: CampaignStatus;
  runs: number;
  totalRuns: number;
  problems: Problem[];
  unknownRuns: RunSummary[];
  totals: CampaignTotals;
  harnessFailure?: HarnessFailure;
  /** The run shown when nothing failed: the campaign run with the most faults landed (the last of equals). */
  representative?: RunRecord;
  /** Its campaign index. */
  representativeRun?: number;
  /** Every campaign run, in order. */
  runLog: RunRow[];
  /**
   * Why the campaign ended before its runs: `after-failure` (no new problem in `runsAfterFailure` runs), `time-limit`
   * (`timeLimitMs` spent), `harness`.
   */
  endedEarly?: 'after-failure' | 'time-limit' | 'harness';
}

/**
 * What makes two failures the same problem: the cause's key and its origin (node:cluster's round robin handing a
 * connection to a dead worker is not the app's own hand-off doing so, though both are `handed-to-dead-worker`).
 */
export function problemId(cause: Pick<FailureCause, 'key' | 'origin'>): string {
  return `${cause.key} (${cause.origin})`;
}

/** The distinct causes of a failing record: each failing verdict's causes (a verdict without any counts under its name). */
export function failureCauses(record: Pick<RunRecord, 'verdicts'>): FailureCause[] {
  const causes = new Map<string, FailureCause>();
  for (const verdict of record.verdicts) {
    if (verdict.status !== 'fail') continue;
    const named = verdict.causes && verdict.causes.length > 0
      ? verdict.causes
      : [{ key: `${verdict.invariant}/failed`, origin: 'app' as const, summary: verdict.message, fix: 'see the evidence', count: 1 }];
    for (const cause of named) if (!causes.has(problemId(cause))) causes.set(problemId(cause), cause);
  }
  return [...causes.values()];
}

interface ProblemState extends Problem {
  /** The run range the path starts from, and the tokens so far. */
  first: number;
  last: number;
  tokens: ShrinkToken[];
  record: RunRecord;
  /** Still to be shrunk. */
  pending: boolean;
  /**
   * Problems first seen in the same run as this one, shrunk with it (one shrink per failing run, not per cause): each
   * takes this one's shrunk counterexample when its run still fails with it, and keeps its own otherwise.
   */
  companions: ProblemState[];
}

/**
 * Plays a campaign and decides its verdict. The rules (DESIGN.md, "Property runner"; a spec per rule):
 *
 * - Runs `0..runs-1` play `schedules.at(i)`: the smallest schedules and the first run on fresh clusters, the others on a
 *   reused cluster while it is whole (at most `maxRunsPerCluster` runs each).
 * - A failure on a fresh cluster is confirmed by itself. A failure on a reused cluster is replayed on fresh clusters:
 *   its own schedule first, then everything that cluster ran since it started (the schedules joined by settle steps),
 *   up to `confirmAttempts` times. A cause reproduced is a confirmed problem; one never reproduced is still a problem
 *   (`not-reproduced`, with the evidence of the run that showed it): no failure is dropped.
 * - Failures are grouped by cause (`problemId`: key and origin): each new one is a problem. One shrink per failing
 *   run, on fresh clusters, within what is left of the campaign's `shrinkBudgetMs`: the run's first new cause (the app's before the platform's) is
 *   shrunk (a candidate counts only if it fails with it), and the run's other new causes take its counterexample where
 *   its last run still shows them. A cause first seen in a shrinking run keeps that candidate. A cause seen again only
 *   counts. After a failure the campaign goes
 *   on, and ends once `runsAfterFailure` runs in a row found nothing new.
 * - Anything the executor throws is a harness failure (cluster-chaos or the environment), never a counterexample: the
 *   campaign stops there and says so.
 * - Verdict: `fail` with any problem; else `error` with a harness failure; else `unknown` with any run that proved
 *   nothing; else `pass`.
 */
export async function runCampaign(executor: RunExecutor, options: CampaignOptions): Promise<CampaignOutcome> {
  const now = options.now ?? (() => performance.now());
  const deadline = options.timeLimitMs === undefined ? Number.POSITIVE_INFINITY : now() + options.timeLimitMs;
  const problems = new Map<string, ProblemState>();
  const order: string[] = [];
  const announced = new Set<ProblemState>();
  const announce = (problem: ProblemState) => {
    if (announced.has(problem)) return;
    announced.add(problem);
    options.onProblem?.(toProblem(problem));
  };
  const campaignRecords: { index: number; record: RunRecord; cluster: RunRow['cluster']; durationMs: number }[] = [];
  const unknownRuns: RunSummary[] = [];
  let totalRuns = 0;
  let harnessFailure: HarnessFailure | undefined;
  let phase: CampaignPhase = 'running';
  let currentRun: number | undefined;
  /** Time spent shrinking so far: `shrinkBudgetMs` bounds the campaign's shrinking as a whole. */
  let shrinkSpentMs = 0;
  const progress = (status: VerdictStatus) =>
    options.onProgress?.({ phase, run: campaignRecords.length, runs: options.runs, totalRuns, status, problems: problems.size });

  /** Runs on a fresh cluster; a throw is the harness's, recorded, and ends everything. */
  const fresh = async (schedule: Schedule): Promise<RunRecord | undefined> => {
    try {
      const record = await executor.fresh(schedule);
      totalRuns++;
      progress(record.status);
      return record;
    } catch (error) {
      harnessFailure ??= describeHarnessFailure(error, phase, currentRun);
      return undefined;
    }
  };

  const addProblem = (
    cause: FailureCause,
    base: { first: number; last: number; tokens: ShrinkToken[] },
    schedule: Schedule,
    record: RunRecord,
    status: Problem['status'],
    replayAttempts?: number,
  ): ProblemState => {
    const problem: ProblemState = {
      cause,
      status,
      seenInRuns: 0,
      counterexample: schedule,
      originalCounterexample: schedule,
      path: formatPath(base.first, base.last, base.tokens),
      shrinks: 0,
      shrinkBudgetExhausted: false,
      ...(replayAttempts === undefined ? {} : { replayAttempts }),
      verdicts: record.verdicts,
      events: record.events,
      outputTail: record.outputTail,
      first: base.first,
      last: base.last,
      tokens: [...base.tokens],
      record,
      pending: false,
      companions: [],
    };
    problems.set(problemId(cause), problem);
    order.push(problemId(cause));
    return problem;
  };

  /**
   * New causes of a fresh run's failure become problems (confirmed: the run was fresh). With `shrink`, the first of
   * them (the app's before the platform's) leads: it is shrunk, and the others of the run follow it. Causes first seen
   * in a shrinking run keep the candidate that showed them (already smaller than its run's). Returns the new keys.
   */
  const noteFreshFailure = (record: RunRecord, base: { first: number; last: number; tokens: ShrinkToken[] }, schedule: Schedule, shrink: boolean): string[] => {
    const created = byOrigin(failureCauses(record).filter((cause) => !problems.has(problemId(cause)))).map((cause) =>
      addProblem(cause, base, schedule, record, 'confirmed'),
    );
    const [lead, ...companions] = created;
    if (lead && shrink) {
      lead.pending = true;
      lead.companions = companions;
    } else {
      for (const problem of created) announce(problem);
    }
    return created.map((problem) => problemId(problem.cause));
  };

  const shrinkPending = async (): Promise<void> => {
    for (let next = order.find((key) => problems.get(key)!.pending); next !== undefined; next = order.find((key) => problems.get(key)!.pending)) {
      const problem = problems.get(next)!;
      problem.pending = false;
      if (!harnessFailure) await shrink(problem);
      announce(problem);
      for (const companion of problem.companions) announce(companion);
    }
  };

  const shrink = async (problem: ProblemState): Promise<void> => {
    const previousPhase = phase;
    phase = 'shrinking';
    const began = now();
    const shrinkDeadline = Math.min(began + options.shrinkBudgetMs - shrinkSpentMs, deadline);
    let current = problem.counterexample;
    let record = problem.record;
    shrinking: for (;;) {
      const candidates = shrinkCandidates(current, { simplestKind: options.simplestKind, ...(record.relevantSteps ? { relevantSteps: record.relevantSteps } : {}) });
      for (const candidate of candidates) {
        if (now() >= shrinkDeadline) {
          problem.shrinkBudgetExhausted = true;
          break shrinking;
        }
        const tried = await fresh(candidate.schedule);
        if (!tried) break shrinking;
        if (tried.status !== 'fail') continue;
        const tokens = [...problem.tokens, candidate.token];
        // A shrinking run is a fresh run: a cause it shows for the first time is a problem of its own.
        noteFreshFailure(tried, { first: problem.first, last: problem.last, tokens }, candidate.schedule, false);
        if (!failureCauses(tried).some((cause) => problemId(cause) === problemId(problem.cause))) continue;
        current = candidate.schedule;
        record = tried;
        problem.tokens = tokens;
        problem.shrinks++;
        continue shrinking;
      }
      break;
    }
    problem.counterexample = current;
    problem.path = formatPath(problem.first, problem.last, problem.tokens);
    adoptRun(problem, record);
    // The run's other causes follow the shrink where its final run still shows them.
    const shown = new Set(failureCauses(record).map(problemId));
    for (const companion of problem.companions) {
      if (!shown.has(problemId(companion.cause))) continue;
      companion.counterexample = current;
      companion.tokens = [...problem.tokens];
      companion.path = problem.path;
      companion.shrinks = problem.shrinks;
      companion.shrinkBudgetExhausted = problem.shrinkBudgetExhausted;
      adoptRun(companion, record);
    }
    shrinkSpentMs += now() - began;
    phase = previousPhase;
  };

  /** A failure on a reused cluster that played runs `played`: confirmed on fresh clusters, or kept as not reproduced. */
  const confirmReusedFailure = async (played: readonly number[], record: RunRecord): Promise<string[]> => {
    const unconfirmed = new Map(failureCauses(record).filter((cause) => !problems.has(problemId(cause))).map((cause) => [problemId(cause), cause]));
    if (unconfirmed.size === 0) return [];
    phase = 'confirming';
    const first = played[0]!;
    const last = played.at(-1)!;
    const everything = concatenateSchedules(played.map((index) => options.schedules.at(index)));
    // Its own schedule alone first (cheap, and the smallest start for shrinking), then everything the cluster ran.
    const attempts: { first: number; last: number; schedule: Schedule }[] = [{ first: last, last, schedule: options.schedules.at(last) }];
    for (let attempt = 0; attempt < options.confirmAttempts; attempt++) attempts.push({ first, last, schedule: everything });
    const found: string[] = [];
    let made = 0;
    for (const attempt of attempts) {
      if (unconfirmed.size === 0) break;
      const replayed = await fresh(attempt.schedule);
      if (!replayed) break;
      made++;
      if (replayed.status !== 'fail') continue;
      for (const cause of failureCauses(replayed)) unconfirmed.delete(problemId(cause));
      found.push(...noteFreshFailure(replayed, { first: attempt.first, last: attempt.last, tokens: [] }, attempt.schedule, true));
    }
    for (const cause of unconfirmed.values()) {
      announce(addProblem(cause, { first, last, tokens: [] }, everything, record, 'not-reproduced', made));
      found.push(problemId(cause));
    }
    phase = 'running';
    return found;
  };

  /** A campaign run failed: each of its causes was seen once more. */
  const countSeen = (record: RunRecord) => {
    for (const cause of failureCauses(record)) {
      const problem = problems.get(problemId(cause));
      if (problem) problem.seenInRuns++;
    }
  };

  let played: number[] = [];
  let quietRuns = 0;
  let failedOnce = false;
  let endedEarly: CampaignOutcome['endedEarly'];
  for (let index = 0; index < options.runs; index++) {
    if (failedOnce && quietRuns >= options.runsAfterFailure) {
      endedEarly = 'after-failure';
      break;
    }
    if (index > 0 && now() >= deadline) {
      endedEarly = 'time-limit';
      break;
    }
    currentRun = index;
    phase = 'running';
    const schedule = options.schedules.at(index);
    const onFresh = !options.reuse || index === 0 || index < options.schedules.smallestCount;
    let record: RunRecord;
    const runStarted = now();
    try {
      if (onFresh) {
        record = await executor.fresh(schedule);
      } else {
        if (played.length >= options.maxRunsPerCluster) {
          await executor.discardReused();
          played = [];
        }
        const run = await executor.reused(schedule);
        if (run.newCluster) played = [];
        played.push(index);
        record = run.record;
      }
    } catch (error) {
      harnessFailure = describeHarnessFailure(error, 'running', index);
      endedEarly = 'harness';
      break;
    }
    totalRuns++;
    campaignRecords.push({ index, record, cluster: onFresh ? 'fresh' : 'reused', durationMs: now() - runStarted });
    if (record.status === 'unknown') unknownRuns.push(summarize(index, record));
    progress(record.status);
    if (record.status !== 'fail') {
      if (failedOnce) quietRuns++;
      continue;
    }
    failedOnce = true;
    let found: string[];
    if (onFresh) {
      found = noteFreshFailure(record, { first: index, last: index, tokens: [] }, schedule, true);
    } else {
      await executor.discardReused().catch((error: unknown) => void (harnessFailure ??= describeHarnessFailure(error, 'running', index)));
      found = await confirmReusedFailure(played, record);
      played = [];
    }
    countSeen(record);
    await shrinkPending();
    quietRuns = found.length > 0 ? 0 : quietRuns + 1;
    if (harnessFailure) {
      endedEarly = 'harness';
      break;
    }
  }

  if (!harnessFailure) {
    // The reused cluster is stopped last: what it leaves running fails the check like any run, confirmed the same way.
    currentRun = played.at(-1);
    try {
      const orphans = await executor.finishReused();
      if (orphans && orphans.status === 'fail' && played.length > 0) {
        await confirmReusedFailure(played, orphans);
        countSeen(orphans);
        await shrinkPending();
      }
    } catch (error) {
      harnessFailure = describeHarnessFailure(error, 'running', currentRun);
    }
  } else {
    await executor.finishReused().catch(() => undefined);
  }

  const sorted = byOrigin([...order].map((key) => problems.get(key)!));
  const status: CampaignStatus = sorted.length > 0 ? 'fail' : harnessFailure ? 'error' : unknownRuns.length > 0 ? 'unknown' : 'pass';
  const faults = (figures: RunFigures) => Object.values(figures.faultsLanded).reduce<number>((sum, count) => sum + (count ?? 0), 0);
  const shown = campaignRecords.reduce<(typeof campaignRecords)[number] | undefined>(
    (best, entry) => (!best || faults(entry.record.figures) >= faults(best.record.figures) ? entry : best),
    undefined,
  );
  const representative = shown?.record;
  return {
    status,
    runs: campaignRecords.length,
    totalRuns,
    problems: sorted.map(toProblem),
    unknownRuns,
    totals: totalsOf(campaignRecords.map(({ record }) => record)),
    ...(harnessFailure ? { harnessFailure } : {}),
    ...(representative ? { representative, representativeRun: shown!.index } : {}),
    ...(endedEarly ? { endedEarly } : {}),
    runLog: campaignRecords.map(({ index, record, cluster, durationMs }) => ({ index, schedule: record.schedule, status: record.status, cluster, figures: record.figures, durationMs })),
  };
}

/**
 * Replays one path: the schedule it names (runs joined, shrink tokens applied) on up to `attempts` fresh clusters,
 * until it fails. A problem per cause of the failing run; none when it held every time.
 */
export async function replayPath(
  executor: Pick<RunExecutor, 'fresh'>,
  schedule: Schedule,
  path: string,
  attempts: number,
  onProgress?: (progress: CampaignProgress) => void,
): Promise<CampaignOutcome & { replayAttempts: number; record?: RunRecord }> {
  let record: RunRecord | undefined;
  let made = 0;
  let harnessFailure: HarnessFailure | undefined;
  while (made < attempts) {
    try {
      record = await executor.fresh(schedule);
    } catch (error) {
      harnessFailure = describeHarnessFailure(error, 'replaying', undefined);
      break;
    }
    made++;
    onProgress?.({ phase: 'replaying', run: made, runs: attempts, totalRuns: made, status: record.status, problems: record.status === 'fail' ? failureCauses(record).length : 0 });
    if (record.status === 'fail') break;
  }
  const failed = record?.status === 'fail' ? record : undefined;
  const problems: Problem[] = failed
    ? failureCauses(failed).map((cause) => ({
        cause,
        status: 'confirmed',
        seenInRuns: 1,
        counterexample: schedule,
        originalCounterexample: schedule,
        path,
        shrinks: 0,
        shrinkBudgetExhausted: false,
        verdicts: failed.verdicts,
        events: failed.events,
        outputTail: failed.outputTail,
      }))
    : [];
  const status: CampaignStatus = failed ? 'fail' : harnessFailure ? 'error' : record?.status === 'unknown' ? 'unknown' : 'pass';
  return {
    status,
    runs: made,
    totalRuns: made,
    problems,
    unknownRuns: record?.status === 'unknown' ? [summarize(0, record)] : [],
    totals: totalsOf(record ? [record] : []),
    // A replay is not a campaign: no run rows.
    runLog: [],
    ...(harnessFailure ? { harnessFailure } : {}),
    ...(record ? { representative: record, record } : {}),
    replayAttempts: made,
  };
}

/** Applies a path's tokens to the schedule of its runs. */
export function scheduleOfPath(schedules: ScheduleSource, first: number, last: number, tokens: readonly ShrinkToken[], simplestKind: FaultKind): Schedule {
  let schedule = first === last ? schedules.at(first) : schedules.concatenation(first, last);
  for (const token of tokens) schedule = applyToken(schedule, token, { simplestKind });
  return schedule;
}

/** A problem's evidence from one run: its cause as that run words it, and the run's verdicts, events and output. */
function adoptRun(problem: ProblemState, record: RunRecord): void {
  problem.cause = failureCauses(record).find((cause) => problemId(cause) === problemId(problem.cause)) ?? problem.cause;
  problem.verdicts = record.verdicts;
  problem.events = record.events;
  problem.outputTail = record.outputTail;
  problem.record = record;
}

/** What a problem is to the caller: its state without the campaign's bookkeeping. */
function toProblem({ first: _first, last: _last, tokens: _tokens, record: _record, pending: _pending, companions: _companions, ...problem }: ProblemState): Problem {
  return problem;
}

/** The app's first, then the platform's, each in the order given. */
function byOrigin<T extends { origin: FailureCause['origin'] } | { cause: FailureCause }>(items: readonly T[]): T[] {
  const originOf = (item: T) => ('cause' in item ? item.cause.origin : item.origin);
  return [...items.filter((item) => originOf(item) === 'app'), ...items.filter((item) => originOf(item) !== 'app')];
}

function summarize(index: number, record: RunRecord): RunSummary {
  return { index, schedule: record.schedule, status: record.status, verdicts: record.verdicts.filter((verdict) => verdict.status !== 'pass') };
}

/** The totals over campaign runs: sums of each run's figures. */
export function totalsOf(records: readonly RunRecord[]): CampaignTotals {
  const totals: CampaignTotals = {
    runs: records.length,
    passed: 0,
    failed: 0,
    unknown: 0,
    connections: { judged: 0, answered: 0, lost: 0, excused: {} },
    faults: {},
    restores: { count: 0, medianMs: undefined, maxMs: undefined },
    reloads: { started: 0, completed: 0 },
  };
  const restores: number[] = [];
  for (const record of records) {
    if (record.status === 'pass') totals.passed++;
    else if (record.status === 'fail') totals.failed++;
    else totals.unknown++;
    const { connections, faultsLanded, restoreMs, reloads } = record.figures;
    totals.connections.judged += connections.judged;
    totals.connections.answered += connections.answered;
    totals.connections.lost += connections.lost;
    for (const [reason, count] of Object.entries(connections.excused) as [string, number][]) totals.connections.excused[reason] = (totals.connections.excused[reason] ?? 0) + count;
    for (const [kind, count] of Object.entries(faultsLanded) as [FaultKind, number][]) totals.faults[kind] = (totals.faults[kind] ?? 0) + count;
    restores.push(...restoreMs);
    totals.reloads.started += reloads.started;
    totals.reloads.completed += reloads.completed;
  }
  restores.sort((a, b) => a - b);
  totals.restores = { count: restores.length, medianMs: restores.length === 0 ? undefined : quantile(restores, 0.5), maxMs: restores.at(-1) };
  return totals;
}

/** A thrown error as a harness failure: what, where, and the full text for `--verbose`. */
export function describeHarnessFailure(error: unknown, phase: CampaignPhase, run: number | undefined): HarnessFailure {
  const instance = error instanceof Error ? error : new Error(String(error));
  return {
    message: instance.message.split('\n')[0] ?? String(error),
    name: instance.name,
    ...(run === undefined ? {} : { run }),
    phase,
    detail: instance.stack ?? instance.message,
  };
}
