// What a campaign tells its caller after each run: the phase it is in and its counts so far.

import type { VerdictStatus } from '../invariants/verdict.js';

/** Playing campaign runs, confirming a failure on fresh clusters, shrinking a problem, or replaying a path. */
export type CampaignPhase = 'running' | 'confirming' | 'shrinking' | 'replaying';

export interface CampaignProgress {
  phase: CampaignPhase;
  /** Campaign runs done (confirmation and shrinking runs not counted). */
  run: number;
  runs: number;
  /** Every run made so far. */
  totalRuns: number;
  /** The status of the run just made. */
  status: VerdictStatus;
  /** Distinct problems found so far. */
  problems: number;
}
