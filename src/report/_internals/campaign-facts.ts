// Facts of a campaign that the text and the HTML report state the same way: its headline, runs, target, harness failure.

import { connectionRecords } from '../../history/connections.js';
import type { HarnessFailure } from '../../property/resilience-result.js';
import type { ReportInput } from '../report-input.js';
import { connectionsInEvidence } from './evidence-connections.js';
import { problemsHeadline } from './problem-facts.js';
import { formatDuration, plural } from './report-facts.js';

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
    parts.push(
      [runs, report.durationMs === undefined ? undefined : `in ${formatDuration(report.durationMs)}`]
        .filter(Boolean)
        .join(' '),
    );
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
  return report.harnessFailure
    ? `${headline} (then an error of cluster-chaos or of the environment stopped the campaign)`
    : headline;
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
      if (report.replayAttempts !== undefined)
        return `the replayed schedule held on ${plural(report.replayAttempts, 'fresh cluster')}`;
      const totals = report.totals;
      if (!totals)
        return report.runs === undefined ? 'every run passed' : `every run passed (${report.runs} of ${report.runs})`;
      return totals.passed === totals.runs
        ? `every run passed (${totals.runs} of ${totals.runs})`
        : `${totals.passed} of ${totals.runs} runs passed`;
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
  const evidence = report.verdicts
    .filter((verdict) => verdict.status !== 'pass')
    .flatMap((verdict) => verdict.evidence);
  return evidence.length === 0 ? [] : connectionsInEvidence(evidence, connectionRecords(report.events));
}
