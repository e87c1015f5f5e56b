// No run is silently dropped between the runs played and the verdict: every run counted, logged, totalled, judged.

import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { RunFigures } from '../../src/invariants/run-figures.js';
import type { FailureCause, Verdict, VerdictStatus } from '../../src/invariants/verdict.js';
import { buildResilienceResult } from '../../src/property/_internals/build-resilience-result.js';
import type { CampaignProgress } from '../../src/property/campaign-progress.js';
import type { ScheduleSource } from '../../src/property/campaign-schedules.js';
import { runCampaign } from '../../src/property/campaign.js';
import type { RunExecutor, RunRecord } from '../../src/property/run-executor.js';
import { concatenateSchedules, type Schedule } from '../../src/property/schedule.js';

/**
 * What run `i` does when played: its status, its causes when it fails, whether only a reused cluster shows them, and
 * whether the executor throws when it is played (the environment failed).
 */
interface Behaviour {
  status: VerdictStatus;
  causes: ('a' | 'b' | 'p')[];
  onlyReused: boolean;
  throws: boolean;
}

const figures: RunFigures = {
  connections: { judged: 1, answered: 1, lost: 0, excused: {} },
  faultsLanded: {},
  restoreMs: [],
  reloads: { started: 0, completed: 0 },
};

const causeOf = (key: 'a' | 'b' | 'p'): FailureCause => ({
  key,
  origin: key === 'p' ? 'platform' : 'app',
  summary: key,
  fix: key,
  count: 1,
});

/** Run i plays one pause of i + 10 ms; a settle joins runs. A schedule says which runs it stands for. */
const runsOf = (schedule: Schedule): number[] =>
  schedule.flatMap((step) => (step.type === 'pause' ? [step.ms - 10] : []));

function recordOf(schedule: Schedule, behaviours: readonly Behaviour[], where: 'fresh' | 'reused'): RunRecord {
  const shown = runsOf(schedule)
    .map((index) => behaviours[index])
    .filter((behaviour): behaviour is Behaviour => behaviour !== undefined);
  if (shown.some((behaviour) => behaviour.throws)) throw new Error('the environment failed');
  const failing = shown.filter(
    (behaviour) => behaviour.status === 'fail' && (where === 'reused' || !behaviour.onlyReused),
  );
  const keys = [...new Set(failing.flatMap((behaviour) => behaviour.causes))];
  const status: VerdictStatus =
    keys.length > 0 ? 'fail' : shown.some((behaviour) => behaviour.status === 'unknown') ? 'unknown' : 'pass';
  const verdicts: Verdict[] =
    status === 'fail'
      ? keys.map((key) => ({
          invariant: 'every-connection-answered',
          status: 'fail',
          message: key,
          evidence: [],
          causes: [causeOf(key)],
        }))
      : [{ invariant: 'every-connection-answered', status, message: status, evidence: [] }];
  return { schedule, status, verdicts, events: [], outputTail: '', figures };
}

