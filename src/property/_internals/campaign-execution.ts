// What a campaign did, recorded as it goes (runs, problems, harness failure, end): its outcome is read from it.

import type { VerdictStatus } from '../../invariants/verdict.js';
import type { CampaignPhase, CampaignProgress } from '../campaign-progress.js';
import type { HarnessFailure, Problem, RunRow, RunSummary } from '../resilience-result.js';
import type { RunRecord } from '../run-executor.js';
import { ProblemBook } from './problem-book.js';
import type { FailureStreak, RunCluster, RunPolicy } from './run-policy.js';
import type { FaultKind } from '../../history/events.js';
import type { Schedule } from '../schedule.js';

/** One campaign run (not a confirmation or shrinking run): its index, record, cluster and duration. */
export interface CampaignRun {
  index: number;
  record: RunRecord;
  cluster: RunCluster;
  durationMs: RunRow['durationMs'];
}

/** Why a campaign ended before its runs: no new problem after a failure, its time limit, or a harness failure. */
export type EndedEarly = 'after-failure' | 'time-limit' | 'harness';

export interface CampaignExecutionOptions {
  /** The runs asked for (progress reports them). */
  runs: number;
  onProgress?: ((progress: CampaignProgress) => void) | undefined;
  onProblem?: ((problem: Problem) => void) | undefined;
}

/**
 * The record of one campaign, as fast-check's `RunExecution` is of one check: every run and problem goes in here, and
 * `campaignOutcome` reads the verdict from it, so no run can be counted in one place and missed in another.
 */
export class CampaignExecution {
  readonly runs: CampaignRun[] = [];
  readonly unknownRuns: RunSummary[] = [];
  readonly problems: ProblemBook;
  /** Every run made: campaign, confirmation and shrinking runs. */
  totalRuns = 0;
  harnessFailure: HarnessFailure | undefined;
  endedEarly: EndedEarly | undefined;
  phase: CampaignPhase = 'running';
  /** The campaign run being played or followed up (confirmed, shrunk); a harness failure names it. */
  currentRun: number | undefined;
  readonly streak: FailureStreak = { failedOnce: false, quietRuns: 0 };
  readonly #options: CampaignExecutionOptions;

  constructor(options: CampaignExecutionOptions) {
    this.#options = options;
    this.problems = new ProblemBook(options.onProblem);
  }

  /** A campaign run was played: it is counted, logged (and listed if it proved nothing), then reported. */
  recordCampaignRun(run: CampaignRun): void {
    this.totalRuns++;
    this.runs.push(run);
    if (run.record.status === 'unknown') this.unknownRuns.push(summarize(run.index, run.record));
    this.progress(run.record.status);
  }

  /** A confirmation or shrinking run was played: it is counted, then reported. */
  recordFollowUpRun(record: RunRecord): void {
    this.totalRuns++;
    this.progress(record.status);
  }

  /** A run that did not fail: one more quiet run once the campaign has failed. */
  recordQuietRun(): void {
    if (this.streak.failedOnce) this.streak.quietRuns++;
  }

  /** A run that failed, with the problems it brought (new ones restart the count of quiet runs). */
  recordFailingRun(newProblems: number): void {
    this.streak.failedOnce = true;
    this.streak.quietRuns = newProblems > 0 ? 0 : this.streak.quietRuns + 1;
  }

  /** Something the executor threw: the first one is kept (cluster-chaos or the environment failed, not the app). */
  recordHarnessFailure(error: unknown, phase: CampaignPhase, run: number | undefined): void {
    this.harnessFailure ??= describeHarnessFailure(error, phase, run);
  }

  end(reason: EndedEarly): void {
    this.endedEarly = reason;
  }

  progress(status: VerdictStatus): void {
    this.#options.onProgress?.({
      phase: this.phase,
      run: this.runs.length,
      runs: this.#options.runs,
      totalRuns: this.totalRuns,
      status,
      problems: this.problems.size,
    });
  }
}

/** What confirming and shrinking a failure work with: the campaign's record, its rules, and fresh runs. */
export interface FollowUp {
  execution: CampaignExecution;
  policy: RunPolicy;
  /** Plays a schedule on a fresh cluster; undefined when the executor threw (then recorded as a harness failure). */
  fresh(schedule: Schedule): Promise<RunRecord | undefined>;
  /** The fault kind faults shrink toward. */
  simplestKind: FaultKind;
}

/** A run as the unknown list shows it: its verdicts that did not pass. */
export function summarize(index: number, record: RunRecord): RunSummary {
  return {
    index,
    schedule: record.schedule,
    status: record.status,
    verdicts: record.verdicts.filter((verdict) => verdict.status !== 'pass'),
  };
}

/** A thrown error as a harness failure: what, where, and the full text for `--verbose`. */
export function describeHarnessFailure(error: unknown, phase: CampaignPhase, run: number | undefined): HarnessFailure {
  const instance = error instanceof Error ? error : new Error(String(error));
  return {
    message: instance.message.split('\n')[0] ?? String(error),
    name: instance.name,
    ...(run === undefined ? {} : { run }),
    phase,
    detail: instance.stack ?? instance.message,
  };
}
