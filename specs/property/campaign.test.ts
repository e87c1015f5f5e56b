// The layer between runs and the verdict: aggregation, confirmation, shrinking per problem, harness errors. Scripted runs, no process.

import { describe, expect, test } from 'vitest';
import type { HistoryEvent } from '../../src/history/events.js';
import type { RunFigures } from '../../src/invariants/run-figures.js';
import type { FailureCause, Verdict, VerdictStatus } from '../../src/invariants/verdict.js';
import { runCampaign, type CampaignOptions } from '../../src/property/campaign.js';
import type { ScheduleSource } from '../../src/property/campaign-schedules.js';
import { replayPath } from '../../src/property/replay-path.js';
import type { RunExecutor, RunRecord } from '../../src/property/run-executor.js';
import { concatenateSchedules, type Schedule } from '../../src/property/schedule.js';

/** Run i plays one pause of i + 10 ms, so a schedule says which run it came from. */
const schedules: ScheduleSource = {
  smallestCount: 2,
  at: (index) => [{ type: 'pause', ms: index + 10 }],
  concatenation(first, last) {
    const runs: Schedule[] = [];
    for (let index = first; index <= last; index++) runs.push(this.at(index));
    return concatenateSchedules(runs);
  },
};

const runOf = (schedule: Schedule): number[] =>
  schedule.flatMap((step) => (step.type === 'pause' ? [step.ms - 10] : []));

const noFigures: RunFigures = {
  connections: { judged: 0, answered: 0, lost: 0, excused: {} },
  faultsLanded: {},
  restoreMs: [],
  reloads: { started: 0, completed: 0 },
};

function cause(key: string, origin: 'app' | 'platform' = 'app'): FailureCause {
  return { key, origin, summary: `summary of ${key}`, fix: `fix for ${key}`, count: 1 };
}

/** A record with one verdict per cause (fail), or one passing/unknown verdict. */
function record(
  schedule: Schedule,
  status: VerdictStatus,
  causes: FailureCause[] = [],
  figures: RunFigures = noFigures,
): RunRecord {
  const marker: HistoryEvent = { type: 'mark', t: 1, label: `run of ${JSON.stringify(schedule)}` };
  const verdicts: Verdict[] =
    status === 'fail'
      ? causes.map((one) => ({
          invariant: 'every-connection-answered',
          status: 'fail',
          message: one.summary,
          evidence: [marker],
          causes: [one],
        }))
      : [
          {
            invariant: 'every-connection-answered',
            status,
            message: status === 'unknown' ? 'no connection was answered: the run proves nothing' : 'ok',
            evidence: [],
          },
        ];
  return { schedule, status, verdicts, events: [marker], outputTail: `output of ${JSON.stringify(schedule)}`, figures };
}

type Behaviour = (schedule: Schedule, where: 'fresh' | 'reused') => RunRecord;

/** An executor that answers from a script, and remembers what it was asked. */
class ScriptedExecutor implements RunExecutor {
  readonly calls: { where: 'fresh' | 'reused'; runs: number[] }[] = [];
  #reusedRuns = 0;
  #discarded = 0;
  finishRecord: RunRecord | undefined;
  constructor(
    readonly behave: Behaviour,
    readonly maxReusedRuns = Number.POSITIVE_INFINITY,
  ) {}
  async fresh(schedule: Schedule): Promise<RunRecord> {
    this.calls.push({ where: 'fresh', runs: runOf(schedule) });
    return this.behave(schedule, 'fresh');
  }
  async reused(schedule: Schedule): Promise<{ record: RunRecord; newCluster: boolean }> {
    this.calls.push({ where: 'reused', runs: runOf(schedule) });
    const newCluster = this.#reusedRuns === 0;
    this.#reusedRuns++;
    return { record: this.behave(schedule, 'reused'), newCluster };
  }
  async discardReused(): Promise<void> {
    this.#reusedRuns = 0;
    this.#discarded++;
  }
  async finishReused(): Promise<RunRecord | undefined> {
    this.#reusedRuns = 0;
    return this.finishRecord;
  }
  get discarded(): number {
    return this.#discarded;
  }
}

