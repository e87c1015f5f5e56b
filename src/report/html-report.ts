// The HTML report: one self-contained page (inline CSS and SVG, no script, nothing fetched) to read a run at leisure.

import { formatEvents } from '../history/format.js';
import type { Verdict } from '../invariants/verdict.js';
import { formatSchedule } from '../property/schedule.js';
import { escapeXml } from './_internals/escape-xml.js';
import { statusColors } from './_internals/palette.js';
import {
  formatDuration,
  highlightedConnections,
  lastLines,
  leadingVerdicts,
  plural,
  scheduleHeading,
} from './_internals/report-facts.js';
import type { ReportInput } from './report-input.js';
import { renderTimelineSvg } from './timeline-svg.js';

export interface HtmlReportOptions {
  /** The width of the timeline picture in pixels. Default 1180 (it fits the page; a narrower window scales it down). */
  timelineWidth?: number;
  /** Show at most this many lines of the app's output. Default 200. */
  maxOutputLines?: number;
  /** Show at most this many events of the full history (history.json keeps them all). Default 5000. */
  maxHistoryEvents?: number;
}

const css = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f4f6; color: #1f2328; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 24px 48px; }
h1 { font-size: 22px; margin: 0; line-height: 1.3; }
h2 { font-size: 16px; margin: 0 0 10px; }
section, header.verdict { background: #ffffff; border: 1px solid #d8dce1; border-radius: 8px; padding: 16px 20px; margin: 0 0 16px; }
header.verdict { display: flex; gap: 18px; align-items: flex-start; border-left-width: 8px; }
header.verdict.fail { border-left-color: ${statusColors.fail}; }
header.verdict.unknown { border-left-color: ${statusColors.unknown}; }
header.verdict.pass { border-left-color: ${statusColors.pass}; }
.badge { display: inline-block; min-width: 86px; text-align: center; color: #ffffff; font-weight: 700; letter-spacing: 0.06em; border-radius: 6px; padding: 6px 12px; font-size: 18px; }
.badge.small { min-width: 72px; font-size: 11px; padding: 1px 8px; border-radius: 10px; }
.fail .badge, .badge.fail { background: ${statusColors.fail}; }
.unknown .badge, .badge.unknown { background: ${statusColors.unknown}; }
.pass .badge, .badge.pass { background: ${statusColors.pass}; }
.headline p { margin: 6px 0 0; }
.headline .product { color: #59636e; font-size: 12px; text-transform: uppercase; letter-spacing: 0.08em; margin: 0 0 2px; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 10px 24px; margin: 0; }
dl.facts div { min-width: 0; }
dl.facts div.wide { grid-column: span 2; }
dl.facts dt { color: #59636e; font-size: 12px; }
dl.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
pre { margin: 0; padding: 10px 12px; background: #f6f8fa; border: 1px solid #e1e4e8; border-radius: 6px; overflow-x: auto; font: 12.5px/1.45 ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; white-space: pre; }
pre.replay { user-select: all; background: #0d1117; color: #e6edf3; border-color: #0d1117; font-size: 13px; }
.hint { color: #59636e; font-size: 12px; margin: 6px 0 0; }
table.verdicts { width: 100%; border-collapse: collapse; }
table.verdicts td { padding: 8px 8px; border-top: 1px solid #eaecef; vertical-align: top; }
table.verdicts tr:first-child td { border-top: none; }
table.verdicts td.name { font-weight: 600; white-space: nowrap; }
table.verdicts td.status { width: 90px; }
details { margin-top: 6px; }
summary { cursor: pointer; color: #0b5cad; }
.timeline { overflow-x: auto; }
.timeline svg { display: block; max-width: 100%; height: auto; }
footer { color: #59636e; font-size: 12px; text-align: center; }
`;

/**
 * A single HTML page that tells what happened in a run: the verdict and the invariants that carry it, the target,
 * the replay line, the (shrunk) schedule, the timeline picture with the connections that prove a failure drawn bold,
 * every invariant's verdict with its evidence, the tail of the app's output, and the full history. It loads nothing
 * and runs no script, so it can be attached to a CI run and opened anywhere.
 */
export function renderHtmlReport(report: ReportInput, options: HtmlReportOptions = {}): string {
  const leading = leadingVerdicts(report);
  const status = report.status;
  const headlineTitle =
    status === 'pass'
      ? report.verdicts.length === 0
        ? 'No invariant was checked'
        : `Every invariant held (${report.verdicts.length} checked)`
      : leading.map((verdict) => verdict.invariant).join(', ') || `${status} run`;
  const pageTitle = `cluster-chaos: ${status.toUpperCase()} ${headlineTitle}`;

  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8" />',
    '<meta name="viewport" content="width=device-width, initial-scale=1" />',
    `<title>${escapeXml(pageTitle)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<header class="verdict ${status}" data-status="${status}">`,
    `<div class="badge">${status.toUpperCase()}</div>`,
    '<div class="headline">',
    '<p class="product">cluster-chaos report</p>',
    `<h1>${escapeXml(headlineTitle)}</h1>`,
    ...leading.map((verdict) => `<p class="message">${escapeXml(verdict.message)}</p>`),
    '</div>',
    '</header>',
    renderFacts(report),
  ];

  if (report.replay) {
    parts.push(
      '<section class="replay">',
      '<h2>Replay</h2>',
      `<pre class="replay">${escapeXml(report.replay)}</pre>`,
      '<p class="hint">Click once to select the whole line, then paste it in a terminal: the same seed and path play the same schedule.</p>',
      '</section>',
    );
  }

  if (report.schedule) {
    parts.push('<section class="schedule">', `<h2>${escapeXml(scheduleHeading(report))}</h2>`, `<pre>${escapeXml(formatSchedule(report.schedule))}</pre>`);
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

  const highlight = highlightedConnections(report);
  parts.push(
    '<section class="timeline-section">',
    '<h2>Timeline</h2>',
    `<div class="timeline">${renderTimelineSvg(report.events, { width: options.timelineWidth ?? 1180, highlight })}</div>`,
    `<p class="hint">One lane per process; hover over any mark for the event behind it.${
      highlight.length > 0 ? ` The connections that prove the ${status === 'fail' ? 'failure' : 'verdict'} are drawn bold and numbered.` : ''
    }</p>`,
    '</section>',
  );

  parts.push(renderVerdicts(report.verdicts, leading));

  if (report.outputTail !== undefined) {
    const { lines, omitted } = lastLines(report.outputTail, options.maxOutputLines ?? 200);
    parts.push(
      '<section class="output">',
      `<h2>Output of the app${omitted > 0 ? ` (last ${lines.length} of ${lines.length + omitted} lines)` : ' (last lines)'}</h2>`,
      lines.length === 0 ? '<p class="hint">The app wrote nothing.</p>' : `<pre>${escapeXml(lines.join('\n'))}</pre>`,
      '</section>',
    );
  }

  const maxHistory = options.maxHistoryEvents ?? 5000;
  const shown = report.events.slice(0, maxHistory);
  parts.push(
    '<section class="history">',
    `<h2>Full history (${plural(report.events.length, 'event')})</h2>`,
    report.events.length === 0
      ? '<p class="hint">The history is empty.</p>'
      : [
          '<details>',
          `<summary>Every event of the run, in time order${report.events.length > maxHistory ? ` (the first ${maxHistory}; history.json has them all)` : ''}</summary>`,
          `<pre>${escapeXml(formatEvents(shown))}</pre>`,
          '</details>',
        ].join(''),
    '</section>',
  );

  parts.push(
    `<footer>Generated by cluster-chaos${report.generatedAt ? ` at ${escapeXml(report.generatedAt)}` : ''}.</footer>`,
    '</main>',
    '</body>',
    '</html>',
  );
  return parts.join('\n');
}

/** The grid of facts under the headline: what was tested, how often, how to replay it. */
function renderFacts(report: ReportInput): string {
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
  return [
    '<section class="facts-section">',
    '<dl class="facts">',
    ...facts.map(([name, value]) => `<div${name === 'Target' ? ' class="wide"' : ''}><dt>${escapeXml(name)}</dt><dd>${escapeXml(value)}</dd></div>`),
    '</dl>',
    '</section>',
  ].join('\n');
}

/** One row per invariant: status, name, message, and its evidence (open for the verdicts that carry the status). */
function renderVerdicts(verdicts: readonly Verdict[], leading: readonly Verdict[]): string {
  const rows = verdicts.map((verdict) => {
    const evidence =
      verdict.evidence.length === 0
        ? ''
        : `<details${leading.includes(verdict) ? ' open=""' : ''}><summary>Evidence (${plural(verdict.evidence.length, 'event')})</summary><pre>${escapeXml(formatEvents(verdict.evidence))}</pre></details>`;
    return [
      `<tr data-invariant="${escapeXml(verdict.invariant)}" data-status="${verdict.status}">`,
      `<td class="status"><span class="badge small ${verdict.status}">${verdict.status.toUpperCase()}</span></td>`,
      `<td class="name">${escapeXml(verdict.invariant)}</td>`,
      `<td class="message">${escapeXml(verdict.message)}${evidence}</td>`,
      '</tr>',
    ].join('');
  });
  return [
    '<section class="invariants">',
    '<h2>Invariants</h2>',
    verdicts.length === 0 ? '<p class="hint">No invariant was checked.</p>' : `<table class="verdicts">${rows.join('\n')}</table>`,
    '</section>',
  ].join('\n');
}
