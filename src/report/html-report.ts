// The HTML report: one self-contained page (inline CSS and SVG, no script, nothing fetched) to read a check at leisure.

import { formatSchedule } from '../property/schedule.js';
import { isCampaign } from './_internals/campaign-facts.js';
import { campaignHtmlBody, campaignPageTitle } from './_internals/campaign-html.js';
import { escapeXml } from './_internals/escape-xml.js';
import {
  htmlFacts,
  htmlHeader,
  htmlHistory,
  htmlOutput,
  htmlPage,
  htmlReplay,
  htmlTimeline,
  htmlVerdicts,
} from './_internals/html-page.js';
import {
  formatDuration,
  highlightedConnections,
  leadingVerdicts,
  plural,
  scheduleHeading,
} from './_internals/report-facts.js';
import type { HtmlLimits, HtmlReportOptions } from './html-report-options.js';
import type { ReportInput } from './report-input.js';

export type { HtmlReportOptions };

/**
 * A single HTML page that tells what a check found. A campaign's page (from `resilienceReportInput`) has one section
 * per problem, app problems apart from platform ones, each with its cause and fix, its counterexample and replay line,
 * its own run's timeline, lost connections, evidence, verdicts, output and history; then the runs that proved
 * nothing, the harness failure if any, and the totals over every run (a pass shows the totals first, then the last
 * run). One run's page shows its verdict, target, replay line, (shrunk) schedule, timeline, every invariant with its
 * evidence, the app's output and the full history. It loads nothing and runs no script, so it can be attached to a
 * CI run and opened anywhere.
 */
export function renderHtmlReport(report: ReportInput, options: HtmlReportOptions = {}): string {
  const limits: HtmlLimits = {
    timelineWidth: options.timelineWidth ?? 1180,
    maxOutputLines: options.maxOutputLines ?? 200,
    maxHistoryEvents: options.maxHistoryEvents ?? 5000,
  };
  if (isCampaign(report))
    return htmlPage(campaignPageTitle(report), campaignHtmlBody(report, limits), report.generatedAt);
  return runPage(report, limits);
}

/** The page of one run: a user's own history with its verdicts. */
function runPage(report: ReportInput, limits: HtmlLimits): string {
  const leading = leadingVerdicts(report);
  const status = report.status;
  const headlineTitle =
    status === 'pass'
      ? report.verdicts.length === 0
        ? 'No invariant was checked'
        : `Every invariant held (${report.verdicts.length} checked)`
      : leading.map((verdict) => verdict.invariant).join(', ') || `${status} run`;

  const facts: [string, string][] = [
    ['Target', report.target],
    ['Workers', String(report.workers)],
    ['Protocol', report.protocol.toUpperCase()],
  ];
  if (report.runs !== undefined) facts.push(['Runs', String(report.runs)]);
  if (report.shrinks !== undefined) facts.push(['Shrinks', String(report.shrinks)]);
  if (report.seed !== undefined) facts.push(['Seed', String(report.seed)]);
  if (report.path !== undefined) facts.push(['Path', JSON.stringify(report.path)]);
  if (report.durationMs !== undefined) facts.push(['Duration', formatDuration(report.durationMs)]);

  const parts: string[] = [
    htmlHeader(
      status,
      headlineTitle,
      leading.map((verdict) => verdict.message),
    ),
    htmlFacts(facts),
  ];

  if (report.replay) {
    parts.push(
      '<section class="replay">',
      ...htmlReplay(
        report.replay,
        'Replay',
        'Click once to select the whole line, then paste it in a terminal: the same seed and path play the same schedule.',
      ),
      '</section>',
    );
  }

  if (report.schedule) {
    parts.push(
      '<section class="schedule">',
      `<h2>${escapeXml(scheduleHeading(report))}</h2>`,
      `<pre>${escapeXml(formatSchedule(report.schedule))}</pre>`,
    );
    if (report.originalSchedule) {
      parts.push(
        '<details>',
        `<summary>The original schedule, before shrinking (${plural(report.originalSchedule.length, 'step')})</summary>`,
        `<pre>${escapeXml(formatSchedule(report.originalSchedule))}</pre>`,
        '</details>',
      );
    }
    parts.push('</section>');
  }

  parts.push(
    '<section class="timeline-section">',
    '<h2>Timeline</h2>',
    ...htmlTimeline(
      report.events,
      highlightedConnections(report),
      limits.timelineWidth,
      `the ${status === 'fail' ? 'failure' : 'verdict'}`,
    ),
    '</section>',
  );
  parts.push(
    '<section class="invariants">',
    htmlVerdicts(report.verdicts, leading, report.events, 'Invariants'),
    '</section>',
  );
  if (report.outputTail !== undefined) {
    // A user's own run: its output as written (nothing of it is cluster-chaos's doing to fold away).
    parts.push(
      '<section class="output">',
      ...htmlOutput(report.outputTail, limits.maxOutputLines, true, 'Output of the app'),
      '</section>',
    );
  }
  parts.push(
    '<section class="history">',
    ...htmlHistory(report.events, limits.maxHistoryEvents, 'Full history'),
    '</section>',
  );
  return htmlPage(`cluster-chaos: ${status.toUpperCase()} ${headlineTitle}`, parts, report.generatedAt);
}