const base: Omit<CampaignOptions, 'runs'> = {
  schedules,
  reuse: true,
  maxRunsPerCluster: 20,
  confirmAttempts: 3,
  runsAfterFailure: 10,
  shrinkBudgetMs: 30_000,
  simplestKind: 'SIGKILL',
};

describe('the campaign verdict (Jepsen style)', () => {
  test('99 passes and 1 unknown run: unknown, with the run and its reason, not a pass', async () => {
    const executor = new ScriptedExecutor((schedule) =>
      record(schedule, runOf(schedule).includes(57) ? 'unknown' : 'pass'),
    );
    const outcome = await runCampaign(executor, { ...base, runs: 100 });
    expect(outcome.status).toBe('unknown');
    expect(outcome.runs).toBe(100);
    expect(outcome.unknownRuns).toHaveLength(1);
    expect(outcome.unknownRuns[0]).toMatchObject({ index: 57, status: 'unknown' });
    expect(outcome.unknownRuns[0]!.verdicts[0]!.message).toMatch(/proves nothing/);
    expect(outcome.totals).toMatchObject({ runs: 100, passed: 99, unknown: 1, failed: 0 });
  });

  test('every run passed: pass, with totals over every run (not the last run alone)', async () => {
    const figures = (index: number): RunFigures => ({
      connections: { judged: 10, answered: 9, lost: 0, excused: { 'fault-on-holder': 1 } },
      faultsLanded: index % 2 === 0 ? { SIGKILL: 1 } : { exit: 2 },
      restoreMs: [index + 1],
      reloads: { started: 0, completed: 0 },
    });
    const executor = new ScriptedExecutor((schedule) => record(schedule, 'pass', [], figures(runOf(schedule)[0]!)));
    const outcome = await runCampaign(executor, { ...base, runs: 10 });
    expect(outcome.status).toBe('pass');
    expect(outcome.problems).toEqual([]);
    // A row per campaign run, in order, each with its cluster and figures; the run shown is the one with most faults.
    expect(outcome.runLog.map((row) => [row.index, row.cluster, row.status])).toEqual(
      Array.from({ length: 10 }, (_, index) => [index, index < 2 ? 'fresh' : 'reused', 'pass']),
    );
    expect(outcome.runLog[3]!.figures).toEqual(figures(3));
    expect(outcome.runLog[3]!.schedule).toEqual([{ type: 'pause', ms: 13 }]);
    expect(outcome.representativeRun).toBe(9);
    expect(outcome.totals).toMatchObject({
      runs: 10,
      passed: 10,
      connections: { judged: 100, answered: 90, lost: 0, excused: { 'fault-on-holder': 10 } },
      faults: { SIGKILL: 5, exit: 10 },
      restores: { count: 10, medianMs: 5.5, maxMs: 10 },
    });
    // Runs 0 and 1 are the smallest schedules (fresh), run 2 on; a reused cluster, so one fresh call per smallest one.
    expect(executor.calls.filter((call) => call.where === 'fresh').map((call) => call.runs)).toEqual([[0], [1]]);
    expect(executor.calls.filter((call) => call.where === 'reused')).toHaveLength(8);
  });

  test('a harness error in run 57 is an error of cluster-chaos, never a counterexample', async () => {
    const executor = new ScriptedExecutor((schedule) => {
      if (runOf(schedule).includes(57)) {
        const error = new Error('Could not start the cluster: did not become ready within 10000 ms\nmore lines');
        error.name = 'ClusterStartError';
        throw error;
      }
      return record(schedule, 'pass');
    });
    const outcome = await runCampaign(executor, { ...base, runs: 100 });
    expect(outcome.status).toBe('error');
    expect(outcome.problems).toEqual([]);
    expect(outcome.harnessFailure).toMatchObject({
      name: 'ClusterStartError',
      run: 57,
      phase: 'running',
      message: 'Could not start the cluster: did not become ready within 10000 ms',
    });
    expect(outcome.runs).toBe(57);
    expect(outcome.endedEarly).toBe('harness');
  });

  test('a harness error after a confirmed problem: the problem stands (fail), and the error is reported beside it', async () => {
    const executor = new ScriptedExecutor((schedule) => {
      const [run] = runOf(schedule);
      if (run === 1) return record(schedule, 'fail', [cause('a/x')]);
      if (run === 30) throw new Error('a wait of ours timed out');
      return record(schedule, 'pass');
    });
    const outcome = await runCampaign(executor, { ...base, runs: 100, runsAfterFailure: 100 });
    expect(outcome.status).toBe('fail');
    expect(outcome.problems.map((problem) => problem.cause.key)).toEqual(['a/x']);
    expect(outcome.harnessFailure).toMatchObject({ run: 30, phase: 'running', message: 'a wait of ours timed out' });
  });
});

