// How a campaign plays its runs, as one object: which cluster a run plays on, how a failure is confirmed, when to stop.

import type { ScheduleSource } from '../campaign-schedules.js';
import { concatenateSchedules, type Schedule } from '../schedule.js';

/** The rules a campaign plays by (see docs/campaigns.md). */
export interface RunPolicyOptions {
  /** Play generated runs on a reused cluster while it is whole. */
  reuse: boolean;
  /** A reused cluster plays at most this many runs (so a confirmation replays at most this many schedules). */
  maxRunsPerCluster: number;
  /** Fresh replays of everything a reused cluster ran, to confirm a failure seen on it. */
  confirmAttempts: number;
  /** After a failure, the campaign stops once this many runs in a row found no new problem. */
  runsAfterFailure: number;
  /**
   * How long shrinking may take in the whole campaign, all problems together, in ms: the first problems get what they
   * need, later ones what is left; once it is spent, a new problem keeps the failing run's schedule as it was.
   */
  shrinkBudgetMs: number;
  /**
   * A time budget for the whole campaign, in ms: no run starts after it (the first always plays, and a run is never cut
   * in half), shrinking stops at it, a failure seen is still confirmed. Default none: `runs` alone bounds it.
   */
  timeLimitMs?: number;
}

/** A fresh replay that may confirm a failure seen on a reused cluster: the runs it stands for, and what it plays. */
export interface ConfirmationReplay {
  first: number;
  last: number;
  schedule: Schedule;
}

/** Where a campaign's run plays. */
export type RunCluster = 'fresh' | 'reused';

/** How far a campaign went since its last new problem: it ends `runsAfterFailure` quiet runs after a failure. */
export interface FailureStreak {
  failedOnce: boolean;
  quietRuns: number;
}

/**
 * The campaign's rules and its two budgets (the time limit, the shared shrink budget), measured on one clock from
 * the moment the policy is made. Everything else about a campaign is recorded in its execution.
 */
export class RunPolicy {
  readonly options: Readonly<RunPolicyOptions>;
  readonly #schedules: ScheduleSource;
  readonly #now: () => number;
  readonly #deadline: number;
  /** Time spent shrinking so far: `shrinkBudgetMs` bounds the campaign's shrinking as a whole. */
  #shrinkSpentMs = 0;

  constructor(options: RunPolicyOptions, schedules: ScheduleSource, now: () => number) {
    this.options = Object.freeze({ ...options });
    this.#schedules = schedules;
    this.#now = now;
    this.#deadline = options.timeLimitMs === undefined ? Number.POSITIVE_INFINITY : now() + options.timeLimitMs;
  }

  /** The smallest schedules and the first run play on fresh clusters; the others on the reused one, when reusing. */
  clusterOf(index: number): RunCluster {
    return !this.options.reuse || index === 0 || index < this.#schedules.smallestCount ? 'fresh' : 'reused';
  }

  /** A reused cluster that played this many runs is replaced before the next. */
  isFull(playedRuns: number): boolean {
    return playedRuns >= this.options.maxRunsPerCluster;
  }

  /** Why the campaign ends before run `index`, if it does: no new problem for a while, or no time left. */
  endBefore(index: number, streak: FailureStreak): 'after-failure' | 'time-limit' | undefined {
    if (streak.failedOnce && streak.quietRuns >= this.options.runsAfterFailure) return 'after-failure';
    if (index > 0 && this.#now() >= this.#deadline) return 'time-limit';
    return undefined;
  }

  /**
   * The replays that confirm a failure seen on a reused cluster that played runs `played` (in order, at least one):
   * the failing run's own schedule alone first (cheap, and the smallest start for shrinking), then `confirmAttempts`
   * times everything the cluster ran, joined by settle steps (`everything`, also what a failure never reproduced is
   * reported with).
   */
  confirmations(played: readonly number[]): { everything: ConfirmationReplay; replays: ConfirmationReplay[] } {
    const first = played[0]!;
    const last = played.at(-1)!;
    const joined = concatenateSchedules(played.map((index) => this.#schedules.at(index)));
    const everything = { first, last, schedule: joined };
    const replays: ConfirmationReplay[] = [{ first: last, last, schedule: this.#schedules.at(last) }];
    for (let attempt = 0; attempt < this.options.confirmAttempts; attempt++) replays.push(everything);
    return { everything, replays };
  }

  /** Starts shrinking one problem: the time it may go on until, what is left of the shared budget or the time limit. */
  startShrinking(): { began: number; deadline: number } {
    const began = this.#now();
    return { began, deadline: Math.min(began + this.options.shrinkBudgetMs - this.#shrinkSpentMs, this.#deadline) };
  }

  /** Ends shrinking one problem: the time it took is spent from the shared budget. */
  endShrinking(began: number): void {
    this.#shrinkSpentMs += this.#now() - began;
  }

  now(): number {
    return this.#now();
  }
}
