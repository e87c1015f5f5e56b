// What a resilience check (a campaign of runs) found: the verdict, every distinct problem with its own counterexample, and totals.

import type { FaultKind, HistoryEvent } from '../history/events.js';
import type { RunFigures } from '../invariants/run-figures.js';
import type { FailureCause, Verdict, VerdictStatus } from '../invariants/verdict.js';
import type { Schedule } from './schedule.js';
import type { Shard } from './shard-schedules.js';

/**
 * The campaign's verdict (Jepsen style): `pass` only when every run passed; `fail` when a problem was seen (confirmed
 * on a fresh cluster or not: no failure is ever dropped); `unknown` when no run failed but some proved nothing;
 * `error` when cluster-chaos itself or the environment failed before any problem was seen (a harness error is never a
 * counterexample).
 */
export type CampaignStatus = VerdictStatus | 'error';

/** One run of the campaign, as the totals and the unknown list see it. */
export interface RunSummary {
  /** The run's place in the campaign (0-based; with the seed, `path` replays it). */
  index: number;
  schedule: Schedule;
  status: VerdictStatus;
  /** The verdicts that were not `pass`. */
  verdicts: Verdict[];
}

/** One campaign run as a report's row: what it played, on which cluster, how it ended, its figures. */
export interface RunRow {
  /** The run's place in the campaign (0-based; with the seed, `path` replays it). */
  index: number;
  schedule: Schedule;
  status: VerdictStatus;
  /** `fresh`: on a cluster started for it; `reused`: on the campaign's cluster reused while whole. */
  cluster: 'fresh' | 'reused';
  figures: RunFigures;
  /** How long the run took, in ms (its cluster's start not counted for a reused one). */
  durationMs: number;
}

/**
 * One distinct problem: a failure cause (by its `key`), the smallest schedule found that still fails with it, and the
 * run of that schedule (its verdicts, events and output all come from that one run).
 */
export interface Problem {
  cause: FailureCause;
  /**
   * `confirmed`: it failed on a fresh cluster (the counterexample replays). `not-reproduced`: it was seen on a reused
   * cluster and did not fail again in `replayAttempts` fresh replays of everything that cluster ran; it still fails
   * the check, with its evidence.
   */
  status: 'confirmed' | 'not-reproduced';
  /** How many runs of the campaign failed with it (0: first seen in a confirmation or shrinking run of another problem). */
  seenInRuns: number;
  /** The smallest failing schedule found (for `not-reproduced`: the schedule as seen). */
  counterexample: Schedule;
  /** The failing schedule before shrinking (for a reused cluster: everything it ran, concatenated). */
  originalCounterexample: Schedule;
  /** With the campaign's seed, replays the counterexample: `check --seed S --path P`. */
  path: string;
  /** Successful shrink steps from the original to the counterexample. */
  shrinks: number;
  /** Shrinking stopped at its budget rather than at a schedule no smaller one fails. */
  shrinkBudgetExhausted: boolean;
  /** For `not-reproduced`: how many fresh replays held. */
  replayAttempts?: number;
  /** The verdicts, events and output tail of the counterexample's run. */
  verdicts: Verdict[];
  events: HistoryEvent[];
  outputTail: string;
}

/** Counts over every run of the campaign (shrinking and confirmation runs not included). */
export interface CampaignTotals {
  runs: number;
  passed: number;
  failed: number;
  unknown: number;
  connections: {
    judged: number;
    answered: number;
    /** Lost and not excused. */
    lost: number;
    /** Lost and excused, by the excuse's kind (e.g. `fault-on-holder`, `stop`). */
    excused: Record<string, number>;
    /** Connections of misbehaving clients (client faults), not judged; absent when none. */
    clientFaults?: number;
  };
  /** Faults that landed, by kind. */
  faults: Partial<Record<FaultKind, number>>;
  /** Time from a worker fault's landing to the cluster's restore, over every restored fault. */
  restores: { count: number; medianMs: number | undefined; maxMs: number | undefined };
  reloads: { started: number; completed: number };
}

/** An error of cluster-chaos or of the environment (a cluster that fails to start mid-campaign, a wait of ours that timed out). */
export interface HarnessFailure {
  /** What happened, in one line. */
  message: string;
  /** The error's name (`ClusterStartError`, `WaitTimeoutError`, ...). */
  name: string;
  /** The run during which it happened (0-based campaign index), or undefined outside a campaign run. */
  run?: number;
  /** The phase: running the campaign, confirming a failure, shrinking, replaying. */
  phase: 'running' | 'confirming' | 'shrinking' | 'replaying';
  /** The full error text (stack trace included) for `--verbose` and reports. */
  detail: string;
}

export interface ResilienceResult {
  status: CampaignStatus;
  /** The campaign's runs: generated and smallest schedules played (not confirmation or shrinking runs). */
  runs: number;
  /** Every run made, confirmation, shrinking and replay runs included. */
  totalRuns: number;
  seed: number;
  /**
   * The shard played (`checkResilience({ shard })`), or the shard a replayed path names. Run indices (`runLog`,
   * `unknownRuns`) count within the shard; problem paths name it (`3/4@12`).
   */
  shard?: Shard;
  /** Where the seed came from: the options, `CHAOS_SEED` in the environment, or chosen at random. */
  seedFrom: 'options' | 'CHAOS_SEED' | 'random';
  /** Every distinct problem, app problems first, then platform ones, each in the order found. */
  problems: Problem[];
  /** Runs that proved nothing (no failure): their reasons. */
  unknownRuns: RunSummary[];
  totals: CampaignTotals;
  /** The runs asked for (`runs`); `runs` is fewer when the campaign ended early (see `endedEarly`). */
  runsAsked: number;
  /**
   * Why the campaign ended before `runsAsked`: `after-failure` (after a failure, `runsAfterFailure` runs in a row found
   * nothing new), `time-limit` (`timeLimitMs` was spent), `harness` (an error of cluster-chaos or of the environment).
   */
  endedEarly?: 'after-failure' | 'time-limit' | 'harness';
  /** Every campaign run, in order: a row each (confirmation and shrinking runs are not campaign runs). */
  runLog: RunRow[];
  /** When nothing failed: the campaign run whose verdicts, events and output are shown (the one with most faults landed). */
  representativeRun?: number;
  /** Set when cluster-chaos or the environment failed; with no problem seen, the status is `error`. */
  harnessFailure?: HarnessFailure;
  /** With `path`: on how many fresh clusters the replayed schedule ran (it stops at the first failure). */
  replayAttempts?: number;
  durationMs: number;

  /** The first problem's (see `problems`): its path, counterexample, shrinks, verdicts, events, output. */
  path?: string;
  counterexample?: Schedule;
  originalCounterexample?: Schedule;
  shrinks: number;
  shrinkBudgetExhausted: boolean;
  /** The first problem's verdicts; when nothing failed, those of the last run. */
  verdicts: Verdict[];
  events: HistoryEvent[];
  outputTail: string;
}