describe('no failure dropped', () => {
  test('a failure on a reused cluster that never fails again is still a problem, not reproduced, with its own evidence', async () => {
    const executor = new ScriptedExecutor((schedule, where) =>
      record(schedule, where === 'reused' && runOf(schedule)[0] === 6 ? 'fail' : 'pass', [cause('race/x')]),
    );
    const outcome = await runCampaign(executor, { ...base, runs: 10 });
    expect(outcome.status).toBe('fail');
    expect(outcome.problems).toHaveLength(1);
    const [problem] = outcome.problems;
    expect(problem).toMatchObject({
      status: 'not-reproduced',
      replayAttempts: 4,
      seenInRuns: 1,
      path: '2-6',
      shrinks: 0,
    });
    // Everything the reused cluster ran (runs 2 to 6), joined by settles, is the schedule as seen.
    expect(runOf(problem!.counterexample)).toEqual([2, 3, 4, 5, 6]);
    expect(problem!.counterexample.filter((step) => step.type === 'settle')).toHaveLength(4);
    expect(problem!.outputTail).toBe(`output of ${JSON.stringify([{ type: 'pause', ms: 16 }])}`);
    // Confirmation: run 6 alone once, then the concatenation three times, each on a fresh cluster.
    const confirmations = executor.calls.filter((call) => call.where === 'fresh').slice(2);
    expect(confirmations.map((call) => call.runs)).toEqual([[6], [2, 3, 4, 5, 6], [2, 3, 4, 5, 6], [2, 3, 4, 5, 6]]);
  });

  test('a bug that needs state built over several runs: confirmed by the concatenation, and shrunk from it', async () => {
    // Fails on a cluster that has played both run 3 and run 5 (e.g. a second crash in one worker slot).
    const fails = (runs: number[]) => runs.includes(3) && runs.includes(5);
    let reusedSoFar: number[] = [];
    const executor = new ScriptedExecutor((schedule, where) => {
      if (where === 'reused') {
        reusedSoFar.push(...runOf(schedule));
        return record(schedule, fails(reusedSoFar) ? 'fail' : 'pass', [cause('slot/second-crash')]);
      }
      return record(schedule, fails(runOf(schedule)) ? 'fail' : 'pass', [cause('slot/second-crash')]);
    });
    const originalDiscard = executor.discardReused.bind(executor);
    executor.discardReused = async () => {
      reusedSoFar = [];
      await originalDiscard();
    };
    const outcome = await runCampaign(executor, { ...base, runs: 8, runsAfterFailure: 0 });
    expect(outcome.status).toBe('fail');
    const [problem] = outcome.problems;
    expect(problem!.status).toBe('confirmed');
    expect(problem!.path.startsWith('2-5:')).toBe(true);
    // Shrunk to the two runs that matter, and nothing else.
    expect(runOf(problem!.counterexample)).toEqual([3, 5]);
    expect(problem!.shrinks).toBeGreaterThan(0);
    // What is shown comes from the run of that very schedule.
    expect(problem!.outputTail).toBe(`output of ${JSON.stringify(problem!.counterexample)}`);
  });

  test('orphans left by the reused cluster at the end fail the check, confirmed like any reused failure', async () => {
    const executor = new ScriptedExecutor((schedule, where) =>
      record(schedule, where === 'fresh' && runOf(schedule).length > 1 ? 'fail' : 'pass', [
        cause('no-orphans/left-running'),
      ]),
    );
    executor.finishRecord = record([], 'fail', [cause('no-orphans/left-running')]);
    const outcome = await runCampaign(executor, { ...base, runs: 5 });
    expect(outcome.status).toBe('fail');
    expect(outcome.problems.map((problem) => [problem.cause.key, problem.status])).toEqual([
      ['no-orphans/left-running', 'confirmed'],
    ]);
  });
});

