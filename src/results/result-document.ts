// The result of a check as a versioned JSON document (`--json`), for CI tools and `cluster-chaos merge`.

import type { HistoryEvent } from '../history/events.js';
import type { FailureCause, Verdict, VerdictDetail } from '../invariants/verdict.js';
import type {
  CampaignStatus,
  CampaignTotals,
  HarnessFailure,
  ResilienceResult,
  RunRow,
  RunSummary,
} from '../property/resilience-result.js';
import type { Schedule } from '../property/schedule.js';
import type { Shard } from '../property/shard-schedules.js';

/** What the document is, so that a reader can refuse anything else. */
export const resultFormat = 'cluster-chaos-result';
/** Raised when a field changes meaning or is removed; adding an optional field keeps it. See docs/result.schema.json. */
export const resultSchemaVersion = 1;

/** The target of a campaign, as the user named it. */
export interface ResultTarget {
  /** The entry, topology or command, as given (the config file's name for it, when it has one). */
  name: string;
  workers: number;
  protocol: 'tcp' | 'http';
}

/** One distinct problem, with the command line that replays it and the cause of each failure (each lost connection). */
export interface ResultProblem {
  cause: FailureCause;
  status: 'confirmed' | 'not-reproduced';
  seenInRuns: number;
  /** With the seed, replays the counterexample; a sharded path names its shard (`3/4@12`). */
  path: string;
  /** The command line that replays it, on any machine. */
  replay: string;
  counterexample: Schedule;
  originalCounterexample: Schedule;
  shrinks: number;
  shrinkBudgetExhausted: boolean;
  replayAttempts?: number;
  /** Every failure of the counterexample's run, one line each, filed under its cause's key (a lost connection's cause). */
  failures: VerdictDetail[];
  verdicts: Verdict[];
  events: HistoryEvent[];
  outputTail: string;
}

/** One campaign: a target (and a shard of it), its verdict, problems, totals and a row per run. */
export interface CampaignResult {
  target: ResultTarget;
  /** The shard this campaign played, or null for the whole campaign. */
  shard: Shard | null;
  status: CampaignStatus;
  /** The exit code this campaign alone would give: 0 pass, 1 fail, 3 unknown, 4 error. */
  exitCode: 0 | 1 | 3 | 4;
  seed: number;
  seedFrom: ResilienceResult['seedFrom'];
  /** The command line that plays the same campaign (the same shard) again. */
  replay: string;
  runs: number;
  runsAsked: number;
  totalRuns: number;
  endedEarly?: 'after-failure' | 'time-limit' | 'harness';
  durationMs: number;
  problems: ResultProblem[];
  unknownRuns: RunSummary[];
  totals: CampaignTotals;
  /** Every campaign run, a row each; `index` counts within the shard. */
  runLog: RunRow[];
  representativeRun?: number;
  harnessFailure?: HarnessFailure;
  replayAttempts?: number;
  /** The representative run's (the first problem's on a failure): verdicts, history and the app's output tail. */
  verdicts: Verdict[];
  events: HistoryEvent[];
  outputTail: string;
  /** Set by `merge`: the shards this merged campaign was made of. */
  shards?: Shard[];
}

/** The document `--json` writes: every campaign of one command (a target each; one with a single target). */
export interface ResultDocument {
  format: typeof resultFormat;
  schemaVersion: typeof resultSchemaVersion;
  tool: { name: 'cluster-chaos'; version: string };
  generatedAt: string;
  /** The worst over the campaigns: fail, then error, then unknown, then pass. */
  status: CampaignStatus;
  exitCode: 0 | 1 | 3 | 4;
  campaigns: CampaignResult[];
}

/** The exit code of a status: 0 pass, 1 fail, 3 unknown, 4 an error of cluster-chaos or the environment. */
export function exitCodeOfStatus(status: CampaignStatus): 0 | 1 | 3 | 4 {
  return ({ pass: 0, fail: 1, unknown: 3, error: 4 } as const)[status];
}

/** The status over several campaigns, by the campaign rules: any fail, else any error, else any unknown, else pass. */
export function overallStatus(statuses: readonly CampaignStatus[]): CampaignStatus {
  for (const status of ['fail', 'error', 'unknown'] as const) if (statuses.includes(status)) return status;
  return 'pass';
}

/** Every failure of a run's verdicts, one line each under its cause; a verdict with no lines, by its causes. */
function failuresOf(verdicts: readonly Verdict[]): VerdictDetail[] {
  return verdicts.flatMap(
    (verdict) => verdict.details ?? (verdict.causes ?? []).map((cause) => ({ key: cause.key, text: cause.summary })),
  );
}

/** A campaign's result as the document carries it; `replay` gives the command line of a path (undefined: the campaign). */
export function campaignResult(
  result: ResilienceResult,
  target: ResultTarget,
  replay: (path: string | undefined) => string,
): CampaignResult {
  return {
    target,
    shard: result.shard ?? null,
    status: result.status,
    exitCode: exitCodeOfStatus(result.status),
    seed: result.seed,
    seedFrom: result.seedFrom,
    replay: replay(undefined),
    runs: result.runs,
    runsAsked: result.runsAsked,
    totalRuns: result.totalRuns,
    ...(result.endedEarly ? { endedEarly: result.endedEarly } : {}),
    durationMs: Math.round(result.durationMs),
    problems: result.problems.map((problem) => ({
      cause: problem.cause,
      status: problem.status,
      seenInRuns: problem.seenInRuns,
      path: problem.path,
      replay: replay(problem.path),
      counterexample: problem.counterexample,
      originalCounterexample: problem.originalCounterexample,
      shrinks: problem.shrinks,
      shrinkBudgetExhausted: problem.shrinkBudgetExhausted,
      ...(problem.replayAttempts === undefined ? {} : { replayAttempts: problem.replayAttempts }),
      failures: failuresOf(problem.verdicts),
      verdicts: problem.verdicts,
      events: problem.events,
      outputTail: problem.outputTail,
    })),
    unknownRuns: result.unknownRuns,
    totals: result.totals,
    runLog: result.runLog,
    ...(result.representativeRun === undefined ? {} : { representativeRun: result.representativeRun }),
    ...(result.harnessFailure ? { harnessFailure: result.harnessFailure } : {}),
    ...(result.replayAttempts === undefined ? {} : { replayAttempts: result.replayAttempts }),
    verdicts: result.verdicts,
    events: result.events,
    outputTail: result.outputTail,
  };
}

/** The document over campaigns: their worst status and its exit code. */
export function resultDocument(campaigns: CampaignResult[], version: string, generatedAt: Date): ResultDocument {
  const status = overallStatus(campaigns.map((campaign) => campaign.status));
  return {
    format: resultFormat,
    schemaVersion: resultSchemaVersion,
    tool: { name: 'cluster-chaos', version },
    generatedAt: generatedAt.toISOString(),
    status,
    exitCode: exitCodeOfStatus(status),
    campaigns,
  };
}
