// Facts of a campaign that the text and the HTML report state the same way: problems, their evidence, unknown runs, totals.

import { connectionRecords } from '../../history/connections.js';
import type { ConnectionCloseEvent, HistoryEvent, ProcessRole } from '../../history/events.js';
import type { Verdict } from '../../invariants/verdict.js';
import type { FaultKind } from '../../history/events.js';
import type { CampaignTotals, HarnessFailure, RunRow, RunSummary } from '../../property/resilience-result.js';
import type { ReportInput, ReportProblem } from '../report-input.js';
import { connectionsInEvidence } from './evidence-connections.js';
import { processLanes } from './process-lanes.js';
import { formatDuration, plural } from './report-facts.js';
import { formatDistribution, restoreDistribution } from '../../property/time-distribution.js';

/** A campaign report (from `resilienceReportInput`) rather than one run's: see `ReportInput`. */
export function isCampaign(report: ReportInput): boolean {
  return (
    report.status === 'error' ||
    report.problems !== undefined ||
    report.totals !== undefined ||
    report.unknownRuns !== undefined ||
    report.runLog !== undefined ||
    report.harnessFailure !== undefined
  );
}

/** A problem with its number in the report (1-based, app problems first). */
export interface NumberedProblem {
  problem: ReportProblem;
  number: number;
}

/** The problems split by origin, app ones first, numbered in that order (the runner's order within each origin). */
export function problemsByOrigin(problems: readonly ReportProblem[]): { app: NumberedProblem[]; platform: NumberedProblem[] } {
  const app = problems.filter((problem) => problem.cause.origin !== 'platform');
  const platform = problems.filter((problem) => problem.cause.origin === 'platform');
  return {
    app: app.map((problem, index) => ({ problem, number: index + 1 })),
    platform: platform.map((problem, index) => ({ problem, number: app.length + index + 1 })),
  };
}

/** `2 problems: 1 in the app, 1 in the platform`, `1 problem, in the app`, `3 problems, all in the platform`. */
export function problemsHeadline(problems: readonly ReportProblem[]): string {
  const { app, platform } = problemsByOrigin(problems);
  if (problems.length === 0) return 'no problem';
  if (app.length > 0 && platform.length > 0) {
    return `${plural(problems.length, 'problem')}: ${app.length} in the app, ${platform.length} in the platform`;
  }
  const where = app.length > 0 ? 'the app' : 'the platform';
  return problems.length === 1 ? `1 problem, in ${where}` : `${problems.length} problems, all in ${where}`;
}

/** What each origin means, for the headings above each group of problems. */
export const originHeadings = {
  app: { title: 'Problems in the app', meaning: 'its own code' },
  platform: { title: 'Problems in the platform', meaning: 'Node itself (node:cluster), which the app can only work around' },
} as const;

/** The invariant a cause belongs to: the part of its key before the slash. */
export function invariantOfCause(problem: ReportProblem): string {
  return problem.cause.key.split('/')[0] ?? problem.cause.key;
}

/**
 * The failing verdicts of the problem's own run that carry its cause (by key); failing that, the failing verdicts of
 * the cause's invariant; failing that, every failing verdict of the run. Never another run's.
 */
export function problemVerdicts(problem: ReportProblem): Verdict[] {
  const failing = problem.verdicts.filter((verdict) => verdict.status === 'fail');
  const carrying = failing.filter((verdict) => verdict.causes?.some((cause) => cause.key === problem.cause.key));
  if (carrying.length > 0) return carrying;
  const ofInvariant = failing.filter((verdict) => verdict.invariant === invariantOfCause(problem));
  return ofInvariant.length > 0 ? ofInvariant : failing;
}

/** The evidence of those verdicts, deduplicated, in time order. */
export function problemEvidence(problem: ReportProblem): HistoryEvent[] {
  const events = new Set<HistoryEvent>();
  for (const verdict of problemVerdicts(problem)) for (const event of verdict.evidence) events.add(event);
  return [...events].sort((a, b) => a.t - b.t);
}

/** The connections the problem's evidence is about: the ones its timeline draws bold. */
export function problemHighlight(problem: ReportProblem): number[] {
  const evidence = problemEvidence(problem);
  return evidence.length === 0 ? [] : connectionsInEvidence(evidence, connectionRecords(problem.events));
}

