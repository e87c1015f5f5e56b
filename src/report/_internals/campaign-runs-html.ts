// The campaign page's sections about its runs as a whole: the runs that proved nothing, the harness failure, the totals.

import { formatSchedule } from '../../property/schedule.js';
import type { ReportInput } from '../report-input.js';
import { harnessFailureWhat, harnessFailureWhere, runsSummary } from './campaign-facts.js';
import { escapeXml } from './escape-xml.js';
import { capitalize, plural } from './report-facts.js';
import { totalsFacts } from './totals-facts.js';
import { runNumbers, unknownReasons } from './unknown-reasons.js';

/** The runs that proved nothing: the reasons grouped, then each run with its schedule and verdicts. */
export function unknownRunsSection(report: ReportInput): string {
  const runs = report.unknownRuns ?? [];
  const of = report.totals?.runs ?? report.runs;
  const reasons = unknownReasons(runs);
  const parts: string[] = [
    '<section class="unknown-runs">',
    `<h2>Runs that proved nothing (${runs.length}${of === undefined ? '' : ` of ${of}`})</h2>`,
  ];
  if (runs.length === 0) {
    parts.push('<p class="hint">None: every run proved something.</p>', '</section>');
    return parts.join('\n');
  }
  parts.push(
    '<table class="reasons"><tr><th>Runs</th><th>Invariant</th><th>Reason</th></tr>',
    ...reasons.map(
      (reason) =>
        `<tr data-runs="${reason.runs.length}"><td>${escapeXml(`${plural(reason.runs.length, 'run')}: ${runNumbers(reason.runs)}`)}</td><td>${escapeXml(reason.invariant)}</td><td>${escapeXml(reason.message)}${
          reason.identical
            ? ''
            : `<p class="hint">In ${escapeXml(runNumbers([reason.runs[0]!]))}'s words; the others differ only in their numbers.</p>`
        }</td></tr>`,
    ),
    '</table>',
    '<details>',
    `<summary>Each run that proved nothing, with its schedule (${plural(runs.length, 'run')})</summary>`,
    ...runs.map((run) =>
      [
        `<h3 data-run="${run.index}">Run ${run.index + 1}</h3>`,
        `<pre>${escapeXml(formatSchedule(run.schedule))}</pre>`,
        run.verdicts.length === 0
          ? '<p class="hint">No reason recorded (no verdict of the run was unknown).</p>'
          : `<ul>${run.verdicts.map((verdict) => `<li><strong>${escapeXml(verdict.invariant)}</strong> ${verdict.status}: ${escapeXml(verdict.message)}</li>`).join('')}</ul>`,
      ].join('\n'),
    ),
    '</details>',
    '</section>',
  );
  return parts.join('\n');
}

/** The error of cluster-chaos or of the environment: what, where, what ran before it, the full text. */
export function harnessFailureSection(report: ReportInput): string {
  const failure = report.harnessFailure!;
  const problems = report.problems?.length ?? 0;
  return [
    '<section class="harness-failure">',
    `<h2>${report.status === 'error' ? 'What went wrong' : 'Then an error of cluster-chaos or of the environment, not of the app, stopped the campaign'}</h2>`,
    `<dl class="facts"><div class="wide"><dt>What happened</dt><dd>${escapeXml(harnessFailureWhat(failure))}</dd></div><div class="wide"><dt>Where</dt><dd>${escapeXml(
      capitalize(harnessFailureWhere(failure)),
    )}</dd></div><div class="wide"><dt>Before it</dt><dd>${escapeXml(
      `${runsSummary(report) ?? 'no run'}; ${problems === 0 ? 'no problem found' : `${plural(problems, 'problem')} found (each has its section)`}`,
    )}</dd></div></dl>`,
    '<p class="hint">This is no verdict on the app, and never a counterexample: run the check again; if the error recurs, report it to cluster-chaos with the full error below.</p>',
    `<details><summary>The full error</summary><pre>${escapeXml(failure.detail)}</pre></details>`,
    '</section>',
  ].join('\n');
}

/** The totals over every run, as a table. */
export function totalsSection(report: ReportInput): string {
  if (!report.totals) return '';
  return [
    '<section class="totals-section">',
    `<h2>Totals over all ${report.totals.runs} runs</h2>`,
    `<table class="totals">${totalsFacts(report.totals, report.runLog)
      .map(
        ([label, value]) =>
          `<tr data-total="${escapeXml(label.toLowerCase().replaceAll(' ', '-'))}"><th>${escapeXml(label)}</th><td>${escapeXml(value)}</td></tr>`,
      )
      .join('')}</table>`,
    report.status === 'pass' && report.verdicts.length > 0
      ? `<p class="hint">Invariants held in every run: ${escapeXml(report.verdicts.map((verdict) => verdict.invariant).join(', '))}.</p>`
      : '',
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}
