// The HTML page of a campaign: one section per problem (app apart from platform), unknown runs, harness failure, totals.

import { formatSchedule } from '../../property/schedule.js';
import type { HtmlLimits } from '../html-report-options.js';
import type { ReportInput } from '../report-input.js';
import {
  campaignHeadline,
  harnessFailureWhat,
  harnessFailureWhere,
  highlightOfRun,
  replayAttemptsLine,
  runsSummary,
} from './campaign-facts.js';
import { connectionsHeading, lostConnections } from './lost-connections.js';
import {
  originHeadings,
  otherFailureNotes,
  problemEvidence,
  problemHighlight,
  problemScheduleHeading,
  problemStatus,
  problemVerdicts,
  problemsByOrigin,
  type NumberedProblem,
} from './problem-facts.js';
import { escapeXml } from './escape-xml.js';
import { formatEvidence } from './evidence-lines.js';
import { htmlFacts, htmlHeader, htmlHistory, htmlOutput, htmlReplay, htmlTimeline, htmlVerdicts } from './html-page.js';
import { capitalize, formatDuration, plural } from './report-facts.js';
import { runLogSection } from './run-log-html.js';
import { shownRun } from './run-rows.js';
import { harnessFailureSection, totalsSection, unknownRunsSection } from './campaign-runs-html.js';

/** The page's title: `cluster-chaos: FAIL 2 problems: 1 in the app, 1 in the platform`. */
export function campaignPageTitle(report: ReportInput): string {
  return `cluster-chaos: ${report.status.toUpperCase()} ${campaignHeadline(report)}`;
}

/**
 * The body of a campaign's page. Whatever the status, every problem, every unknown run and the harness failure have
 * their section; the order puts first what the status rests on.
 */
export function campaignHtmlBody(report: ReportInput, limits: HtmlLimits): string[] {
  const problems = report.problems ?? [];
  const failure = report.harnessFailure;
  const headerLines: (string | { text: string; className: string })[] = [];
  if (report.status === 'error' && failure) {
    headerLines.push(harnessFailureWhat(failure), {
      text: `${capitalize(harnessFailureWhere(failure))}.`,
      className: 'where',
    });
  }
  const replayed = replayAttemptsLine(report);
  if (replayed) headerLines.push(replayed);
  if (report.status === 'unknown')
    headerLines.push('No run failed, but a run that proves nothing is no pass: the check is inconclusive.');
  if (report.status !== 'error' && failure)
    headerLines.push(
      'Then an error of cluster-chaos or of the environment, not of the app, stopped the campaign (see below).',
    );

  const facts: [string, string][] = [
    ['Target', report.target],
    ['Workers', String(report.workers)],
    ['Protocol', report.protocol.toUpperCase()],
  ];
  const runs = runsSummary(report);
  if (runs !== undefined) facts.push(['Runs', runs]);
  if (report.seed !== undefined) facts.push(['Seed', String(report.seed)]);
  if (report.durationMs !== undefined) facts.push(['Duration', formatDuration(report.durationMs)]);

  const parts: string[] = [
    htmlHeader(report.status, capitalize(campaignHeadline(report)), headerLines),
    htmlFacts(facts),
  ];

  if (report.status === 'error' && failure) parts.push(harnessFailureSection(report));
  if (report.status === 'pass' || report.status === 'unknown') {
    if (report.status === 'unknown') parts.push(unknownRunsSection(report));
    parts.push(totalsSection(report), runLogSection(report));
  }

  if (problems.length > 0) {
    const { app, platform } = problemsByOrigin(problems);
    for (const [origin, group] of [
      ['app', app],
      ['platform', platform],
    ] as const) {
      if (group.length === 0) continue;
      const { title, meaning } = originHeadings[origin];
      const before = report.status === 'fail' ? '' : ' found before the error';
      parts.push(
        `<div class="group-heading" data-origin="${origin}"><h2>${escapeXml(`${title}${before} (${group.length})`)}</h2><p>${escapeXml(capitalize(meaning))}</p></div>`,
      );
      for (const numbered of group) parts.push(problemSection(numbered, problems.length, report, limits));
    }
  }

  if (report.status !== 'unknown' && (report.unknownRuns?.length ?? 0) > 0) parts.push(unknownRunsSection(report));
  if (report.status !== 'error' && failure) parts.push(harnessFailureSection(report));
  if (report.status === 'fail' || report.status === 'error') parts.push(totalsSection(report), runLogSection(report));

  if (report.replay && report.status !== 'fail') {
    parts.push(
      '<section class="replay">',
      ...htmlReplay(report.replay, 'Rerun the campaign', 'The same seed plays the same schedules.'),
      '</section>',
    );
  }
  if (report.status !== 'fail') parts.push(...shownRunSections(report, limits));
  return parts.filter(Boolean);
}