class ScriptedExecutor implements RunExecutor {
  made = 0;
  #reusedRuns = 0;
  constructor(readonly behaviours: readonly Behaviour[]) {}
  async fresh(schedule: Schedule): Promise<RunRecord> {
    const record = recordOf(schedule, this.behaviours, 'fresh');
    this.made++;
    return record;
  }
  async reused(schedule: Schedule): Promise<{ record: RunRecord; newCluster: boolean }> {
    const record = recordOf(schedule, this.behaviours, 'reused');
    this.made++;
    return { record, newCluster: this.#reusedRuns++ === 0 };
  }
  async discardReused(): Promise<void> {
    this.#reusedRuns = 0;
  }
  async finishReused(): Promise<RunRecord | undefined> {
    this.#reusedRuns = 0;
    return undefined;
  }
}

const behaviourArbitrary: fc.Arbitrary<Omit<Behaviour, 'throws'>> = fc.record({
  status: fc.constantFrom<VerdictStatus>('pass', 'pass', 'unknown', 'fail'),
  causes: fc.uniqueArray(fc.constantFrom<'a' | 'b' | 'p'>('a', 'b', 'p'), { minLength: 1, maxLength: 3 }),
  onlyReused: fc.boolean(),
});

test('every run played is counted and reported; every campaign run is logged, totalled and judged', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(behaviourArbitrary, { minLength: 1, maxLength: 25 }),
      fc.record({
        reuse: fc.boolean(),
        maxRunsPerCluster: fc.integer({ min: 1, max: 5 }),
        confirmAttempts: fc.integer({ min: 1, max: 3 }),
        runsAfterFailure: fc.integer({ min: 0, max: 5 }),
        smallestCount: fc.integer({ min: 0, max: 3 }),
        throwAt: fc.option(fc.nat({ max: 30 }), { freq: 4 }),
      }),
      async (generated, policy) => {
        const behaviours = generated.map((behaviour, index) => ({ ...behaviour, throws: index === policy.throwAt }));
        const schedules: ScheduleSource = {
          smallestCount: policy.smallestCount,
          at: (index) => [{ type: 'pause', ms: index + 10 }],
          concatenation(first, last) {
            const runs: Schedule[] = [];
            for (let index = first; index <= last; index++) runs.push(this.at(index));
            return concatenateSchedules(runs);
          },
        };
        const executor = new ScriptedExecutor(behaviours);
        const progress: CampaignProgress[] = [];
        const outcome = await runCampaign(executor, {
          schedules,
          runs: behaviours.length,
          reuse: policy.reuse,
          maxRunsPerCluster: policy.maxRunsPerCluster,
          confirmAttempts: policy.confirmAttempts,
          runsAfterFailure: policy.runsAfterFailure,
          shrinkBudgetMs: 30_000,
          simplestKind: 'SIGKILL',
          onProgress: (report) => progress.push(report),
        });

        // Every run made (campaign, confirmation, shrinking) is counted, and reported once.
        expect(outcome.totalRuns).toBe(executor.made);
        expect(progress).toHaveLength(executor.made);
        expect(progress.map((report) => report.totalRuns)).toEqual(progress.map((_, index) => index + 1));

        // Every campaign run is in the log, in order, in the totals, and in `runs`; fewer only with a reason.
        expect(outcome.runLog.map((row) => row.index)).toEqual(outcome.runLog.map((_, index) => index));
        expect(outcome.runs).toBe(outcome.runLog.length);
        const { totals } = outcome;
        expect(totals.runs).toBe(outcome.runs);
        expect(totals.passed + totals.failed + totals.unknown).toBe(outcome.runs);
        if (outcome.runs < behaviours.length) expect(outcome.endedEarly).toBeDefined();
        if (outcome.endedEarly === 'harness') expect(outcome.harnessFailure).toBeDefined();

        // Each row says what its run showed on its cluster.
        for (const row of outcome.runLog) {
          expect(row.status).toBe(recordOf(schedules.at(row.index), behaviours, row.cluster).status);
        }
        const rowsWith = (status: VerdictStatus) => outcome.runLog.filter((row) => row.status === status);
        expect(outcome.unknownRuns.map((run) => run.index)).toEqual(rowsWith('unknown').map((row) => row.index));

        // Every cause of every failing run is a problem, counted once per failing campaign run.
        const problemOf = new Map(outcome.problems.map((problem) => [problem.cause.key, problem]));
        for (const key of ['a', 'b', 'p'] as const) {
          const failingRows = rowsWith('fail').filter((row) =>
            recordOf(schedules.at(row.index), behaviours, row.cluster).verdicts.some((v) => v.causes?.[0]?.key === key),
          );
          if (failingRows.length > 0) expect(problemOf.get(key)?.seenInRuns).toBe(failingRows.length);
        }

        // The verdict follows from the runs; the result carries them all.
        const expected =
          outcome.problems.length > 0
            ? 'fail'
            : outcome.harnessFailure
              ? 'error'
              : rowsWith('unknown').length > 0
                ? 'unknown'
                : 'pass';
        expect(outcome.status).toBe(expected);
        if (rowsWith('fail').length > 0) expect(outcome.status).toBe('fail');
        const facts = { seed: 1, seedFrom: 'options' as const, durationMs: 1, runsAsked: behaviours.length };
        const result = buildResilienceResult(outcome, facts);
        expect(result).toMatchObject({ status: outcome.status, runs: outcome.runs, totalRuns: outcome.totalRuns });
        expect(result.runLog).toEqual(outcome.runLog);
        expect(result.problems).toEqual(outcome.problems);
        expect(result.totals).toEqual(outcome.totals);
      },
    ),
    { numRuns: 200 },
  );
});
