// Specs for the facts of one problem that both reports state: its number by origin, its status, its schedule heading.

import { describe, expect, test } from 'vitest';
import type { ReportProblem } from '../../src/report/report-input.js';
import {
  invariantOfCause,
  otherFailureNotes,
  problemScheduleHeading,
  problemStatus,
  problemVerdicts,
  problemsByOrigin,
  problemsHeadline,
} from '../../src/report/_internals/problem-facts.js';
import { appProblem, platformProblem } from './_campaigns.js';

const replay = 'cluster-chaos check x --seed 1';
const app = (overrides = {}): ReportProblem => ({ ...appProblem(overrides), replay });
const platform = (overrides = {}): ReportProblem => ({ ...platformProblem(overrides), replay });

describe('problem facts', () => {
  test('numbers the app problems first, then the platform ones, each in the runner order', () => {
    const problems = [platform(), app(), app({ seenInRuns: 5 })];
    const { app: first, platform: then } = problemsByOrigin(problems);
    expect(first.map(({ problem, number }) => [problem.seenInRuns, number])).toEqual([
      [2, 1],
      [5, 2],
    ]);
    expect(then.map(({ number }) => number)).toEqual([3]);
  });

  test('heads a report with the problems by origin', () => {
    expect(problemsHeadline([])).toBe('no problem');
    expect(problemsHeadline([app()])).toBe('1 problem, in the app');
    expect(problemsHeadline([platform(), platform()])).toBe('2 problems, all in the platform');
    expect(problemsHeadline([app(), platform()])).toBe('2 problems: 1 in the app, 1 in the platform');
  });

  test("reads a cause's invariant from its key, and shows the verdicts that carry the cause", () => {
    const problem = app();
    expect(invariantOfCause(problem)).toBe('every-connection-answered');
    const carries = (causes: { key: string }[] = []) => causes.some((cause) => cause.key === problem.cause.key);
    expect(problemVerdicts(problem).every((verdict) => carries(verdict.causes))).toBe(true);
  });

  test('says whether a problem was confirmed, and how often it was seen', () => {
    expect(problemStatus(app())).toBe('confirmed on a fresh cluster; seen in 2 runs');
    expect(problemStatus(platform())).toBe('seen once, not reproduced in 3 fresh replays: it still fails the check');
    expect(problemStatus(app({ seenInRuns: 0 }))).toBe(
      'confirmed on a fresh cluster; first seen while confirming or shrinking another problem',
    );
  });

  test('heads the schedule with the shrinks, or says that a failure that did not recur is not shrunk', () => {
    expect(problemScheduleHeading(app())).toBe('Counterexample (shrunk 4 times, from 7 steps to 2)');
    expect(problemScheduleHeading(platform())).toMatch(/^Schedule as seen \(3 steps; a failure that did not recur/);
    const stopped = problemScheduleHeading(app({ shrinkBudgetExhausted: true }));
    expect(stopped).toContain("stopped at the campaign's time budget");
  });

  test('has no note on other failures when only its own invariant failed', () => {
    expect(otherFailureNotes(app(), [app()])).toEqual([]);
  });
});