/** One problem: cause and fix, status, counterexample and replay, and its own run's timeline, evidence and output. */
function problemSection(
  { problem, number }: NumberedProblem,
  total: number,
  report: ReportInput,
  limits: HtmlLimits,
): string {
  const origin = problem.cause.origin === 'platform' ? 'platform' : 'app';
  const verdicts = problemVerdicts(problem);
  const evidence = problemEvidence(problem);
  const lost = lostConnections(problem);
  const others = otherFailureNotes(problem, report.problems ?? []);
  const facts: [string, string][] = [
    ['Origin', origin === 'app' ? 'the app' : 'the platform (Node)'],
    ['Status', problem.status === 'confirmed' ? 'confirmed' : 'not reproduced'],
    ['Seen in', plural(problem.seenInRuns, 'run')],
    ['Seed', String(report.seed ?? '?')],
    ['Path', JSON.stringify(problem.path)],
    ['Shrinks', String(problem.shrinks)],
  ];
  const parts: string[] = [
    `<section class="problem ${origin}" id="problem-${number}" data-problem="${number}" data-origin="${origin}" data-cause="${escapeXml(problem.cause.key)}" data-status="${problem.status}">`,
    `<h2><span class="origin">${origin}</span>Problem ${number} of ${total}: <span class="key">${escapeXml(problem.cause.key)}</span></h2>`,
    `<p class="cause">${escapeXml(problem.cause.summary)}${problem.cause.count > 1 ? escapeXml(` (${problem.cause.count} times in this run)`) : ''}</p>`,
    `<p class="fix"><strong>Fix:</strong> ${escapeXml(problem.cause.fix)}</p>`,
    `<p class="status-line ${problem.status}">${escapeXml(capitalize(problemStatus(problem)))}.</p>`,
    ...verdicts.map(
      (verdict) =>
        `<p class="message"><strong>${escapeXml(verdict.invariant)}:</strong> ${escapeXml(verdict.message)}</p>`,
    ),
    ...others.map((note) => `<p class="hint also-failed">Also failed in this run: ${escapeXml(note)}</p>`),
    `<dl class="facts">${facts.map(([name, value]) => `<div><dt>${escapeXml(name)}</dt><dd>${escapeXml(value)}</dd></div>`).join('')}</dl>`,
    '<h3>Replay</h3>',
    `<pre class="replay">${escapeXml(problem.replay)}</pre>`,
    `<h3>${escapeXml(problemScheduleHeading(problem))}</h3>`,
    `<pre>${escapeXml(formatSchedule(problem.counterexample))}</pre>`,
  ];
  if (
    problem.originalCounterexample.length > 0 &&
    formatSchedule(problem.originalCounterexample) !== formatSchedule(problem.counterexample)
  ) {
    parts.push(
      '<details>',
      `<summary>The failing schedule before shrinking (${plural(problem.originalCounterexample.length, 'step')})</summary>`,
      `<pre>${escapeXml(formatSchedule(problem.originalCounterexample))}</pre>`,
      '</details>',
    );
  }
  parts.push(
    `<h3>Timeline of this problem's run</h3>`,
    ...htmlTimeline(problem.events, problemHighlight(problem), limits.timelineWidth, 'this problem'),
  );
  if (lost.length > 0) {
    parts.push(
      `<h3>${connectionsHeading(problem)} (${lost.length})</h3>`,
      `<ul class="lost">${lost.map((connection) => `<li data-connection="${connection.connection}">${escapeXml(connection.description)}</li>`).join('')}</ul>`,
    );
  }
  if (evidence.length > 0) {
    parts.push(
      `<h3>Evidence (${plural(evidence.length, 'event')}, from this problem's run)</h3>`,
      `<pre class="evidence">${escapeXml(formatEvidence(evidence, problem.events).join('\n'))}</pre>`,
    );
  }
  parts.push(
    // Folded: the failing verdict's message is already at the top of the section, its evidence just above.
    `<details class="run-verdicts">${htmlVerdicts(problem.verdicts, [], problem.events, `Every invariant of this run (${verdictCounts(problem.verdicts)})`, 'summary')}</details>`,
    ...htmlOutput(problem.outputTail, limits.maxOutputLines, report.verbose ?? false, 'Output of this run', 'h3'),
    ...htmlHistory(problem.events, limits.maxHistoryEvents, "This run's full history", 'h3'),
    '</section>',
  );
  return parts.filter(Boolean).join('\n');
}

