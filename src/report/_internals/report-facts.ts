// Facts both the text and the HTML report state the same way: which verdicts lead, their evidence, the counterexample heading.

import { connectionRecords } from '../../history/connections.js';
import type { HistoryEvent } from '../../history/events.js';
import type { Verdict } from '../../invariants/verdict.js';
import type { ReportInput } from '../report-input.js';
import { connectionsInEvidence } from './evidence-connections.js';

/** The verdicts that carry the report's status: the failing ones on a failure, the unknown ones when nothing was proven. */
export function leadingVerdicts(report: ReportInput): Verdict[] {
  if (report.status === 'pass') return [];
  return report.verdicts.filter((verdict) => verdict.status === report.status);
}

/** The evidence of the leading verdicts, deduplicated and in time order. */
export function leadingEvidence(report: ReportInput): HistoryEvent[] {
  const events = new Set<HistoryEvent>();
  for (const verdict of leadingVerdicts(report)) for (const event of verdict.evidence) events.add(event);
  return [...events].sort((a, b) => a.t - b.t);
}

/** The connections the leading evidence is about: the ones a timeline draws bold. */
export function highlightedConnections(report: ReportInput): number[] {
  const evidence = leadingEvidence(report);
  return evidence.length === 0 ? [] : connectionsInEvidence(evidence, connectionRecords(report.events));
}

/** `1 time`, `5 times`; `1 step`, `2 steps`. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** The schedule's heading: `Counterexample (shrunk 5 times, from 6 steps to 2)`, or `Schedule (last run)` on a pass. */
export function scheduleHeading(report: ReportInput): string {
  if (report.status === 'pass') return 'Schedule (last run)';
  const details: string[] = [];
  if (report.shrinks !== undefined) details.push(`shrunk ${plural(report.shrinks, 'time')}`);
  if (report.originalSchedule && report.schedule) {
    details.push(`from ${plural(report.originalSchedule.length, 'step')} to ${report.schedule.length}`);
  }
  const name = report.status === 'fail' ? 'Counterexample' : 'Schedule';
  return details.length === 0 ? name : `${name} (${details.join(', ')})`;
}

/** `fixtures/x/master.js, 2 workers, tcp`, and how many runs and how long, where known. */
export function describeTarget(report: ReportInput): string {
  const parts = [`${report.target}, ${plural(report.workers, 'worker')}, ${report.protocol}`];
  const after: string[] = [];
  if (report.runs !== undefined) {
    after.push(
      `${report.status === 'fail' ? 'failed after' : report.status === 'pass' ? 'passed' : 'ran'} ${plural(report.runs, 'run')}`,
    );
  }
  if (report.durationMs !== undefined) after.push(`in ${formatDuration(report.durationMs)}`);
  return after.length === 0 ? parts.join('') : `${parts.join('')}; ${after.join(' ')}`;
}

/** The text with its first letter in upper case. */
export function capitalize(text: string): string {
  return text.length === 0 ? text : `${text[0]!.toUpperCase()}${text.slice(1)}`;
}

/** `850 ms`, `12.3 s`. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `Seed: 42  Path: "0:1:1"`, or undefined when neither is known. */
export function seedLine(report: ReportInput): string | undefined {
  const parts: string[] = [];
  if (report.seed !== undefined) parts.push(`Seed: ${report.seed}`);
  if (report.path !== undefined) parts.push(`Path: ${JSON.stringify(report.path)}`);
  return parts.length === 0 ? undefined : parts.join('  ');
}

/** The last `count` non-empty-trailing lines of an output tail. */
export function lastLines(output: string, count: number): { lines: string[]; omitted: number } {
  const lines = output.replace(/\s+$/, '').split(/\r?\n/);
  if (lines.length === 1 && lines[0] === '') return { lines: [], omitted: 0 };
  const kept = lines.slice(Math.max(0, lines.length - count));
  return { lines: kept, omitted: lines.length - kept.length };
}