describe('every distinct problem', () => {
  test('two causes in different runs: two problems, each with its own counterexample and path; app before platform', async () => {
    const executor = new ScriptedExecutor((schedule) => {
      const runs = runOf(schedule);
      if (runs.includes(1)) return record(schedule, 'fail', [cause('rr/handed-to-dead-worker', 'platform')]);
      if (runs.includes(4)) return record(schedule, 'fail', [cause('app/dropped-by-holder')]);
      return record(schedule, 'pass');
    });
    const outcome = await runCampaign(executor, { ...base, runs: 20, reuse: false });
    expect(outcome.problems.map((problem) => [problem.cause.key, problem.path, problem.cause.origin])).toEqual([
      ['app/dropped-by-holder', '4', 'app'],
      ['rr/handed-to-dead-worker', '1', 'platform'],
    ]);
  });

  test("the same key from the app and from the platform: two problems (a hand-off of the app is not node:cluster's)", async () => {
    const executor = new ScriptedExecutor((schedule) => {
      const runs = runOf(schedule);
      if (runs.includes(2))
        return record(schedule, 'fail', [cause('every-connection-answered/handed-to-dead-worker', 'platform')]);
      if (runs.includes(3))
        return record(schedule, 'fail', [cause('every-connection-answered/handed-to-dead-worker', 'app')]);
      return record(schedule, 'pass');
    });
    const outcome = await runCampaign(executor, { ...base, runs: 6, reuse: false });
    expect(outcome.problems.map((problem) => [problem.cause.origin, problem.path])).toEqual([
      ['app', '3'],
      ['platform', '2'],
    ]);
  });

  test('a cause seen again is counted, not shrunk again; the campaign ends once runsAfterFailure runs found nothing new', async () => {
    const executor = new ScriptedExecutor((schedule) => record(schedule, 'fail', [cause('master/dies')]));
    const outcome = await runCampaign(executor, { ...base, runs: 100, reuse: false, runsAfterFailure: 5 });
    expect(outcome.runs).toBe(6);
    expect(outcome.endedEarly).toBe('after-failure');
    expect(outcome.problems).toHaveLength(1);
    expect(outcome.problems[0]!.seenInRuns).toBe(6);
  });

  test('a shrinking candidate that fails with another cause: not accepted for this problem, and a problem of its own', async () => {
    const executor = new ScriptedExecutor((schedule) => {
      const runs = runOf(schedule);
      if (runs.length === 0) return record(schedule, 'fail', [cause('other/cause')]);
      return record(schedule, runs.includes(3) ? 'fail' : 'pass', [cause('main/cause')]);
    });
    const outcome = await runCampaign(executor, { ...base, runs: 4, reuse: false, runsAfterFailure: 0 });
    const keys = outcome.problems.map((problem) => problem.cause.key);
    expect(keys).toEqual(['main/cause', 'other/cause']);
    const main = outcome.problems[0]!;
    expect(runOf(main.counterexample)).toEqual([3]);
    expect(main.path).toBe('3');
    const other = outcome.problems[1]!;
    expect(other).toMatchObject({ path: '3:d0', seenInRuns: 0, status: 'confirmed' });
    expect(other.counterexample).toEqual([]);
  });

  test('one shrink per failing run: its other causes follow the lead where its last run still shows them', async () => {
    // Run 3 fails two ways at once: 'lead' shows as long as run 3's step is there, 'follows' too; 'apart' needs run 2's.
    const executor = new ScriptedExecutor((schedule) => {
      const runs = runOf(schedule);
      const causes = [
        ...(runs.includes(3) ? [cause('a/lead'), cause('b/follows')] : []),
        ...(runs.includes(3) && runs.includes(2) ? [cause('c/apart')] : []),
      ];
      return record(schedule, causes.length > 0 ? 'fail' : 'pass', causes);
    });
    const outcome = await runCampaign(executor, {
      ...base,
      runs: 4,
      reuse: false,
      runsAfterFailure: 0,
      schedules: {
        ...schedules,
        at: (index) =>
          index === 3
            ? [
                { type: 'pause', ms: 12 },
                { type: 'pause', ms: 13 },
              ]
            : [{ type: 'pause', ms: index + 10 }],
      },
    });
    const byKey = new Map(outcome.problems.map((problem) => [problem.cause.key, problem]));
    expect([...byKey.keys()]).toEqual(['a/lead', 'b/follows', 'c/apart']);
    expect(runOf(byKey.get('a/lead')!.counterexample)).toEqual([3]);
    expect(byKey.get('b/follows')).toMatchObject({
      path: byKey.get('a/lead')!.path,
      shrinks: byKey.get('a/lead')!.shrinks,
    });
    expect(runOf(byKey.get('c/apart')!.counterexample)).toEqual([2, 3]);
    expect(byKey.get('c/apart')).toMatchObject({ path: '3', shrinks: 0 });
    // The shrinking runs: one series, for the lead only (no step; without run 3's pause; without run 2's, kept; then
    // no step and the pause's two simplifications), none for c/apart.
    const shrinkingRuns = executor.calls.filter((call) => call.where === 'fresh').length - 4;
    expect(shrinkingRuns).toBe(5);
  });

  test('shrinking stops at its budget, keeping the smallest failing schedule found', async () => {
    let clock = 0;
    const executor = new ScriptedExecutor((schedule) => {
      clock += 1000;
      return record(schedule, runOf(schedule).includes(2) ? 'fail' : 'pass', [cause('a/b')]);
    });
    const outcome = await runCampaign(executor, {
      ...base,
      runs: 3,
      reuse: false,
      runsAfterFailure: 0,
      shrinkBudgetMs: 1500,
      now: () => clock,
      schedules: {
        ...schedules,
        at: (index) => [
          { type: 'pause', ms: 200 },
          { type: 'pause', ms: index + 10 },
          { type: 'pause', ms: 300 },
        ],
      },
    });
    const [problem] = outcome.problems;
    expect(problem!.shrinkBudgetExhausted).toBe(true);
    expect(runOf(problem!.counterexample)).toContain(2);
    expect(problem!.outputTail).toBe(`output of ${JSON.stringify(problem!.counterexample)}`);
  });
  test("the shrink budget is the campaign's: a problem found once it is spent keeps its failing run's schedule", async () => {
    let clock = 0;
    // Run 1 fails with a/first, run 2 with b/second; every schedule has three steps to shrink.
    const executor = new ScriptedExecutor((schedule) => {
      clock += 1000;
      const runs = runOf(schedule);
      if (runs.includes(1)) return record(schedule, 'fail', [cause('a/first')]);
      if (runs.includes(2)) return record(schedule, 'fail', [cause('b/second')]);
      return record(schedule, 'pass');
    });
    const outcome = await runCampaign(executor, {
      ...base,
      runs: 3,
      reuse: false,
      shrinkBudgetMs: 2500,
      now: () => clock,
      schedules: {
        ...schedules,
        at: (index) => [
          { type: 'pause', ms: 200 },
          { type: 'pause', ms: index + 10 },
          { type: 'pause', ms: 300 },
        ],
      },
    });
    const byKey = new Map(outcome.problems.map((problem) => [problem.cause.key, problem]));
    expect([...byKey.keys()]).toEqual(['a/first', 'b/second']);
    // a/first took the whole budget (three candidate runs of 1 s; the third began past nothing left); b/second none.
    expect(byKey.get('a/first')!.shrinkBudgetExhausted).toBe(true);
    expect(byKey.get('b/second')).toMatchObject({ shrinks: 0, shrinkBudgetExhausted: true, path: '2' });
    expect(byKey.get('b/second')!.counterexample).toEqual(byKey.get('b/second')!.originalCounterexample);
    const freshRuns = executor.calls.filter((call) => call.where === 'fresh').length;
    // 3 campaign runs (fresh: reuse off), 3 shrinking runs for a/first, none for b/second.
    expect(freshRuns).toBe(6);
  });
});

