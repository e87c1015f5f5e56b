// Each campaign run as a report's row (number, schedule on one line, cluster, connections, faults, restores, status, duration), and which run a report shows.

import type { RunRow } from '../../property/resilience-result.js';
import { formatStep, type Schedule } from '../../property/schedule.js';
import type { ReportInput } from '../report-input.js';
import { faultCounts, faultTotal } from './totals-facts.js';
import { formatDuration } from './report-facts.js';

/** One run's row as text, cell by cell. */
export interface RunRowFacts {
  /** The run's number as a person counts runs (its campaign index plus one), as text. */
  run: string;
  /** The schedule on one line: its steps as `formatSchedule` words them, joined by ` · `. */
  schedule: string;
  cluster: RunRow['cluster'];
  /** `29/31`: answered of judged. */
  answered: string;
  /** `1 lost, 1 excused, 2 client faults`; empty when every judged connection was answered and no client misbehaved. */
  losses: string;
  /** `1 SIGKILL, 1 exit`, or `none`. */
  faults: string;
  /** `97 ms`, `53, 160 ms`, `max 431 ms of 5`, or `none`. */
  restores: string;
  duration: string;
}

/** A run's schedule on one line; the steps keep the words of the numbered schedule shown elsewhere. */
export function scheduleLine(schedule: Schedule): string {
  return schedule.length === 0 ? 'no step (settle and final burst only)' : schedule.map(formatStep).join(' · ');
}

/** A run's restore times: all of them up to three (in landing order), else the slowest and how many. */
export function restoresCell(restoreMs: readonly number[]): string {
  if (restoreMs.length === 0) return 'none';
  if (restoreMs.length <= 3) return `${restoreMs.map((ms) => Math.round(ms)).join(', ')} ms`;
  return `max ${Math.round(Math.max(...restoreMs))} ms of ${restoreMs.length}`;
}

export function runRowFacts(row: RunRow): RunRowFacts {
  const { connections } = row.figures;
  const excused = Object.values(connections.excused).reduce((sum, count) => sum + count, 0);
  const losses = [
    connections.lost > 0 ? `${connections.lost} lost` : '',
    excused > 0 ? `${excused} excused` : '',
    connections.clientFaults ? `${connections.clientFaults} client faults` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return {
    run: String(row.index + 1),
    schedule: scheduleLine(row.schedule),
    cluster: row.cluster,
    answered: `${connections.answered}/${connections.judged}`,
    losses,
    faults: faultCounts(row.figures.faultsLanded) || 'none',
    restores: restoresCell(row.figures.restoreMs),
    duration: formatDuration(row.durationMs),
  };
}

/** The campaign run a report shows (its timeline, verdicts, output), and how to name it. */
export interface ShownRun {
  /** Its campaign index (0-based). */
  index: number;
  /** `run 37 of 40`. */
  name: string;
  /** Why this run, when its row says so: `the run with the most faults landed (3: 2 SIGKILL, 1 exit)`. */
  why?: string;
  /** Its row, when the report has it. */
  row?: RunRow;
}

/**
 * The run a campaign report with no problem shows (`representativeRun`). Why it was picked is said only as far as
 * the rows bear it out (the runner picks the run with the most faults landed, the last of equals): a report never
 * claims a reason its own table contradicts.
 */
export function shownRun(report: ReportInput): ShownRun | undefined {
  const index = report.representativeRun;
  if (index === undefined) return undefined;
  const rows = report.runLog ?? [];
  const runs = rows.length > 0 ? rows.length : (report.totals?.runs ?? report.runs);
  const name = `run ${index + 1}${runs === undefined ? '' : ` of ${runs}`}`;
  const row = rows.find((candidate) => candidate.index === index);
  if (!row) return { index, name };
  const faults = faultTotal(row.figures.faultsLanded);
  const most = Math.max(...rows.map((candidate) => faultTotal(candidate.figures.faultsLanded)));
  const tied = rows.filter((candidate) => faultTotal(candidate.figures.faultsLanded) === most);
  let why: string | undefined;
  if (faults === most && most > 0) {
    if (tied.length === 1)
      why = `the run with the most faults landed (${faults}: ${faultCounts(row.figures.faultsLanded)})`;
    else
      why = `${tied.at(-1) === row ? 'the last' : 'one'} of the ${tied.length} runs with the most faults landed (${most} each)`;
  } else if (most === 0 && index === rows.at(-1)?.index) {
    why = 'the last run (no run landed a fault)';
  }
  return { index, name, ...(why ? { why } : {}), row };
}
