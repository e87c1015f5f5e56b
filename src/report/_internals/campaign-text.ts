// The terminal report of a campaign: each problem in fast-check's manner, unknown runs, a harness failure, the totals.

import { formatSchedule } from '../../property/schedule.js';
import type { ReportInput } from '../report-input.js';
import {
  campaignHeadline,
  describeCampaignTarget,
  harnessFailureWhat,
  harnessFailureWhere,
  replayAttemptsLine,
  runsSummary,
} from './campaign-facts.js';
import { connectionsHeading, lostConnections } from './lost-connections.js';
import {
  invariantOfCause,
  originHeadings,
  otherFailureNotes,
  problemEvidence,
  problemScheduleHeading,
  problemStatus,
  problemVerdicts,
  problemsByOrigin,
  type NumberedProblem,
} from './problem-facts.js';
import { totalsFacts } from './totals-facts.js';
import { runNumbers, unknownReasons } from './unknown-reasons.js';
import { formatEvidence } from './evidence-lines.js';
import { foldInjectedFaultTraces } from './output-tail.js';
import { statusStyle, type Paint } from './paint.js';
import { lastLines } from './report-facts.js';
import { shownRun } from './run-rows.js';

export interface CampaignTextLimits {
  maxEvidence: number;
  maxOutputLines: number;
  maxLostConnections: number;
}

/**
 * The lines of a campaign's report. Every problem, every reason for an unknown run and the harness failure are
 * printed whatever the status; what depends on the status is the headline and what follows it:
 *
 * - FAIL: each problem (app ones, then platform ones), with its invariant, cause, fix, status, counterexample,
 *   seed and path, replay line, lost connections, evidence and output, all from that problem's own run;
 * - PASS: the totals over every run, restore times as a distribution (the output of the run the HTML report shows
 *   only when verbose; no row per run, see below);
 * - UNKNOWN: how many runs proved nothing and why, grouped, and that none failed; the totals;
 * - ERROR: that it is an error of cluster-chaos or of the environment, what happened, in which run and phase.
 */
export function campaignTextLines(report: ReportInput, paint: Paint, limits: CampaignTextLimits): string[] {
  const lines: string[] = [];
  const problems = report.problems ?? [];
  const unknownRuns = report.unknownRuns ?? [];
  const status = paint([statusStyle[report.status], 'bold'], report.status.toUpperCase());
  lines.push(`cluster-chaos: ${status}  ${campaignHeadline(report)}`);
  if (report.status === 'error' && report.harnessFailure) lines.push(...harnessFailureLines(report, paint));
  lines.push(`${paint('bold', 'Target:')} ${describeCampaignTarget(report)}`);
  const replayed = replayAttemptsLine(report);
  if (replayed) lines.push(replayed);

  if (problems.length > 0) {
    const { app, platform } = problemsByOrigin(problems);
    const total = problems.length;
    if (report.status !== 'fail')
      lines.push('', paint('bold', `Problems found${report.harnessFailure ? ' before the error' : ''} (${total}):`));
    for (const [group, heading] of [
      [app, originHeadings.app],
      [platform, originHeadings.platform],
    ] as const) {
      if (group.length === 0) continue;
      lines.push('', paint('bold', `${heading.title} (${group.length}): ${heading.meaning}`));
      for (const numbered of group) lines.push(...problemLines(numbered, total, report, paint, limits));
    }
  } else if (report.status === 'fail') {
    // A failure with no problem listed cannot happen with the runner's result; say so rather than print nothing.
    lines.push('', 'No problem was recorded with this failure: the verdicts of the representative run follow.');
    for (const verdict of report.verdicts.filter((verdict) => verdict.status === 'fail'))
      lines.push(`  ${verdict.invariant}: ${verdict.message}`);
  }

  if (unknownRuns.length > 0) {
    const runs = report.totals?.runs ?? report.runs;
    lines.push(
      '',
      paint(
        'bold',
        `Runs that proved nothing (${unknownRuns.length}${runs === undefined ? '' : ` of ${runs}`}), by reason:`,
      ),
    );
    for (const reason of unknownReasons(unknownRuns)) {
      const words = reason.identical
        ? ''
        : ` (in ${runNumbers([reason.runs[0]!])}'s words; the others differ only in their numbers)`;
      lines.push(`  ${runNumbers(reason.runs, 12)}: ${reason.invariant}: ${reason.message}${words}`);
    }
    if (report.status === 'unknown') {
      lines.push('No run failed, but a run that proves nothing is no pass: the check is inconclusive.');
    }
  }

  if (report.status !== 'error' && report.harnessFailure) {
    lines.push(
      '',
      paint('bold', 'Then an error of cluster-chaos or of the environment, not of the app, stopped the campaign:'),
      ...harnessFailureLines(report, paint),
    );
  }

  if ((report.status === 'pass' || report.status === 'unknown') && report.totals) {
    lines.push('', paint('bold', `Totals over all ${report.totals.runs} runs:`));
    for (const [label, value] of totalsFacts(report.totals, report.runLog)) lines.push(`  ${label}: ${value}`);
  }
  if (report.status === 'pass' && report.verdicts.length > 0) {
    lines.push(`Invariants held in every run: ${report.verdicts.map((verdict) => verdict.invariant).join(', ')}`);
  }
  // No row per run here, not even with --verbose: a hundred rows would push the verdict and the totals off the
  // screen, and --verbose is asked for to see the app's output and stack traces, not a table. The runs that matter
  // in a terminal (failed, inconclusive) are named above with their reasons; the HTML report has every row.
  const shown = shownRun(report);
  if ((report.status === 'pass' || report.status === 'unknown') && (report.runLog?.length ?? 0) > 0) {
    const timeline = shown ? ` and the timeline of ${shown.name}${shown.why ? `, ${shown.why}` : ''}` : '';
    lines.push(`The HTML report has a row per run${timeline}.`);
  }
  if (report.status !== 'fail' && report.replay)
    lines.push(`${paint('bold', 'Rerun the campaign:')} ${paint('cyan', report.replay)}`);
  if (report.status !== 'fail' && report.verbose && report.outputTail !== undefined) {
    lines.push(
      ...outputLines(
        report.outputTail,
        `Output of ${shown ? `run ${shown.index + 1}` : 'the last run'}`,
        '',
        report.verbose,
        limits.maxOutputLines,
        paint,
      ),
    );
  }
  return lines;
}

