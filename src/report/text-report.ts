// The terminal report, in fast-check's manner: what failed, the shrunk counterexample, seed and path, a replay line.

import { formatEvents } from '../history/format.js';
import type { VerdictStatus } from '../invariants/verdict.js';
import { formatSchedule } from '../property/schedule.js';
import { describeTarget, lastLines, leadingEvidence, leadingVerdicts, scheduleHeading, seedLine } from './_internals/report-facts.js';
import type { ReportInput } from './report-input.js';

export interface TextReportOptions {
  /** Colour the status, the headings and the replay line with ANSI codes. Default false (plain text for logs and CI). */
  color?: boolean;
  /** Show at most this many evidence events. Default 40. */
  maxEvidence?: number;
  /** Show at most this many lines of the app's output. Default 20. */
  maxOutputLines?: number;
}

/**
 * SGR codes written by hand: the package supports Node 20.10, and `util.styleText` (20.12) drops colours on a stream
 * that is not a TTY in later versions, while here the caller decides.
 */
const sgr = { bold: [1, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39], dim: [2, 22] } as const;
type Style = keyof typeof sgr;

const statusStyle: Record<VerdictStatus, Style> = { pass: 'green', unknown: 'yellow', fail: 'red' };

/**
 * The report as plain lines for a terminal:
 *
 * ```
 * cluster-chaos: FAIL  every-connection-answered
 *   3 connections lost with no fault to excuse them (first: #4 closed-empty on master 1234 at 812.3 ms)
 * Target: fixtures/x/master.js, 2 workers, tcp; failed after 3 runs in 12.3 s
 * Counterexample (shrunk 5 times, from 6 steps to 2):
 *   1. burst 4 connections (2 at once)
 *   2. crash: SIGKILL on the oldest worker
 * Seed: 42  Path: "0:1:1"
 * Replay: cluster-chaos check fixtures/x/master.js --workers 2 --seed 42 --path "0:1:1"
 * Evidence:
 *   <one formatted event per line>
 * Output (last lines):
 *   <the app's output>
 * ```
 *
 * Sections with nothing to say (no schedule, no seed, no output) are left out.
 */
export function renderTextReport(report: ReportInput, options: TextReportOptions = {}): string {
  const paint = (style: Style | Style[], text: string): string => {
    if (!options.color) return text;
    const styles = Array.isArray(style) ? style : [style];
    return styles.reduce((painted, name) => `\u001B[${sgr[name][0]}m${painted}\u001B[${sgr[name][1]}m`, text);
  };
  const lines: string[] = [];
  const leading = leadingVerdicts(report);

  // The headline: status and the invariants that carry it, then what each says.
  const status = paint([statusStyle[report.status], 'bold'], report.status.toUpperCase());
  if (report.status === 'pass') {
    const held = report.verdicts.length === 0 ? 'no invariant was checked' : `every invariant held (${report.verdicts.length} checked)`;
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
    const maxEvidence = options.maxEvidence ?? 40;
    lines.push(paint('bold', 'Evidence:'), formatEvents(evidence.slice(0, maxEvidence), '  '));
    if (evidence.length > maxEvidence) lines.push(`  … and ${evidence.length - maxEvidence} more events (see the HTML report)`);
  }

  if (report.outputTail !== undefined) {
    const { lines: output, omitted } = lastLines(report.outputTail, options.maxOutputLines ?? 20);
    if (output.length > 0) {
      const heading = omitted > 0 ? `Output (last ${output.length} of ${output.length + omitted} lines):` : 'Output (last lines):';
      lines.push(paint('bold', heading), ...output.map((line) => `  ${line}`));
    }
  }
  return lines.join('\n');
}
