// The parts of the HTML report that one run's page and a campaign's page share: stylesheet, shell, and sections.

import type { HistoryEvent } from '../../history/events.js';
import { formatEvents } from '../../history/format.js';
import type { Verdict } from '../../invariants/verdict.js';
import type { ReportStatus } from '../report-input.js';
import { renderTimelineSvg } from '../timeline-svg.js';
import { escapeXml } from './escape-xml.js';
import { formatEvidence } from './evidence-lines.js';
import { foldInjectedFaultTraces } from './output-tail.js';
import { statusColors } from './palette.js';
import { lastLines, plural } from './report-facts.js';

/** The error status's colour: neither the app's failure red nor the inconclusive amber. */
const errorColor = '#6a1b9a';

const css = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f4f6; color: #1f2328; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 24px 48px; }
h1 { font-size: 22px; margin: 0; line-height: 1.3; }
h2 { font-size: 16px; margin: 0 0 10px; }
h3 { font-size: 14px; margin: 16px 0 6px; }
section, header.verdict { background: #ffffff; border: 1px solid #d8dce1; border-radius: 8px; padding: 16px 20px; margin: 0 0 16px; }
header.verdict { display: flex; gap: 18px; align-items: flex-start; border-left-width: 8px; }
header.verdict.fail { border-left-color: ${statusColors.fail}; }
header.verdict.unknown { border-left-color: ${statusColors.unknown}; }
header.verdict.pass { border-left-color: ${statusColors.pass}; }
header.verdict.error { border-left-color: ${errorColor}; }
.badge { display: inline-block; min-width: 86px; text-align: center; color: #ffffff; font-weight: 700; letter-spacing: 0.06em; border-radius: 6px; padding: 6px 12px; font-size: 18px; }
.badge.small { min-width: 72px; font-size: 11px; padding: 1px 8px; border-radius: 10px; }
.fail .badge, .badge.fail { background: ${statusColors.fail}; }
.unknown .badge, .badge.unknown { background: ${statusColors.unknown}; }
.pass .badge, .badge.pass { background: ${statusColors.pass}; }
.error .badge, .badge.error { background: ${errorColor}; }
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
table.verdicts, table.totals, table.reasons { width: 100%; border-collapse: collapse; }
table.verdicts td, table.totals td, table.totals th, table.reasons td, table.reasons th { padding: 8px 8px; border-top: 1px solid #eaecef; vertical-align: top; text-align: left; }
table.verdicts tr:first-child td, table.totals tr:first-child th, table.totals tr:first-child td { border-top: none; }
table.totals th { width: 160px; color: #59636e; font-weight: 600; }
table.reasons th { color: #59636e; font-size: 12px; border-top: none; }
table.verdicts td.name { font-weight: 600; white-space: nowrap; }
table.verdicts td.status { width: 90px; }
details { margin-top: 6px; }
summary { cursor: pointer; color: #0b5cad; }
.timeline { overflow-x: auto; }
.timeline svg { display: block; max-width: 100%; height: auto; }
.group-heading { margin: 24px 0 10px; padding: 0 4px; }
.group-heading h2 { font-size: 18px; margin: 0; }
.group-heading p { margin: 2px 0 0; color: #59636e; }
section.problem { border-left-width: 6px; }
section.problem.app { border-left-color: ${statusColors.fail}; }
section.problem.platform { border-left-color: #1565c0; }
section.problem h2 .origin { display: inline-block; font-size: 11px; font-weight: 700; letter-spacing: 0.06em; text-transform: uppercase; color: #ffffff; border-radius: 10px; padding: 1px 8px; margin-right: 8px; vertical-align: 2px; }
section.problem.app h2 .origin { background: ${statusColors.fail}; }
section.problem.platform h2 .origin { background: #1565c0; }
section.problem .key { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 15px; }
p.cause { font-size: 15px; margin: 0 0 8px; }
p.fix { margin: 0 0 12px; padding: 8px 12px; background: #e8f5e9; border-left: 4px solid ${statusColors.pass}; border-radius: 4px; }
p.status-line.not-reproduced { color: ${statusColors.unknown}; font-weight: 600; }
ul.lost { margin: 0; padding-left: 20px; font: 12.5px/1.6 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
section.harness-failure { border-left: 6px solid ${errorColor}; }
.run-log { max-height: 560px; overflow: auto; border: 1px solid #e1e4e8; border-radius: 6px; margin-top: 8px; }
table.runs { width: 100%; min-width: 960px; border-collapse: collapse; font-size: 12.5px; line-height: 1.4; table-layout: fixed; }
table.runs th { position: sticky; top: 0; z-index: 1; background: #f6f8fa; color: #59636e; font-size: 12px; font-weight: 600; text-align: left; padding: 6px 8px; border-bottom: 1px solid #d8dce1; white-space: nowrap; overflow: hidden; }
table.runs td { padding: 4px 8px; border-top: 1px solid #eef0f2; vertical-align: top; overflow-wrap: anywhere; }
table.runs th.run { width: 64px; }
table.runs th.cluster { width: 70px; }
table.runs th.connections { width: 92px; }
table.runs th.faults { width: 180px; }
table.runs th.restores { width: 118px; }
table.runs th.status { width: 92px; }
table.runs th.duration { width: 80px; }
table.runs td.run, table.runs th.run, table.runs td.duration, table.runs th.duration { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.runs td.run { font-weight: 600; border-left: 4px solid transparent; }
table.runs td.schedule .sep { color: #8c959f; font-weight: 700; padding: 0 3px; }
table.runs td.connections span { display: block; font-size: 11.5px; }
table.runs td.connections .lost { color: ${statusColors.fail}; font-weight: 600; }
table.runs td.connections .excused { color: #59636e; }
table.runs tr.fail td { background: #fdecea; }
table.runs tr.fail td.run { border-left-color: ${statusColors.fail}; color: ${statusColors.fail}; }
table.runs tr.unknown td { background: #fff6e0; }
table.runs tr.unknown td.run { border-left-color: ${statusColors.unknown}; }
table.runs tr.shown td { background: #eef5ff; }
table.runs tr.shown td.run { border-left-color: #0b5cad; }
table.runs .tag { display: block; font-size: 10px; font-weight: 600; color: #0b5cad; text-transform: uppercase; letter-spacing: 0.04em; }
pre.run-schedule { margin: 4px 0 10px; }
footer { color: #59636e; font-size: 12px; text-align: center; }
`;

/** The whole page around a body: doctype, head with the stylesheet, footer. */
export function htmlPage(title: string, body: readonly string[], generatedAt: string | undefined): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8" />',
    '<meta name="viewport" content="width=device-width, initial-scale=1" />',
    `<title>${escapeXml(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    `<footer>Generated by cluster-chaos${generatedAt ? ` at ${escapeXml(generatedAt)}` : ''}.</footer>`,
    '</main>',
    '</body>',
    '</html>',
  ].join('\n');
}

/** The header: status badge, headline, and a paragraph per line under it (each with its class, if given). */
export function htmlHeader(
  status: ReportStatus,
  headline: string,
  lines: readonly (string | { text: string; className: string })[],
): string {
  return [
    `<header class="verdict ${status}" data-status="${status}">`,
    `<div class="badge">${status.toUpperCase()}</div>`,
    '<div class="headline">',
    '<p class="product">cluster-chaos report</p>',
    `<h1>${escapeXml(headline)}</h1>`,
    ...lines.map((line) =>
      typeof line === 'string'
        ? `<p class="message">${escapeXml(line)}</p>`
        : `<p class="${line.className}">${escapeXml(line.text)}</p>`,
    ),
    '</div>',
    '</header>',
  ].join('\n');
}

/** A grid of facts (name, value); the first one spans two columns. */
export function htmlFacts(facts: readonly [string, string][], className = 'facts-section'): string {
  return [
    `<section class="${className}">`,
    '<dl class="facts">',
    ...facts.map(
      ([name, value], index) =>
        `<div${index === 0 ? ' class="wide"' : ''}><dt>${escapeXml(name)}</dt><dd>${escapeXml(value)}</dd></div>`,
    ),
    '</dl>',
    '</section>',
  ].join('\n');
}

/** A replay (or rerun) line in a dark `<pre>` that selects whole on one click. */
export function htmlReplay(line: string, heading: string, hint: string): string[] {
  return [
    `<h2>${escapeXml(heading)}</h2>`,
    `<pre class="replay">${escapeXml(line)}</pre>`,
    `<p class="hint">${escapeXml(hint)}</p>`,
  ];
}

/** The timeline picture of one run and the hint under it. */
export function htmlTimeline(
  events: readonly HistoryEvent[],
  highlight: readonly number[],
  width: number,
  proves: string,
  title?: string,
): string[] {
  return [
    `<div class="timeline">${renderTimelineSvg(events, { width, highlight, ...(title ? { title } : {}) })}</div>`,
    `<p class="hint">One lane per process; hover over any mark for the event behind it.${
      highlight.length > 0 ? ` The connections that prove ${proves} are drawn bold and numbered.` : ''
    }</p>`,
  ];
}

/** One row per invariant: status, name, message, and its evidence (open for the verdicts in `open`). */
export function htmlVerdicts(
  verdicts: readonly Verdict[],
  open: readonly Verdict[],
  run: readonly HistoryEvent[],
  heading: string,
  headingTag = 'h2',
): string {
  const rows = verdicts.map((verdict) => {
    const evidence =
      verdict.evidence.length === 0
        ? ''
        : `<details${open.includes(verdict) ? ' open=""' : ''}><summary>Evidence (${plural(verdict.evidence.length, 'event')})</summary><pre>${escapeXml(formatEvidence(verdict.evidence, run).join('\n'))}</pre></details>`;
    return [
      `<tr data-invariant="${escapeXml(verdict.invariant)}" data-status="${verdict.status}">`,
      `<td class="status"><span class="badge small ${verdict.status}">${verdict.status.toUpperCase()}</span></td>`,
      `<td class="name">${escapeXml(verdict.invariant)}</td>`,
      `<td class="message">${escapeXml(verdict.message)}${evidence}</td>`,
      '</tr>',
    ].join('');
  });
  return [
    `<${headingTag}>${escapeXml(heading)}</${headingTag}>`,
    verdicts.length === 0
      ? '<p class="hint">No invariant was checked.</p>'
      : `<table class="verdicts">${rows.join('\n')}</table>`,
  ].join('\n');
}

/** The last lines of a run's output (injected faults' stack traces folded unless `verbose`), escaped. */
export function htmlOutput(
  output: string,
  max: number,
  verbose: boolean,
  heading: string,
  headingTag = 'h2',
): string[] {
  const { lines, omitted } = lastLines(verbose ? output : foldInjectedFaultTraces(output), max);
  return [
    `<${headingTag}>${escapeXml(heading)}${omitted > 0 ? ` (last ${lines.length} of ${lines.length + omitted} lines)` : ' (last lines)'}</${headingTag}>`,
    lines.length === 0 ? '<p class="hint">The app wrote nothing.</p>' : `<pre>${escapeXml(lines.join('\n'))}</pre>`,
  ];
}

/** Every event of a run, folded, bounded to `max` (history.json keeps them all). */
export function htmlHistory(
  events: readonly HistoryEvent[],
  max: number,
  heading: string,
  headingTag = 'h2',
): string[] {
  const shown = events.slice(0, max);
  return [
    `<${headingTag}>${escapeXml(heading)} (${plural(events.length, 'event')})</${headingTag}>`,
    events.length === 0
      ? '<p class="hint">The history is empty.</p>'
      : [
          '<details>',
          `<summary>Every event of the run, in time order${events.length > max ? ` (the first ${max}; the history file has them all)` : ''}</summary>`,
          `<pre>${escapeXml(formatEvents(shown))}</pre>`,
          '</details>',
        ].join(''),
  ];
}