/** One problem, fast-check style: what failed and why, the shrunk counterexample, how to replay it, the proof. */
function problemLines(
  { problem, number }: NumberedProblem,
  total: number,
  report: ReportInput,
  paint: Paint,
  limits: CampaignTextLimits,
): string[] {
  const lines: string[] = [];
  lines.push(paint('bold', `Problem ${number} of ${total} (${problem.cause.origin}): ${problem.cause.key}`));
  const verdicts = problemVerdicts(problem);
  if (verdicts.length === 0) lines.push(`  Invariant: ${invariantOfCause(problem)}`);
  for (const verdict of verdicts) lines.push(`  Invariant: ${verdict.invariant}: ${verdict.message}`);
  lines.push(
    `  Cause: ${problem.cause.summary}${problem.cause.count > 1 ? ` (${problem.cause.count} times in this run)` : ''}`,
  );
  lines.push(`  ${paint('bold', 'Fix:')} ${problem.cause.fix}`);
  lines.push(`  Status: ${problemStatus(problem)}`);
  lines.push(`  ${problemScheduleHeading(problem)}:`, formatSchedule(problem.counterexample, '    '));
  lines.push(`  Seed: ${report.seed ?? '?'}  Path: ${JSON.stringify(problem.path)}`);
  lines.push(`  ${paint('bold', 'Replay:')} ${paint('cyan', problem.replay)}`);
  for (const note of otherFailureNotes(problem, report.problems ?? []))
    lines.push(`  Also failed in this run: ${note}`);

  const lost = lostConnections(problem);
  if (lost.length > 0) {
    lines.push(`  ${connectionsHeading(problem)} (${lost.length}):`);
    for (const connection of lost.slice(0, limits.maxLostConnections)) lines.push(`    ${connection.description}`);
    if (lost.length > limits.maxLostConnections) {
      lines.push(
        `    … ${lost.length - limits.maxLostConnections} more: the HTML report (report.html, problem ${number}) lists every one`,
      );
    }
  }
  const evidence = problemEvidence(problem);
  if (evidence.length > 0) {
    lines.push(
      `  Evidence (from this problem's run):`,
      ...formatEvidence(evidence.slice(0, limits.maxEvidence), problem.events, '    '),
    );
    if (evidence.length > limits.maxEvidence) {
      lines.push(
        `    … ${evidence.length - limits.maxEvidence} more events: the HTML report (report.html, problem ${number}) shows them all`,
      );
    }
  }
  lines.push(
    ...outputLines(
      problem.outputTail,
      'Output of this run',
      '  ',
      report.verbose ?? false,
      limits.maxOutputLines,
      paint,
    ),
  );
  return lines;
}

/** The harness failure: what happened, where, what ran before it, what to do; the full text when verbose. */
function harnessFailureLines(report: ReportInput, paint: Paint): string[] {
  const failure = report.harnessFailure!;
  const lines = [`  What happened: ${harnessFailureWhat(failure)}`, `  Where: ${harnessFailureWhere(failure)}`];
  const before = runsSummary(report);
  const problems = report.problems?.length ?? 0;
  const found =
    problems === 0
      ? 'no problem found'
      : problems === 1
        ? '1 problem found, shown in this report'
        : `${problems} problems found, each shown in this report`;
  lines.push(`  Before it: ${before ?? 'no run'}; ${found}`);
  lines.push(
    '  This is no verdict on the app: run the check again; if the error recurs, report it to cluster-chaos with its full text.',
  );
  if (report.verbose)
    lines.push(paint('bold', '  Full error:'), ...failure.detail.split('\n').map((line) => `    ${line}`));
  else lines.push('  (--verbose shows the full error)');
  return lines;
}

/** The last lines of a run's output, injected faults' stack traces folded unless verbose. */
function outputLines(
  output: string,
  title: string,
  indent: string,
  verbose: boolean,
  max: number,
  paint: Paint,
): string[] {
  const { lines, omitted } = lastLines(verbose ? output : foldInjectedFaultTraces(output), max);
  if (lines.length === 0) return [`${indent}${title}: the app wrote nothing.`];
  const heading =
    omitted > 0 ? `${title} (last ${lines.length} of ${lines.length + omitted} lines):` : `${title} (last lines):`;
  return [`${indent}${paint('bold', heading)}`, ...lines.map((line) => `${indent}  ${line}`)];
}
