// Where a campaign's runs are played, and the record each run leaves: the seam between the campaign and clusters.

import type { HistoryEvent } from '../history/events.js';
import type { RunFigures } from '../invariants/run-figures.js';
import type { Verdict, VerdictStatus } from '../invariants/verdict.js';
import type { Schedule } from './schedule.js';

/** One run's outcome, as the campaign needs it. */
export interface RunRecord {
  schedule: Schedule;
  status: VerdictStatus;
  verdicts: Verdict[];
  events: HistoryEvent[];
  outputTail: string;
  figures: RunFigures;
  /** The steps whose bursts, faults or reloads are in the failing verdicts' evidence (a shrinking hint). */
  relevantSteps?: ReadonlySet<number>;
}

/**
 * Where runs are played: on fresh clusters (started for the run, stopped after it, orphans checked) or on a cluster
 * reused while it is whole. The real one starts processes; a spec's plays scripted records.
 */
export interface RunExecutor {
  /** Plays the schedule on a fresh cluster, then stops it. */
  fresh(schedule: Schedule): Promise<RunRecord>;
  /**
   * Plays the schedule on the reused cluster; when there is none, or it is no longer whole, a fresh one takes its place
   * first (`newCluster`: this run is the first the cluster plays).
   */
  reused(schedule: Schedule): Promise<{ record: RunRecord; newCluster: boolean }>;
  /** Stops the reused cluster, if any: it is not played on again. */
  discardReused(): Promise<void>;
  /** Stops the reused cluster at the end and checks what it left running: a failing record (orphans), or undefined. */
  finishReused(): Promise<RunRecord | undefined>;
}
