// Turns the result of a resilience check (a campaign of runs) into the input of the text, HTML and SVG reports.

import type { ResilienceResult } from '../property/resilience-result.js';
import type { ReportInput } from './report-input.js';

export interface ReportTarget {
  /** The entry, topology or command, as the user named it. */
  target: string;
  workers: number;
  protocol: 'tcp' | 'http';
  /**
   * The command line that replays the schedule at `path` with the campaign's seed, ready to paste; with `undefined`,
   * the one that reruns the whole campaign (the seed alone).
   */
  replay: (path: string | undefined) => string;
  /** Show the app's output on a pass, injected faults' stack traces, the harness failure's full text. Default false. */
  verbose?: boolean;
}

/**
 * The report of a campaign: each problem with its own replay line, and the totals, unknown runs, run rows and harness
 * failure as the runner found them. The representative run (`verdicts`, `events`, `outputTail`: the first problem's
 * on a failure, otherwise run `representativeRun`, the one with the most faults landed) feeds `timeline.svg` and
 * `history.json`.
 */
export function resilienceReportInput(result: ResilienceResult, target: ReportTarget): ReportInput {
  return {
    target: target.target,
    workers: target.workers,
    protocol: target.protocol,
    status: result.status,
    verdicts: result.verdicts,
    events: result.events,
    outputTail: result.outputTail,
    runs: result.runs,
    seed: result.seed,
    replay: target.replay(undefined),
    durationMs: result.durationMs,
    generatedAt: new Date().toISOString(),
    problems: result.problems.map((problem) => ({ ...problem, replay: target.replay(problem.path) })),
    totals: result.totals,
    unknownRuns: result.unknownRuns,
    runLog: result.runLog,
    runsAsked: result.runsAsked,
    ...(result.endedEarly ? { endedEarly: result.endedEarly } : {}),
    ...(result.representativeRun === undefined ? {} : { representativeRun: result.representativeRun }),
    ...(result.harnessFailure ? { harnessFailure: result.harnessFailure } : {}),
    ...(result.replayAttempts === undefined ? {} : { replayAttempts: result.replayAttempts }),
    verbose: target.verbose ?? false,
  };
}
