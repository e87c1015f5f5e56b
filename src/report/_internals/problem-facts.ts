// Facts of one problem that the text and the HTML report state the same way: origin, number, verdicts, evidence, status.

import { connectionRecords } from '../../history/connections.js';
import type { HistoryEvent } from '../../history/events.js';
import type { Verdict } from '../../invariants/verdict.js';
import type { ReportProblem } from '../report-input.js';
import { connectionsInEvidence } from './evidence-connections.js';
import { plural } from './report-facts.js';

/** A problem with its number in the report (1-based, app problems first). */
export interface NumberedProblem {
  problem: ReportProblem;
  number: number;
}

/** The problems split by origin, app ones first, numbered in that order (the runner's order within each origin). */
export function problemsByOrigin(problems: readonly ReportProblem[]): {
  app: NumberedProblem[];
  platform: NumberedProblem[];
} {
  const app = problems.filter((problem) => problem.cause.origin !== 'platform');
  const platform = problems.filter((problem) => problem.cause.origin === 'platform');
  return {
    app: app.map((problem, index) => ({ problem, number: index + 1 })),
    platform: platform.map((problem, index) => ({ problem, number: app.length + index + 1 })),
  };
}

/** `2 problems: 1 in the app, 1 in the platform`, `1 problem, in the app`, `3 problems, all in the platform`. */
export function problemsHeadline(problems: readonly ReportProblem[]): string {
  const { app, platform } = problemsByOrigin(problems);
  if (problems.length === 0) return 'no problem';
  if (app.length > 0 && platform.length > 0) {
    return `${plural(problems.length, 'problem')}: ${app.length} in the app, ${platform.length} in the platform`;
  }
  const where = app.length > 0 ? 'the app' : 'the platform';
  return problems.length === 1 ? `1 problem, in ${where}` : `${problems.length} problems, all in ${where}`;
}

/** What each origin means, for the headings above each group of problems. */
export const originHeadings = {
  app: { title: 'Problems in the app', meaning: 'its own code' },
  platform: {
    title: 'Problems in the platform',
    meaning: 'Node itself (node:cluster), which the app can only work around',
  },
} as const;

/** The invariant a cause belongs to: the part of its key before the slash. */
export function invariantOfCause(problem: ReportProblem): string {
  return problem.cause.key.split('/')[0] ?? problem.cause.key;
}

/**
 * The failing verdicts of the problem's own run that carry its cause (by key); failing that, the failing verdicts of
 * the cause's invariant; failing that, every failing verdict of the run. Never another run's.
 */
export function problemVerdicts(problem: ReportProblem): Verdict[] {
  const failing = problem.verdicts.filter((verdict) => verdict.status === 'fail');
  const carrying = failing.filter((verdict) => verdict.causes?.some((cause) => cause.key === problem.cause.key));
  if (carrying.length > 0) return carrying;
  const ofInvariant = failing.filter((verdict) => verdict.invariant === invariantOfCause(problem));
  return ofInvariant.length > 0 ? ofInvariant : failing;
}

/** The evidence of those verdicts, deduplicated, in time order. */
export function problemEvidence(problem: ReportProblem): HistoryEvent[] {
  const events = new Set<HistoryEvent>();
  for (const verdict of problemVerdicts(problem)) for (const event of verdict.evidence) events.add(event);
  return [...events].sort((a, b) => a.t - b.t);
}

/** The connections the problem's evidence is about: the ones its timeline draws bold. */
export function problemHighlight(problem: ReportProblem): number[] {
  const evidence = problemEvidence(problem);
  return evidence.length === 0 ? [] : connectionsInEvidence(evidence, connectionRecords(problem.events));
}

/** The other invariants that failed in the problem's run. */
export function otherFailures(problem: ReportProblem): Verdict[] {
  const own = problemVerdicts(problem);
  return problem.verdicts.filter((verdict) => verdict.status === 'fail' && !own.includes(verdict));
}

/**
 * One line per other invariant that failed in the problem's run: the problems of the report that carry its causes
 * (`worker-count-restored (problem 3)`), or, when none does, its message and causes in full, so that it is not lost.
 */
export function otherFailureNotes(problem: ReportProblem, problems: readonly ReportProblem[]): string[] {
  const { app, platform } = problemsByOrigin(problems);
  const numbers = new Map([...app, ...platform].map(({ problem: other, number }) => [other.cause.key, number]));
  return otherFailures(problem).map((verdict) => {
    const keys = (verdict.causes ?? []).map((cause) => cause.key);
    const listed = keys.map((key) => numbers.get(key)).filter((number): number is number => number !== undefined);
    if (listed.length > 0 && listed.length === keys.length) {
      return `${verdict.invariant} (${listed.length === 1 ? 'problem' : 'problems'} ${listed.join(', ')})`;
    }
    const causes = (verdict.causes ?? []).filter((cause) => !numbers.has(cause.key));
    const why =
      causes.length === 0
        ? ''
        : `; ${causes.map((cause) => `${cause.key} (${cause.origin}): ${cause.summary}; fix: ${cause.fix}`).join('; ')}`;
    return `${verdict.invariant}: ${verdict.message}${why}`;
  });
}

/**
 * `confirmed on a fresh cluster; seen in 3 runs`, or `seen once, not reproduced in 3 fresh replays: it still fails
 * the check`.
 */
export function problemStatus(problem: ReportProblem): string {
  const seen =
    problem.seenInRuns === 0
      ? 'first seen while confirming or shrinking another problem'
      : problem.seenInRuns === 1
        ? 'seen once'
        : `seen in ${problem.seenInRuns} runs`;
  if (problem.status === 'confirmed') return `confirmed on a fresh cluster; ${seen}`;
  return `${seen}, not reproduced in ${plural(problem.replayAttempts ?? 0, 'fresh replay')}: it still fails the check`;
}

/** `Counterexample (shrunk 5 times, from 6 steps to 2)`, with a word when shrinking stopped at its budget. */
export function problemScheduleHeading(problem: ReportProblem): string {
  if (problem.status === 'not-reproduced') {
    return `Schedule as seen (${plural(problem.counterexample.length, 'step')}; a failure that did not recur is not shrunk)`;
  }
  const details = [`shrunk ${plural(problem.shrinks, 'time')}`];
  if (problem.originalCounterexample.length !== problem.counterexample.length || problem.shrinks > 0) {
    details.push(`from ${plural(problem.originalCounterexample.length, 'step')} to ${problem.counterexample.length}`);
  }
  if (problem.shrinkBudgetExhausted)
    details.push(
      "shrinking stopped at the campaign's time budget (--shrink-budget, shrinkBudgetMs): the smallest failing schedule found by then",
    );
  return `Counterexample (${details.join(', ')})`;
}