/**
 * The run a campaign that found no problem shows (`representativeRun`: the one with the most faults landed; the last
 * one for a replay): its timeline over its own span, named and said why in the heading, its schedule, verdicts,
 * output (verbose only) and history.
 */
function shownRunSections(report: ReportInput, limits: HtmlLimits): string[] {
  if (report.events.length === 0 && report.verdicts.length === 0) return [];
  const shown = shownRun(report);
  const name = shown?.name ?? 'the last run';
  const short = shown ? `run ${shown.index + 1}` : 'the last run';
  const parts: string[] = [
    '<section class="timeline-section">',
    `<h2>Timeline of ${escapeXml(name)}${shown?.why ? `, ${escapeXml(shown.why)}` : ''}</h2>`,
  ];
  if (shown?.row) {
    const row = shown.row;
    parts.push(
      `<p class="hint run-facts">${escapeXml(`${plural(row.schedule.length, 'step')}, on a ${row.cluster} cluster, ${formatDuration(row.durationMs)}; its schedule:`)}</p>`,
      `<pre class="run-schedule">${escapeXml(formatSchedule(row.schedule))}</pre>`,
    );
  }
  parts.push(
    ...htmlTimeline(report.events, highlightOfRun(report), limits.timelineWidth, 'its verdict'),
    '</section>',
    '<section class="invariants">',
    htmlVerdicts(
      report.verdicts,
      report.verdicts.filter((verdict) => verdict.status !== 'pass'),
      report.events,
      `Invariants of ${short}`,
    ),
    '</section>',
  );
  if (report.outputTail !== undefined) {
    parts.push(
      '<section class="output">',
      ...(report.verbose
        ? htmlOutput(report.outputTail, limits.maxOutputLines, true, `Output of ${short}`)
        : [
            `<h2>Output of ${escapeXml(short)}</h2>`,
            '<p class="hint">Left out of a report with no failure: --verbose shows it.</p>',
          ]),
      '</section>',
    );
  }
  parts.push(
    '<section class="history">',
    ...htmlHistory(report.events, limits.maxHistoryEvents, `Full history of ${short}`),
    '</section>',
  );
  return parts;
}

/** `5 checked: 1 fail, 4 pass`. */
function verdictCounts(verdicts: readonly { status: string }[]): string {
  const counts = new Map<string, number>();
  for (const verdict of verdicts) counts.set(verdict.status, (counts.get(verdict.status) ?? 0) + 1);
  return `${verdicts.length} checked: ${[...counts].map(([status, count]) => `${count} ${status}`).join(', ')}`;
}
