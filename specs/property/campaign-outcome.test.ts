// The outcome read from a campaign's record, and the ResilienceResult built from it, from hand-built data.

import { describe, expect, test } from 'vitest';
import type { RunFigures } from '../../src/invariants/run-figures.js';
import type { VerdictStatus } from '../../src/invariants/verdict.js';
import { buildResilienceResult } from '../../src/property/_internals/build-resilience-result.js';
import type { CampaignRun } from '../../src/property/_internals/campaign-execution.js';
import { campaignOutcome, representativeOf } from '../../src/property/_internals/campaign-outcome.js';
import type { HarnessFailure, Problem, RunSummary } from '../../src/property/resilience-result.js';

function figures(faults: number): RunFigures {
  return {
    connections: { judged: 4, answered: 3, lost: 1, excused: { 'fault-on-holder': 1 } },
    faultsLanded: faults > 0 ? { SIGKILL: faults } : {},
    restoreMs: faults > 0 ? [faults * 10] : [],
    reloads: { started: 0, completed: 0 },
  };
}

function run(index: number, status: VerdictStatus, faults = 0): CampaignRun {
  const record = {
    schedule: [{ type: 'pause' as const, ms: index }],
    status,
    verdicts: [],
    events: [],
    outputTail: `run ${index}`,
    figures: figures(faults),
  };
  return { index, record, cluster: index === 0 ? 'fresh' : 'reused', durationMs: 5 };
}

const problem: Problem = {
  cause: { key: 'lost', origin: 'app', summary: 'lost', fix: 'fix', count: 1 },
  status: 'confirmed',
  seenInRuns: 1,
  counterexample: [{ type: 'pause', ms: 1 }],
  originalCounterexample: [{ type: 'pause', ms: 1 }, { type: 'settle' }],
  path: '1:d0',
  shrinks: 1,
  shrinkBudgetExhausted: false,
  verdicts: [],
  events: [],
  outputTail: "the problem's run",
};

const harnessFailure: HarnessFailure = { message: 'boom', name: 'Error', phase: 'running', detail: 'boom' };

function execution(runs: CampaignRun[], more: { problems?: Problem[]; harnessFailure?: HarnessFailure } = {}) {
  const unknownRuns: RunSummary[] = runs
    .filter((one) => one.record.status === 'unknown')
    .map((one) => ({ index: one.index, schedule: one.record.schedule, status: 'unknown', verdicts: [] }));
  return {
    runs,
    unknownRuns,
    totalRuns: runs.length + 2,
    harnessFailure: more.harnessFailure,
    endedEarly: undefined,
    problems: { problems: () => more.problems ?? [] },
  };
}

describe('campaignOutcome', () => {
  test('the verdict: fail with a problem, else error with a harness failure, else unknown, else pass', () => {
    const runs = [run(0, 'pass'), run(1, 'unknown')];
    expect(campaignOutcome(execution(runs, { problems: [problem], harnessFailure })).status).toBe('fail');
    expect(campaignOutcome(execution(runs, { harnessFailure })).status).toBe('error');
    expect(campaignOutcome(execution(runs)).status).toBe('unknown');
    expect(campaignOutcome(execution([run(0, 'pass')])).status).toBe('pass');
  });

  test('every campaign run is in runs, the run log and the totals; every run made in totalRuns', () => {
    const runs = [run(0, 'pass', 1), run(1, 'fail', 2), run(2, 'unknown')];
    const outcome = campaignOutcome(execution(runs, { problems: [problem] }));
    expect(outcome.runs).toBe(3);
    expect(outcome.totalRuns).toBe(5);
    expect(outcome.runLog.map((row) => [row.index, row.status, row.cluster, row.durationMs])).toEqual([
      [0, 'pass', 'fresh', 5],
      [1, 'fail', 'reused', 5],
      [2, 'unknown', 'reused', 5],
    ]);
    expect(outcome.totals).toMatchObject({
      runs: 3,
      passed: 1,
      failed: 1,
      unknown: 1,
      connections: { judged: 12, answered: 9, lost: 3, excused: { 'fault-on-holder': 3 } },
      faults: { SIGKILL: 3 },
      restores: { count: 2, medianMs: 15, maxMs: 20 },
    });
    expect(outcome.unknownRuns.map((one) => one.index)).toEqual([2]);
  });

  test('the representative run: the most faults landed, the last of equals', () => {
    expect(representativeOf([run(0, 'pass', 2), run(1, 'pass', 1), run(2, 'pass', 2)])?.index).toBe(2);
    expect(representativeOf([])).toBeUndefined();
    const outcome = campaignOutcome(execution([run(0, 'pass', 3), run(1, 'pass')]));
    expect(outcome).toMatchObject({ representativeRun: 0, representative: { outputTail: 'run 0' } });
  });
});

describe('buildResilienceResult', () => {
  const facts = { seed: 7, seedFrom: 'options' as const, durationMs: 123, runsAsked: 10 };

  test("a failure: the first problem's path, counterexample, shrinks and evidence on top; no representative", () => {
    const outcome = campaignOutcome(execution([run(0, 'pass', 3), run(1, 'fail')], { problems: [problem] }));
    const result = buildResilienceResult(outcome, facts);
    expect(result).toMatchObject({
      status: 'fail',
      runs: 2,
      runsAsked: 10,
      seed: 7,
      seedFrom: 'options',
      durationMs: 123,
      path: '1:d0',
      counterexample: problem.counterexample,
      originalCounterexample: problem.originalCounterexample,
      shrinks: 1,
      outputTail: "the problem's run",
    });
    expect(result).not.toHaveProperty('representativeRun');
    expect(result.runLog).toBe(outcome.runLog);
    expect(result.totals).toBe(outcome.totals);
  });

  test("nothing failed: the representative run's evidence, no path; a replay says its attempts", () => {
    const outcome = campaignOutcome(execution([run(0, 'pass', 3), run(1, 'pass')]));
    const result = buildResilienceResult({ ...outcome, replayAttempts: 2 }, facts);
    expect(result).toMatchObject({ status: 'pass', representativeRun: 0, outputTail: 'run 0', replayAttempts: 2 });
    expect(result).toMatchObject({ shrinks: 0, shrinkBudgetExhausted: false, verdicts: [], events: [] });
    expect(result).not.toHaveProperty('path');
    expect(result).not.toHaveProperty('endedEarly');
    expect(result).not.toHaveProperty('harnessFailure');
  });

  test('no run at all: empty evidence, not a crash', () => {
    const result = buildResilienceResult(campaignOutcome(execution([], { harnessFailure })), facts);
    expect(result).toMatchObject({ status: 'error', runs: 0, harnessFailure, outputTail: '', verdicts: [] });
  });
});
