// What a run of one schedule takes (its options, with their defaults) and gives back (its events and steps).

import type { ReloadHow } from '../cluster/reload-how.js';
import type { HistoryEvent } from '../history/events.js';

export interface RunScheduleOptions {
  /** How long the cluster has to restore its workers after the schedule, in ms. Default 5000. */
  restoreWithinMs?: number;
  /** Connections of the final burst that proves the settled cluster answers. Default `max(4, 2 × workers)`. */
  finalBurst?: number;
  /** A connection with no answer after this many ms ends `timeout`. Default 3000. */
  connectionTimeoutMs?: number;
  /** How the schedule's reload steps reload the cluster (`cluster.reload(how)`). Required by a schedule with a reload. */
  reload?: ReloadHow;
  /** How long one reload may take, in ms. Default 15000. */
  reloadTimeoutMs?: number;
  /**
   * A fault budget, as a Kubernetes PodDisruptionBudget: a fault on a worker is injected only if at least this many
   * workers stay available (ready, not hit by an ending fault, not hung) besides its target. Otherwise it waits for
   * the workers to come back (at most `restoreWithinMs`), and is skipped if they do not (`fault-skipped` in the
   * history). Default 0: no budget.
   */
  minAvailable?: number;
  /**
   * True once the campaign's time limit has passed (checkResilience's `timeLimitMs`): from then on a fault the budget
   * would make wait is skipped at once (`fault-skipped`, the limit as its reason), so that the run in progress ends
   * without waiting out `restoreWithinMs` for each of its faults on an app that does not restore.
   * @internal
   */
  pastTimeLimit?: () => boolean;
}

/** What one step of the schedule did: the bursts it drove and the faults it injected (by their numbers), and when. */
export interface StepRecord {
  startedAt: number;
  endedAt: number;
  bursts: number[];
  faults: number[];
}

export interface RunResult {
  /** The run's events: a `cluster-ready` baseline at its start (the live workers then), then everything after. */
  events: HistoryEvent[];
  startedAt: number;
  endedAt: number;
  /** One record per step of the schedule, in order. */
  steps: StepRecord[];
}