/** The other invariants that failed in the problem's run. */
export function otherFailures(problem: ReportProblem): Verdict[] {
  const own = problemVerdicts(problem);
  return problem.verdicts.filter((verdict) => verdict.status === 'fail' && !own.includes(verdict));
}

/**
 * One line per other invariant that failed in the problem's run: the problems of the report that carry its causes
 * (`worker-count-restored (problem 3)`), or, when none does, its message and causes in full, so that it is not lost.
 */
export function otherFailureNotes(problem: ReportProblem, problems: readonly ReportProblem[]): string[] {
  const { app, platform } = problemsByOrigin(problems);
  const numbers = new Map([...app, ...platform].map(({ problem: other, number }) => [other.cause.key, number]));
  return otherFailures(problem).map((verdict) => {
    const keys = (verdict.causes ?? []).map((cause) => cause.key);
    const listed = keys.map((key) => numbers.get(key)).filter((number): number is number => number !== undefined);
    if (listed.length > 0 && listed.length === keys.length) {
      return `${verdict.invariant} (${listed.length === 1 ? 'problem' : 'problems'} ${listed.join(', ')})`;
    }
    const causes = (verdict.causes ?? []).filter((cause) => !numbers.has(cause.key));
    const why = causes.length === 0 ? '' : `; ${causes.map((cause) => `${cause.key} (${cause.origin}): ${cause.summary}; fix: ${cause.fix}`).join('; ')}`;
    return `${verdict.invariant}: ${verdict.message}${why}`;
  });
}

/**
 * `confirmed on a fresh cluster; seen in 3 runs`, or `seen once, not reproduced in 3 fresh replays: it still fails
 * the check`.
 */
export function problemStatus(problem: ReportProblem): string {
  const seen =
    problem.seenInRuns === 0
      ? 'first seen while confirming or shrinking another problem'
      : problem.seenInRuns === 1
        ? 'seen once'
        : `seen in ${problem.seenInRuns} runs`;
  if (problem.status === 'confirmed') return `confirmed on a fresh cluster; ${seen}`;
  return `${seen}, not reproduced in ${plural(problem.replayAttempts ?? 0, 'fresh replay')}: it still fails the check`;
}

/** `Counterexample (shrunk 5 times, from 6 steps to 2)`, with a word when shrinking stopped at its budget. */
export function problemScheduleHeading(problem: ReportProblem): string {
  if (problem.status === 'not-reproduced') {
    return `Schedule as seen (${plural(problem.counterexample.length, 'step')}; a failure that did not recur is not shrunk)`;
  }
  const details = [`shrunk ${plural(problem.shrinks, 'time')}`];
  if (problem.originalCounterexample.length !== problem.counterexample.length || problem.shrinks > 0) {
    details.push(`from ${plural(problem.originalCounterexample.length, 'step')} to ${problem.counterexample.length}`);
  }
  if (problem.shrinkBudgetExhausted) details.push('shrinking stopped at the campaign\'s time budget (--shrink-budget, shrinkBudgetMs): the smallest failing schedule found by then');
  return `Counterexample (${details.join(', ')})`;
}

/** One lost connection of a problem, named: what happened to it, when, and who held it last. */
export interface LostConnection {
  connection: number;
  description: string;
}

/**
 * Every connection lost with the problem's cause: as the checker lists them (`Verdict.details`, every one of them),
 * or, for a verdict without details, each connection its evidence names that was not answered (or was answered with
 * an HTTP 5xx), described from the problem's own history: outcome, times, and the process that held it last (or the
 * one it was on its way to).
 */
