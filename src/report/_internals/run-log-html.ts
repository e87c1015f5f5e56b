// The HTML table of a campaign's runs: a row per run, failed and inconclusive ones marked, the run shown flagged.

import { formatStep } from '../../property/schedule.js';
import type { ReportInput } from '../report-input.js';
import { escapeXml } from './escape-xml.js';
import { capitalize, plural } from './report-facts.js';
import { runRowFacts, shownRun } from './run-rows.js';

const statusWords = { pass: 'pass', fail: 'fail', unknown: 'unknown' } as const;

/**
 * Every campaign run, in order, one row each: number, schedule, cluster, connections answered of judged, faults
 * landed, restore times, status, duration. Failed runs are tinted red and runs that proved nothing amber, with their
 * status badge; the run whose timeline the page shows is flagged. Empty for a report with no run rows (a replay).
 */
export function runLogSection(report: ReportInput): string {
  const rows = report.runLog ?? [];
  if (rows.length === 0) return '';
  const shown = shownRun(report);
  const counts = (['pass', 'fail', 'unknown'] as const)
    .map((status) => [status, rows.filter((row) => row.status === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status === 'pass' ? 'passed' : status === 'fail' ? 'failed' : 'unknown'}`);
  const marks = [
    rows.some((row) => row.status === 'fail') ? 'failed runs are red' : '',
    rows.some((row) => row.status === 'unknown') ? 'runs that proved nothing amber' : '',
    shown ? `the timeline below is run ${shown.index + 1}'s` : '',
  ].filter(Boolean);
  const body = rows.map((row) => {
    const facts = runRowFacts(row);
    const isShown = shown?.index === row.index;
    const classes = ['run-row', row.status, ...(isShown ? ['shown'] : [])].join(' ');
    return [
      `<tr class="${classes}" data-run="${row.index}" data-status="${row.status}" data-cluster="${row.cluster}">`,
      `<td class="run">${facts.run}${isShown ? '<span class="tag">shown</span>' : ''}</td>`,
      // The steps' separator muted, so that the steps stand apart from the commas inside them.
      `<td class="schedule">${row.schedule.length === 0 ? escapeXml(facts.schedule) : row.schedule.map((step) => escapeXml(formatStep(step))).join('<span class="sep"> · </span>')}</td>`,
      `<td class="cluster">${facts.cluster}</td>`,
      `<td class="connections">${escapeXml(facts.answered)}${facts.losses ? `<span class="${row.figures.connections.lost > 0 ? 'lost' : 'excused'}">${escapeXml(facts.losses)}</span>` : ''}</td>`,
      `<td class="faults">${escapeXml(facts.faults)}</td>`,
      `<td class="restores">${escapeXml(facts.restores)}</td>`,
      `<td class="status"><span class="badge small ${row.status}">${statusWords[row.status].toUpperCase()}</span></td>`,
      `<td class="duration">${escapeXml(facts.duration)}</td>`,
      '</tr>',
    ].join('');
  });
  return [
    '<section class="run-log-section">',
    `<h2>Every run (${plural(rows.length, 'run')}: ${counts.join(', ')})</h2>`,
    `<p class="hint">In the campaign's order (confirmation and shrinking runs are not campaign runs). Answered: of the connections judged. Restores: from a worker fault's landing to the cluster's restore.${
      marks.length > 0 ? ` ${capitalize(marks.join('; '))}.` : ''
    }</p>`,
    '<div class="run-log">',
    '<table class="runs">',
    // A fixed layout: every column but the schedule has its width (html-page.ts), the schedule takes the rest.
    '<thead><tr><th class="run">Run</th><th class="schedule">Schedule</th><th class="cluster">Cluster</th><th class="connections">Answered</th><th class="faults">Faults landed</th><th class="restores">Restores</th><th class="status">Status</th><th class="duration">Duration</th></tr></thead>',
    `<tbody>${body.join('\n')}</tbody>`,
    '</table>',
    '</div>',
    '</section>',
  ].join('\n');
}
