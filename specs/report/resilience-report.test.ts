// From a campaign's result to a report's input: each problem with its own replay line, nothing of the result dropped.

import { describe, expect, it } from 'vitest';
import { resilienceReportInput } from '../../src/report/index.js';
import {
  errorResult,
  failResult,
  harnessFailure,
  passResult,
  replayLine,
  target,
  unknownResult,
  unknownRuns,
} from './_campaigns.js';

describe('resilienceReportInput', () => {
  it('gives each problem the replay line of its own path, and the campaign the line that reruns it', () => {
    const asked: (string | undefined)[] = [];
    const result = failResult();
    const report = resilienceReportInput(result, {
      target,
      workers: 2,
      protocol: 'tcp',
      replay: (path) => {
        asked.push(path);
        return replayLine(path);
      },
    });
    expect(report.problems?.map((problem) => [problem.cause.key, problem.path, problem.replay])).toEqual(
      result.problems.map((problem) => [problem.cause.key, problem.path, replayLine(problem.path)]),
    );
    expect(report.replay).toBe(replayLine(undefined));
    expect(asked.sort()).toEqual([...result.problems.map((problem) => problem.path), undefined].sort());
    // Each problem keeps its own run: verdicts, events and output are that problem's, never the first one's.
    report.problems?.forEach((problem, index) => {
      expect(problem.events).toBe(result.problems[index]!.events);
      expect(problem.verdicts).toBe(result.problems[index]!.verdicts);
      expect(problem.outputTail).toBe(result.problems[index]!.outputTail);
    });
    expect(report).toMatchObject({
      status: 'fail',
      seed: 42,
      runs: 40,
      totals: result.totals,
      verbose: false,
      events: result.events,
    });
  });

  it('carries the unknown runs, the harness failure, the totals and the verbose flag as they are', () => {
    const unknown = resilienceReportInput(unknownResult(), {
      target,
      workers: 2,
      protocol: 'tcp',
      replay: replayLine,
      verbose: true,
    });
    expect(unknown.unknownRuns).toEqual(unknownRuns);
    expect(unknown.verbose).toBe(true);
    expect(unknown.harnessFailure).toBeUndefined();
    const error = resilienceReportInput(errorResult(), { target, workers: 2, protocol: 'tcp', replay: replayLine });
    expect(error).toMatchObject({ status: 'error', harnessFailure, problems: [], totals: errorResult().totals });
  });

  it("carries every run row as it is, and which run a pass shows (none when the runs shown are the problems')", () => {
    const pass = passResult();
    const report = resilienceReportInput(pass, { target, workers: 2, protocol: 'tcp', replay: replayLine });
    expect(report.runLog).toBe(pass.runLog);
    expect(report.runLog).toHaveLength(40);
    expect(report.representativeRun).toBe(36);
    const fail = resilienceReportInput(failResult(), { target, workers: 2, protocol: 'tcp', replay: replayLine });
    expect(fail.runLog?.filter((row) => row.status === 'fail').map((row) => row.index)).toEqual([7, 23]);
    expect('representativeRun' in fail).toBe(false);
  });
});