export function lostConnections(problem: ReportProblem): LostConnection[] {
  // The checker lists every loss with its cause (`Verdict.details`); the evidence holds only the first few.
  const listed = problem.verdicts.flatMap((verdict) =>
    verdict.status === 'fail' ? (verdict.details ?? []).filter((detail) => detail.connection !== undefined && detail.key === problem.cause.key) : [],
  );
  if (listed.length > 0) return listed.map((detail) => ({ connection: detail.connection!, description: detail.text }));
  const records = connectionRecords(problem.events);
  const byId = new Map(records.map((record) => [record.connection, record]));
  const closes = new Map<number, ConnectionCloseEvent>();
  for (const event of problem.events) if (event.type === 'connection-close') closes.set(event.connection, event);
  for (const event of problemEvidence(problem)) if (event.type === 'connection-close' && !closes.has(event.connection)) closes.set(event.connection, event);
  const roles = new Map<number, ProcessRole>(processLanes(problem.events).map((lane) => [lane.pid, lane.role]));
  const who = (pid: number): string => `${roles.get(pid) === 'other' || !roles.has(pid) ? 'pid' : roles.get(pid)} ${pid}`;

  const lost: LostConnection[] = [];
  for (const id of connectionsInEvidence(problemEvidence(problem), records)) {
    const close = closes.get(id);
    if (!close || close.clientAborted) continue;
    const serverError = close.outcome === 'answered' && close.httpStatus !== undefined && close.httpStatus >= 500;
    if (close.outcome === 'answered' && !serverError) continue;
    const record = byId.get(id);
    const outcome = serverError ? `answered HTTP ${close.httpStatus}` : `${close.outcome}${close.errorCode ? ` (${close.errorCode})` : ''}`;
    const opened = record ? `, opened at ${record.openedAt.toFixed(1)} ms` : '';
    let holder = 'received by no process';
    if (record) {
      const last = record.handledBy.at(-1);
      const port = record.clientPort;
      const dispatch = problem.events.find(
        (event) =>
          event.type === 'connection-dispatched' &&
          event.clientPort === port &&
          event.t >= (last?.t ?? record.openedAt) &&
          event.t <= (record.closedAt ?? Number.POSITIVE_INFINITY),
      );
      if (dispatch?.type === 'connection-dispatched') {
        const by = dispatch.by === 'node:cluster' ? ' by node:cluster round robin' : '';
        holder = `sent by ${who(dispatch.pid)} to ${who(dispatch.to)}${by} at ${dispatch.t.toFixed(1)} ms, never received there`;
      } else if (last) {
        holder = `last received by ${who(last.pid)} (${last.via}) at ${last.t.toFixed(1)} ms`;
      }
    }
    lost.push({ connection: id, description: `#${id} ${outcome} at ${close.t.toFixed(1)} ms${opened}; ${holder}` });
  }
  return lost;
}

/** One reason for which runs proved nothing, and the runs that gave it. */
export interface UnknownReason {
  invariant: string;
  /** The message of the first run that gave it. */
  message: string;
  /** The runs' campaign indices (0-based). */
  runs: number[];
  /** Every run gave the same message (otherwise they differ from the first only in their numbers: pids, times, counts). */
  identical: boolean;
}

/**
 * The reasons the unknown runs proved nothing, grouped by invariant and by message up to its numbers, most frequent
 * first. A run with no verdict to show still counts, under "no reason recorded".
 */
export function unknownReasons(runs: readonly RunSummary[]): UnknownReason[] {
  const groups = new Map<string, UnknownReason>();
  for (const run of runs) {
    const reasons = run.verdicts.filter((verdict) => verdict.status !== 'pass');
    const listed = reasons.length > 0 ? reasons : [{ invariant: 'run', message: 'no reason recorded (no verdict of the run was unknown)' }];
    for (const verdict of listed) {
      const key = `${verdict.invariant}\u0000${verdict.message.replace(/\d+(?:\.\d+)?/g, '#')}`;
      const group = groups.get(key);
      if (!group) groups.set(key, { invariant: verdict.invariant, message: verdict.message, runs: [run.index], identical: true });
      else {
        if (!group.runs.includes(run.index)) group.runs.push(run.index);
        if (verdict.message !== group.message) group.identical = false;
      }
    }
  }
  return [...groups.values()].sort((a, b) => b.runs.length - a.runs.length);
}

/** `run 4`, `runs 4, 17 and 20` (1-based, as a person counts runs), at most `max` numbers then how many more. */
export function runNumbers(indices: readonly number[], max = Number.POSITIVE_INFINITY): string {
  const numbers = [...indices].sort((a, b) => a - b).map((index) => String(index + 1));
  if (numbers.length === 1) return `run ${numbers[0]}`;
  if (numbers.length > max) return `runs ${numbers.slice(0, max).join(', ')} and ${numbers.length - max} more`;
  return `runs ${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`;
}