describe('a time limit (timeLimitMs)', () => {
  test('no run starts after it, the first always plays, and the outcome says why it ended', async () => {
    let clock = 0;
    const executor = new ScriptedExecutor((schedule) => {
      clock += 1000;
      return record(schedule, 'pass');
    });
    const outcome = await runCampaign(executor, { ...base, runs: 100, timeLimitMs: 3500, now: () => clock });
    // Runs start at 0, 1000, 2000 and 3000 ms; the one that would start at 4000 ms does not.
    expect(outcome).toMatchObject({ status: 'pass', runs: 4, endedEarly: 'time-limit' });
    const once = await runCampaign(
      new ScriptedExecutor((schedule) => {
        clock += 1000;
        return record(schedule, 'pass');
      }),
      {
        ...base,
        runs: 100,
        timeLimitMs: 1,
        now: () => clock,
      },
    );
    expect(once).toMatchObject({ runs: 1, endedEarly: 'time-limit' });
  });

  test('shrinking stops at it too: the failure is reported with the smallest schedule found by then', async () => {
    let clock = 0;
    const executor = new ScriptedExecutor((schedule) => {
      clock += 1000;
      return record(schedule, runOf(schedule).includes(1) ? 'fail' : 'pass', [cause('a/b')]);
    });
    const outcome = await runCampaign(executor, {
      ...base,
      runs: 100,
      reuse: false,
      timeLimitMs: 2500,
      now: () => clock,
      schedules: {
        ...schedules,
        at: (index) => [
          { type: 'pause', ms: 200 },
          { type: 'pause', ms: index + 10 },
          { type: 'pause', ms: 300 },
        ],
      },
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.problems[0]).toMatchObject({ shrinkBudgetExhausted: true });
    expect(outcome.endedEarly).toBe('time-limit');
    // Run 0 (0-1000), run 1 fails (1000-2000), one shrinking candidate (2000-3000), then nothing more.
    expect(executor.calls).toHaveLength(3);
  });
});

describe('replayPath', () => {
  test('a race: fails on the third fresh cluster; the problem and its evidence come from that run', async () => {
    let attempt = 0;
    const executor = new ScriptedExecutor((schedule) =>
      record(schedule, ++attempt === 3 ? 'fail' : 'pass', [cause('race/x')]),
    );
    const outcome = await replayPath(executor, [{ type: 'pause', ms: 17 }], '7', 5);
    expect(outcome).toMatchObject({ status: 'fail', replayAttempts: 3 });
    expect(outcome.problems[0]).toMatchObject({ path: '7', cause: { key: 'race/x' } });
  });

  test('held on every attempt: a pass that says how many attempts', async () => {
    const executor = new ScriptedExecutor((schedule) => record(schedule, 'pass'));
    const outcome = await replayPath(executor, [], '0', 5);
    expect(outcome).toMatchObject({ status: 'pass', replayAttempts: 5, problems: [] });
  });
});
