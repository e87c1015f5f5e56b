// The campaign's problems, one per distinct cause: created, counted, queued for shrinking, announced once each.

import type { FailureCause } from '../../invariants/verdict.js';
import type { Problem } from '../resilience-result.js';
import type { RunRecord } from '../run-executor.js';
import type { Schedule } from '../schedule.js';
import { formatPath, type ShrinkToken } from '../shrink-schedule.js';

/**
 * What makes two failures the same problem: the cause's key and its origin (node:cluster's round robin handing a
 * connection to a dead worker is not the app's own hand-off doing so, though both are `handed-to-dead-worker`).
 */
export function problemId(cause: Pick<FailureCause, 'key' | 'origin'>): string {
  return `${cause.key} (${cause.origin})`;
}

/**
 * The distinct causes of a failing record: each failing verdict's causes (a verdict without any counts under its
 * name).
 */
export function failureCauses(record: Pick<RunRecord, 'verdicts'>): FailureCause[] {
  const causes = new Map<string, FailureCause>();
  for (const verdict of record.verdicts) {
    if (verdict.status !== 'fail') continue;
    const unnamed: FailureCause = {
      key: `${verdict.invariant}/failed`,
      origin: 'app',
      summary: verdict.message,
      fix: 'see the evidence',
      count: 1,
    };
    const named = verdict.causes && verdict.causes.length > 0 ? verdict.causes : [unnamed];
    for (const cause of named) if (!causes.has(problemId(cause))) causes.set(problemId(cause), cause);
  }
  return [...causes.values()];
}

/** The runs a path starts from (`first..last`, joined), and the shrink tokens applied to them so far. */
export interface PathBase {
  first: number;
  last: number;
  tokens: ShrinkToken[];
}

/** A problem as the campaign keeps it: what the caller gets, and the bookkeeping to shrink it. */
export interface ProblemState extends Problem, PathBase {
  record: RunRecord;
  /** Still to be shrunk. */
  pending: boolean;
  /**
   * Problems first seen in the same run as this one, shrunk with it (one shrink per failing run, not per cause): each
   * takes this one's shrunk counterexample when its run still fails with it, and keeps its own otherwise.
   */
  companions: ProblemState[];
}

/** Every problem of a campaign, in the order found, each announced (`onProblem`) once, when it is final. */
export class ProblemBook {
  readonly #problems = new Map<string, ProblemState>();
  readonly #announced = new Set<ProblemState>();
  readonly #onProblem: ((problem: Problem) => void) | undefined;

  constructor(onProblem?: (problem: Problem) => void) {
    this.#onProblem = onProblem;
  }

  get size(): number {
    return this.#problems.size;
  }

  has(cause: FailureCause): boolean {
    return this.#problems.has(problemId(cause));
  }

  /** The causes of a failing record that are no problem yet. */
  newCauses(record: RunRecord): FailureCause[] {
    return failureCauses(record).filter((cause) => !this.has(cause));
  }

  add(
    cause: FailureCause,
    base: PathBase,
    schedule: Schedule,
    record: RunRecord,
    status: Problem['status'],
    replayAttempts?: number,
  ): ProblemState {
    const problem: ProblemState = {
      cause,
      status,
      seenInRuns: 0,
      counterexample: schedule,
      originalCounterexample: schedule,
      path: formatPath(base.first, base.last, base.tokens),
      shrinks: 0,
      shrinkBudgetExhausted: false,
      ...(replayAttempts === undefined ? {} : { replayAttempts }),
      verdicts: record.verdicts,
      events: record.events,
      outputTail: record.outputTail,
      first: base.first,
      last: base.last,
      tokens: [...base.tokens],
      record,
      pending: false,
      companions: [],
    };
    this.#problems.set(problemId(cause), problem);
    return problem;
  }

  /**
   * New causes of a fresh run's failure become problems (confirmed: the run was fresh). With `shrink`, the first of
   * them (the app's before the platform's) leads: it is queued for shrinking, and the others of the run follow it.
   * Causes first seen in a shrinking run keep the candidate that showed them (already smaller than its run's).
   * Returns the new problems' ids.
   */
  noteFreshFailure(record: RunRecord, base: PathBase, schedule: Schedule, shrink: boolean): string[] {
    const created = byOrigin(this.newCauses(record)).map((cause) =>
      this.add(cause, base, schedule, record, 'confirmed'),
    );
    const [lead, ...companions] = created;
    if (lead && shrink) {
      lead.pending = true;
      lead.companions = companions;
    } else {
      for (const problem of created) this.announce(problem);
    }
    return created.map((problem) => problemId(problem.cause));
  }

  /** A campaign run failed: each of its causes was seen once more. */
  countSeen(record: RunRecord): void {
    for (const cause of failureCauses(record)) {
      const problem = this.#problems.get(problemId(cause));
      if (problem) problem.seenInRuns++;
    }
  }

  /** The first problem, in the order found, still to be shrunk; it is taken off the queue. */
  takePending(): ProblemState | undefined {
    for (const problem of this.#problems.values()) {
      if (!problem.pending) continue;
      problem.pending = false;
      return problem;
    }
    return undefined;
  }

  /** Tells the caller about a problem that is final, once. */
  announce(problem: ProblemState): void {
    if (this.#announced.has(problem)) return;
    this.#announced.add(problem);
    this.#onProblem?.(toProblem(problem));
  }

  /** Every problem as the caller sees it: the app's first, then the platform's, each in the order found. */
  problems(): Problem[] {
    return byOrigin([...this.#problems.values()]).map(toProblem);
  }
}

/** A problem's evidence from one run: its cause as that run words it, and the run's verdicts, events and output. */
export function adoptRun(problem: ProblemState, record: RunRecord): void {
  problem.cause = failureCauses(record).find((cause) => problemId(cause) === problemId(problem.cause)) ?? problem.cause;
  problem.verdicts = record.verdicts;
  problem.events = record.events;
  problem.outputTail = record.outputTail;
  problem.record = record;
}

/** What a problem is to the caller: its state without the campaign's bookkeeping. */
export function toProblem(state: ProblemState): Problem {
  const { first: _f, last: _l, tokens: _t, record: _r, pending: _p, companions: _c, ...problem } = state;
  return problem;
}

/** The app's first, then the platform's, each in the order given. */
export function byOrigin<T extends { origin: FailureCause['origin'] } | { cause: FailureCause }>(
  items: readonly T[],
): T[] {
  const originOf = (item: T) => ('cause' in item ? item.cause.origin : item.origin);
  return [...items.filter((item) => originOf(item) === 'app'), ...items.filter((item) => originOf(item) !== 'app')];
}