/** What each kind of excuse means, in the totals. Kinds not listed here are shown by their name. */
const excuseWords: Record<string, string> = {
  'fault-on-holder': 'a fault ended the process that held them',
  'fault-near-accept': 'a fault ended a process right at their accept (no process took them)',
  'fault-while-open': 'a fault acted while they were open',
  'master-killed': 'refused after a fault killed the master',
  stop: 'cut by the stop at the end of the run',
};

/** `3 excused (2: a fault ended the process that held them; 1: cut by the stop at the end of the run)`. */
export function excusedFacts(excused: Readonly<Record<string, number>>): string {
  const entries = Object.entries(excused).filter(([, count]) => count > 0).sort((a, b) => b[1] - a[1]);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return '0 excused';
  return `${total} excused (${entries.map(([kind, count]) => `${count}: ${excuseWords[kind] ?? kind}`).join('; ')})`;
}

/** `8 SIGKILL, 3 exit, 1 uncaught-exception`: faults by kind, most frequent first; empty for none. */
export function faultCounts(faults: Readonly<Partial<Record<FaultKind, number>>>): string {
  return Object.entries(faults)
    .filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');
}

/** How many faults landed, over every kind. */
export function faultTotal(faults: Readonly<Partial<Record<FaultKind, number>>>): number {
  return Object.values(faults).reduce<number>((sum, count) => sum + (count ?? 0), 0);
}

/**
 * The totals over every run, as label and value, in the order both reports show them. With the campaign's run rows,
 * restore times are a distribution over every run (min, median, p95, max); without them (a replay), the totals'
 * median and max.
 */
export function totalsFacts(totals: CampaignTotals, runLog: readonly RunRow[] = []): [string, string][] {
  const { connections, restores, reloads } = totals;
  const landed = faultTotal(totals.faults);
  const distribution = restoreDistribution(runLog);
  const restoreFacts =
    runLog.length > 0
      ? distribution && `${distribution.count} after worker faults: ${formatDistribution(distribution)}`
      : restores.count === 0 || restores.medianMs === undefined || restores.maxMs === undefined
        ? undefined
        : `${restores.count} after worker faults: median ${Math.round(restores.medianMs)} ms, max ${Math.round(restores.maxMs)} ms`;
  return [
    ['Runs', `${totals.runs} (${totals.passed} passed, ${totals.failed} failed, ${totals.unknown} unknown)`],
    ['Connections', `${connections.judged} judged: ${connections.answered} answered, ${excusedFacts(connections.excused)}, ${connections.lost} lost`],
    ['Faults landed', landed === 0 ? 'none' : `${landed} (${faultCounts(totals.faults)})`],
    ['Restores', restoreFacts ?? 'none measured (no worker fault was restored)'],
    ['Reloads', reloads.started === 0 ? 'none' : `${reloads.started} started, ${reloads.completed} completed`],
  ];
}

const endedEarlyWords: Record<NonNullable<ReportInput['endedEarly']>, string> = {
  'after-failure': 'stopped early: after the last new problem, the runs that followed found nothing new',
  'time-limit': 'stopped early: the time limit was spent',
  harness: 'stopped early by an error of cluster-chaos or of the environment',
};

/**
 * The runs of a campaign in a few words: `40 runs (37 passed, 3 failed)`, or for one that ended before the runs asked
 * `17 of 20 runs (14 passed, 3 failed), stopped early: ...`.
 */
export function runsSummary(report: ReportInput): string | undefined {
  const totals = report.totals;
  if (!totals) return report.runs === undefined ? undefined : plural(report.runs, 'run');
  const parts = [
    totals.passed > 0 ? `${totals.passed} passed` : '',
    totals.failed > 0 ? `${totals.failed} failed` : '',
    totals.unknown > 0 ? `${totals.unknown} unknown` : '',
  ].filter(Boolean);
  const early = report.runsAsked !== undefined && report.runsAsked > totals.runs;
  const counted = early ? `${totals.runs} of ${plural(report.runsAsked!, 'run')}` : plural(totals.runs, 'run');
  const why = early && report.endedEarly ? `, ${endedEarlyWords[report.endedEarly]}` : '';
  return `${counted}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}${why}`;
}

