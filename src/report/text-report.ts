// The terminal report, in fast-check's manner: what failed, the shrunk counterexample, seed and path, a replay line.

import { formatSchedule } from '../property/schedule.js';
import { isCampaign } from './_internals/campaign-facts.js';
import { campaignTextLines } from './_internals/campaign-text.js';
import { formatEvidence } from './_internals/evidence-lines.js';
import { painter, statusStyle } from './_internals/paint.js';
import {
  describeTarget,
  lastLines,
  leadingEvidence,
  leadingVerdicts,
  scheduleHeading,
  seedLine,
} from './_internals/report-facts.js';
import type { ReportInput } from './report-input.js';

export interface TextReportOptions {
  /** Colour the status, the headings and the replay line with ANSI codes. Default false (plain text for logs and CI). */
  color?: boolean;
  /** Show at most this many evidence events (per problem). Default 40; the HTML report shows them all. */
  maxEvidence?: number;
  /** Show at most this many lines of the app's output (per problem). Default 20. */
  maxOutputLines?: number;
  /** Name at most this many lost connections per problem. Default 20; the HTML report names them all. */
  maxLostConnections?: number;
}

/**
 * The report as plain lines for a terminal. A campaign (from `resilienceReportInput`) reads, on a failure:
 *
 * ```
 * cluster-chaos: FAIL  2 problems: 1 in the app, 1 in the platform
 * Target: fixtures/x/master.js, 2 workers, tcp; 40 runs (38 passed, 2 failed) in 12.3 s; seed 42
 *
 * Problems in the app: its own code (1)
 * Problem 1 of 2 (app): every-connection-answered/dropped-during-sigterm
 *   Invariant: every-connection-answered: <its message>
 *   Cause: <what happened>   Fix: <what to change>   Status: confirmed on a fresh cluster; seen in 2 runs
 *   Counterexample (shrunk 5 times, from 6 steps to 2): <the steps>
 *   Seed: 42  Path: "0:1:1"   Replay: cluster-chaos check ... --seed 42 --path 0:1:1
 *   Lost connections, Evidence (from this problem's run), Output of this run
 *
 * Problems in the platform: ... (the same for each)
 * ```
 *
 * and on a pass the totals over every run; see `campaignTextLines` for each status. One run's report (a user's
 * own history) reads as fast-check's: the failing invariant and its message, the target, the counterexample, seed
 * and path, replay line, evidence, output. Sections with nothing to say are left out.
 */
export function renderTextReport(report: ReportInput, options: TextReportOptions = {}): string {
  const paint = painter(options.color ?? false);
  const limits = {
    maxEvidence: options.maxEvidence ?? 40,
    maxOutputLines: options.maxOutputLines ?? 20,
    maxLostConnections: options.maxLostConnections ?? 20,
  };
  if (isCampaign(report)) return campaignTextLines(report, paint, limits).join('\n');

  const lines: string[] = [];
  const leading = leadingVerdicts(report);

  // The headline: status and the invariants that carry it, then what each says.
  const status = paint([statusStyle[report.status], 'bold'], report.status.toUpperCase());
  if (report.status === 'pass') {
    const held =
      report.verdicts.length === 0
        ? 'no invariant was checked'
        : `every invariant held (${report.verdicts.length} checked)`;
    lines.push(`cluster-chaos: ${status}  ${held}`);
    for (const verdict of report.verdicts) lines.push(`  ${verdict.invariant}: ${verdict.message}`);
  } else {
    lines.push(`cluster-chaos: ${status}  ${leading.map((verdict) => verdict.invariant).join(', ')}`.trimEnd());
    if (leading.length === 1) lines.push(`  ${leading[0]!.message}`);
    else for (const verdict of leading) lines.push(`  ${verdict.invariant}: ${verdict.message}`);
    const others = report.verdicts.filter((verdict) => !leading.includes(verdict));
    if (others.length > 0) {
      lines.push(`  (also checked: ${others.map((verdict) => `${verdict.invariant} ${verdict.status}`).join(', ')})`);
    }
  }
  lines.push(`${paint('bold', 'Target:')} ${describeTarget(report)}`);

  if (report.schedule) {
    lines.push(`${paint('bold', scheduleHeading(report))}:`, formatSchedule(report.schedule, '  '));
  }
  const seed = seedLine(report);
  if (seed) lines.push(seed);
  if (report.replay) lines.push(`${paint('bold', 'Replay:')} ${paint('cyan', report.replay)}`);

  const evidence = leadingEvidence(report);
  if (evidence.length > 0) {
    lines.push(
      paint('bold', 'Evidence:'),
      ...formatEvidence(evidence.slice(0, limits.maxEvidence), report.events, '  '),
    );
    if (evidence.length > limits.maxEvidence)
      lines.push(`  … and ${evidence.length - limits.maxEvidence} more events (see the HTML report)`);
  }

  if (report.outputTail !== undefined) {
    const { lines: output, omitted } = lastLines(report.outputTail, limits.maxOutputLines);
    if (output.length > 0) {
      const heading =
        omitted > 0 ? `Output (last ${output.length} of ${output.length + omitted} lines):` : 'Output (last lines):';
      lines.push(paint('bold', heading), ...output.map((line) => `  ${line}`));
    }
  }
  return lines.join('\n');
}
