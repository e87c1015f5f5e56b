// The campaign's problems by cause: made, counted, queued for shrinking and announced once, from hand-built runs.

import { describe, expect, test } from 'vitest';
import type { RunFigures } from '../../src/invariants/run-figures.js';
import type { FailureCause, Verdict } from '../../src/invariants/verdict.js';
import { byOrigin, failureCauses, ProblemBook, problemId } from '../../src/property/_internals/problem-book.js';
import type { Problem } from '../../src/property/resilience-result.js';
import type { RunRecord } from '../../src/property/run-executor.js';

const figures: RunFigures = {
  connections: { judged: 0, answered: 0, lost: 0, excused: {} },
  faultsLanded: {},
  restoreMs: [],
  reloads: { started: 0, completed: 0 },
};

function cause(key: string, origin: FailureCause['origin'] = 'app'): FailureCause {
  return { key, origin, summary: `summary of ${key}`, fix: `fix for ${key}`, count: 1 };
}

function failing(...causes: FailureCause[]): RunRecord {
  const verdicts: Verdict[] = causes.map((one) => ({
    invariant: 'every-connection-answered',
    status: 'fail',
    message: one.summary,
    evidence: [],
    causes: [one],
  }));
  return { schedule: [], status: 'fail', verdicts, events: [], outputTail: '', figures };
}

const base = { first: 3, last: 3, tokens: [] };

describe('failureCauses and problemId', () => {
  test("a cause is its key and origin; a failing verdict with no cause counts under its invariant's name", () => {
    expect(problemId(cause('lost', 'platform'))).toBe('lost (platform)');
    const unnamed: RunRecord = {
      ...failing(),
      verdicts: [{ invariant: 'master-survived', status: 'fail', message: 'the master died', evidence: [] }],
    };
    expect(failureCauses(unnamed)).toEqual([
      { key: 'master-survived/failed', origin: 'app', summary: 'the master died', fix: 'see the evidence', count: 1 },
    ]);
    expect(failureCauses(failing(cause('a'), cause('a'), cause('a', 'platform'))).map(problemId)).toEqual([
      'a (app)',
      'a (platform)',
    ]);
  });

  test("byOrigin: the app's first, then the platform's, each in the order given", () => {
    const items = [cause('p1', 'platform'), cause('a1'), cause('p2', 'platform'), cause('a2')];
    expect(byOrigin(items).map((item) => item.key)).toEqual(['a1', 'a2', 'p1', 'p2']);
  });
});

describe('ProblemBook', () => {
  test("a fresh failure to shrink: the app's cause leads, the others follow; none announced before the shrink", () => {
    const announced: Problem[] = [];
    const book = new ProblemBook((problem) => announced.push(problem));
    const record = failing(cause('p', 'platform'), cause('a'));
    expect(book.noteFreshFailure(record, base, [], true)).toEqual(['a (app)', 'p (platform)']);
    expect(announced).toEqual([]);
    const lead = book.takePending()!;
    expect(lead.cause.key).toBe('a');
    expect(lead.companions.map((companion) => companion.cause.key)).toEqual(['p']);
    expect(book.takePending()).toBeUndefined();
    book.announce(lead);
    book.announce(lead);
    expect(announced.map((problem) => problem.cause.key)).toEqual(['a']);
    // What the caller sees has none of the campaign's bookkeeping.
    expect(Object.keys(announced[0]!).sort()).toEqual(
      ['cause', 'status', 'seenInRuns', 'counterexample', 'originalCounterexample', 'path', 'shrinks']
        .concat(['shrinkBudgetExhausted', 'verdicts', 'events', 'outputTail'])
        .sort(),
    );
  });

  test('without shrinking every new cause is announced at once; a cause seen again is only counted', () => {
    const announced: Problem[] = [];
    const book = new ProblemBook((problem) => announced.push(problem));
    book.noteFreshFailure(failing(cause('a')), base, [], false);
    expect(book.noteFreshFailure(failing(cause('a'), cause('b')), base, [], false)).toEqual(['b (app)']);
    expect(announced.map((problem) => problem.cause.key)).toEqual(['a', 'b']);
    book.countSeen(failing(cause('a'), cause('z')));
    expect(book.problems().map((problem) => [problem.cause.key, problem.seenInRuns])).toEqual([
      ['a', 1],
      ['b', 0],
    ]);
    expect(book.newCauses(failing(cause('a'), cause('c'))).map((one) => one.key)).toEqual(['c']);
  });

  test("a problem not reproduced keeps its run's evidence, the path of everything, and the replays made", () => {
    const book = new ProblemBook();
    const record = failing(cause('flaky'));
    const everything = { first: 2, last: 5, tokens: [] };
    book.add(cause('flaky'), everything, [{ type: 'pause', ms: 1 }], record, 'not-reproduced', 3);
    expect(book.problems()).toEqual([
      expect.objectContaining({ status: 'not-reproduced', path: '2-5', replayAttempts: 3, verdicts: record.verdicts }),
    ]);
    expect(book.size).toBe(1);
  });
});