/** `fixtures/x/master.js, 2 workers, tcp; 40 runs (37 passed, 3 failed) in 12.3 s; seed 42`. */
export function describeCampaignTarget(report: ReportInput): string {
  const parts = [`${report.target}, ${plural(report.workers, 'worker')}, ${report.protocol}`];
  const runs = runsSummary(report);
  if (runs !== undefined || report.durationMs !== undefined) {
    parts.push([runs, report.durationMs === undefined ? undefined : `in ${formatDuration(report.durationMs)}`].filter(Boolean).join(' '));
  }
  if (report.seed !== undefined) parts.push(`seed ${report.seed}`);
  return parts.join('; ');
}

const phaseWords: Record<HarnessFailure['phase'], string> = {
  running: "running the campaign's schedules",
  confirming: 'confirming a failure on a fresh cluster',
  shrinking: 'shrinking a counterexample',
  replaying: 'replaying a path',
};

/** `in run 57, while running the campaign's schedules` (runs counted from 1). */
export function harnessFailureWhere(failure: HarnessFailure): string {
  const run = failure.run === undefined ? 'outside any run' : `in run ${failure.run + 1}`;
  return `${run}, while ${phaseWords[failure.phase]}`;
}

/** `ClusterStartError: the cluster did not start ...`. */
export function harnessFailureWhat(failure: HarnessFailure): string {
  return failure.message.startsWith(`${failure.name}:`) ? failure.message : `${failure.name}: ${failure.message}`;
}

/** The headline words of a campaign report, after the status. */
export function campaignHeadline(report: ReportInput): string {
  if (report.status === 'error') return 'an error of cluster-chaos or of the environment, not of the app';
  const headline = statusHeadline(report);
  return report.harnessFailure ? `${headline} (then an error of cluster-chaos or of the environment stopped the campaign)` : headline;
}

function statusHeadline(report: ReportInput): string {
  const problems = report.problems ?? [];
  switch (report.status) {
    case 'fail':
      return problems.length > 0 ? problemsHeadline(problems) : 'a run failed';
    case 'unknown': {
      const unknown = report.unknownRuns ?? [];
      const runs = report.totals?.runs ?? report.runs;
      return `${unknown.length}${runs === undefined ? '' : ` of ${runs}`} ${unknown.length === 1 ? 'run' : 'runs'} proved nothing; no run failed`;
    }
    default: {
      if (report.replayAttempts !== undefined) return `the replayed schedule held on ${plural(report.replayAttempts, 'fresh cluster')}`;
      const totals = report.totals;
      if (!totals) return report.runs === undefined ? 'every run passed' : `every run passed (${report.runs} of ${report.runs})`;
      return totals.passed === totals.runs ? `every run passed (${totals.runs} of ${totals.runs})` : `${totals.passed} of ${totals.runs} runs passed`;
    }
  }
}

/** With a replayed path: on how many fresh clusters the schedule ran, and what that says. */
export function replayAttemptsLine(report: ReportInput): string | undefined {
  const attempts = report.replayAttempts;
  if (attempts === undefined) return undefined;
  switch (report.status) {
    case 'fail':
      return `The replayed schedule failed on fresh cluster ${attempts}${attempts > 1 ? ` (it held on the ${plural(attempts - 1, 'cluster')} before)` : ''}.`;
    case 'pass':
      return `The replayed schedule held on ${plural(attempts, 'fresh cluster')}: a failure it gave before depends on a race that did not recur.`;
    default:
      return `The replayed schedule ran on ${plural(attempts, 'fresh cluster')}.`;
  }
}

/** The connections named by the evidence of a run's verdicts that did not pass (the representative run's). */
export function highlightOfRun(report: ReportInput): number[] {
  const evidence = report.verdicts.filter((verdict) => verdict.status !== 'pass').flatMap((verdict) => verdict.evidence);
  return evidence.length === 0 ? [] : connectionsInEvidence(evidence, connectionRecords(report.events));
}
