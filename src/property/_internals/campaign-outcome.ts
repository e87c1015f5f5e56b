// A campaign's outcome, read in one place from its execution: the verdict, the problems, the run log and the totals.

import type { FaultKind } from '../../history/events.js';
import type { RunFigures } from '../../invariants/run-figures.js';
import type {
  CampaignStatus,
  CampaignTotals,
  HarnessFailure,
  Problem,
  RunRow,
  RunSummary,
} from '../resilience-result.js';
import type { RunRecord } from '../run-executor.js';
import { quantile } from '../time-distribution.js';
import type { CampaignExecution, CampaignRun, EndedEarly } from './campaign-execution.js';

export interface CampaignOutcome {
  status: CampaignStatus;
  runs: number;
  totalRuns: number;
  problems: Problem[];
  unknownRuns: RunSummary[];
  totals: CampaignTotals;
  harnessFailure?: HarnessFailure;
  /** The run shown when nothing failed: the campaign run with the most faults landed (the last of equals). */
  representative?: RunRecord;
  /** Its campaign index. */
  representativeRun?: number;
  /** Every campaign run, in order. */
  runLog: RunRow[];
  /**
   * Why the campaign ended before its runs: `after-failure` (no new problem in `runsAfterFailure` runs), `time-limit`
   * (`timeLimitMs` spent), `harness`.
   */
  endedEarly?: EndedEarly;
}

/**
 * The outcome of a campaign from what it recorded. Verdict: `fail` with any problem; else `error` with a harness
 * failure; else `unknown` with any run that proved nothing; else `pass`. Every campaign run is in the run log, the
 * totals and `runs`; every run made is in `totalRuns`.
 */
export function campaignOutcome(
  execution: Pick<CampaignExecution, 'runs' | 'unknownRuns' | 'totalRuns' | 'harnessFailure' | 'endedEarly'> & {
    problems: { problems(): Problem[] };
  },
): CampaignOutcome {
  const problems = execution.problems.problems();
  const { harnessFailure, unknownRuns, endedEarly } = execution;
  const status: CampaignStatus =
    problems.length > 0 ? 'fail' : harnessFailure ? 'error' : unknownRuns.length > 0 ? 'unknown' : 'pass';
  const shown = representativeOf(execution.runs);
  return {
    status,
    runs: execution.runs.length,
    totalRuns: execution.totalRuns,
    problems,
    unknownRuns,
    totals: totalsOf(execution.runs.map(({ record }) => record)),
    ...(harnessFailure ? { harnessFailure } : {}),
    ...(shown ? { representative: shown.record, representativeRun: shown.index } : {}),
    ...(endedEarly ? { endedEarly } : {}),
    runLog: execution.runs.map(({ index, record, cluster, durationMs }) => ({
      index,
      schedule: record.schedule,
      status: record.status,
      cluster,
      figures: record.figures,
      durationMs,
    })),
  };
}

/** The campaign run with the most faults landed (the last of equals): the one shown when nothing failed. */
export function representativeOf(runs: readonly CampaignRun[]): CampaignRun | undefined {
  const faults = (figures: RunFigures) =>
    Object.values(figures.faultsLanded).reduce<number>((sum, count) => sum + (count ?? 0), 0);
  return runs.reduce<CampaignRun | undefined>(
    (best, run) => (!best || faults(run.record.figures) >= faults(best.record.figures) ? run : best),
    undefined,
  );
}

/** The totals over campaign runs: sums of each run's figures. */
export function totalsOf(records: readonly Pick<RunRecord, 'status' | 'figures'>[]): CampaignTotals {
  const totals: CampaignTotals = {
    runs: records.length,
    passed: 0,
    failed: 0,
    unknown: 0,
    connections: { judged: 0, answered: 0, lost: 0, excused: {} },
    faults: {},
    restores: { count: 0, medianMs: undefined, maxMs: undefined },
    reloads: { started: 0, completed: 0 },
  };
  const restores: number[] = [];
  for (const record of records) {
    if (record.status === 'pass') totals.passed++;
    else if (record.status === 'fail') totals.failed++;
    else totals.unknown++;
    const { connections, faultsLanded, restoreMs, reloads } = record.figures;
    totals.connections.judged += connections.judged;
    totals.connections.answered += connections.answered;
    totals.connections.lost += connections.lost;
    if (connections.clientFaults)
      totals.connections.clientFaults = (totals.connections.clientFaults ?? 0) + connections.clientFaults;
    for (const [reason, count] of Object.entries(connections.excused) as [string, number][]) {
      totals.connections.excused[reason] = (totals.connections.excused[reason] ?? 0) + count;
    }
    for (const [kind, count] of Object.entries(faultsLanded) as [FaultKind, number][]) {
      totals.faults[kind] = (totals.faults[kind] ?? 0) + count;
    }
    restores.push(...restoreMs);
    totals.reloads.started += reloads.started;
    totals.reloads.completed += reloads.completed;
  }
  restores.sort((a, b) => a - b);
  totals.restores = {
    count: restores.length,
    medianMs: restores.length === 0 ? undefined : quantile(restores, 0.5),
    maxMs: restores.at(-1),
  };
  return totals;
}
