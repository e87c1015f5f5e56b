// What a report is made of: one run's verdicts and history, or a whole campaign (its problems, totals, unknown runs).

import type { HistoryEvent } from '../history/events.js';
import type { Verdict } from '../invariants/verdict.js';
import type {
  CampaignStatus,
  CampaignTotals,
  HarnessFailure,
  Problem,
  RunRow,
  RunSummary,
} from '../property/resilience-result.js';
import type { Schedule } from '../property/schedule.js';

/** `pass`, `fail`, `unknown` (as a verdict), or `error`: cluster-chaos or the environment failed, not the app. */
export type ReportStatus = CampaignStatus;

/** One distinct problem of a campaign, as the runner found it, with the command line that replays it. */
export interface ReportProblem extends Problem {
  /** Replays this problem's counterexample (the campaign's seed and this problem's `path`), ready to paste. */
  replay: string;
}

/**
 * Everything the text, HTML and SVG reports show. Two shapes share it:
 *
 * - one run (a user's own history, the vitest matchers): `verdicts` and `events` say it all, `schedule`, `seed`,
 *   `path`, `replay` describe that run;
 * - a campaign (`check`, through `resilienceReportInput`): `problems`, `totals`, `unknownRuns` and `harnessFailure`
 *   carry the verdict, `runLog` has a row per run; `verdicts`, `events` and `outputTail` are the representative run's
 *   (the first problem's on a failure, otherwise campaign run `representativeRun`: the one with the most faults
 *   landed), and `replay` reruns the whole campaign.
 *
 * A report is a campaign report as soon as one of the campaign fields is set (or the status is `error`): then every
 * problem, every unknown run and the harness failure are shown, whatever the status.
 */
export interface ReportInput {
  /** What was tested: the entry file (`fixtures/x/master.js`) or the command line. */
  target: string;
  /** How many workers the cluster was started with. */
  workers: number;
  protocol: 'tcp' | 'http';
  /** One run: the worst of the verdicts (`worstStatus`). A campaign: its status (`error` only for a campaign). */
  status: ReportStatus;
  /** One verdict per invariant checked, in the order they were checked (a campaign: the representative run's). */
  verdicts: Verdict[];
  /** The history of the run (a campaign: the representative run's). */
  events: HistoryEvent[];
  /** The schedule of that run: the shrunk counterexample when a run failed. */
  schedule?: Schedule;
  /** The schedule as first generated, before shrinking. */
  originalSchedule?: Schedule;
  /** How many runs the property (or the campaign) ran. */
  runs?: number;
  /** How many successful shrink steps led from the original schedule to `schedule`. */
  shrinks?: number;
  /** The fast-check seed (a campaign's seed) and the path that replays the counterexample. */
  seed?: number;
  path?: string;
  /** One run: the command line that replays it. A campaign: the one that reruns the whole campaign (same seed). */
  replay?: string;
  /** The last lines of the app's stdout and stderr (a campaign: the representative run's). */
  outputTail?: string;
  /** How long the whole check took. */
  durationMs?: number;
  /** When the report was made (ISO 8601). */
  generatedAt?: string;

  /** A campaign: every distinct problem, app problems first, then platform ones, each with its own run. */
  problems?: ReportProblem[];
  /** A campaign: counts over all its runs. */
  totals?: CampaignTotals;
  /** A campaign: the runs that proved nothing, with their reasons. */
  unknownRuns?: RunSummary[];
  /** A campaign: the runs asked for (`runs` is fewer when it ended early). */
  runsAsked?: number;
  /** A campaign that ended before `runsAsked`: why (see `ResilienceResult.endedEarly`). */
  endedEarly?: 'after-failure' | 'time-limit' | 'harness';
  /** A campaign: every campaign run in order, a row each (confirmation and shrinking runs are not campaign runs; a replay has none). */
  runLog?: RunRow[];
  /**
   * A campaign with no problem: the campaign index (0-based) of the run whose `verdicts`, `events` and `outputTail` are
   * shown (the runner picks the one with the most faults landed). Undefined when they are a problem's or a replay's.
   */
  representativeRun?: number;
  /** A campaign: the error of cluster-chaos or of the environment that ended it (never a counterexample). */
  harnessFailure?: HarnessFailure;
  /** A replay of one path (`--seed S --path P`): on how many fresh clusters the schedule ran (it stops at the first failure). */
  replayAttempts?: number;
  /**
   * Show what a short report leaves out: the app's output on a pass, the stack traces of injected faults in any
   * output, the harness failure's full text. Default false.
   */
  verbose?: boolean;
}
