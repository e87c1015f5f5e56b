// A campaign: runs, confirmed failures, a shrunk counterexample per distinct problem; the verdict a user believes.

import type { FaultKind } from '../history/events.js';
import { CampaignExecution, describeHarnessFailure, type FollowUp } from './_internals/campaign-execution.js';
import { campaignOutcome, type CampaignOutcome } from './_internals/campaign-outcome.js';
import { confirmReusedFailure } from './_internals/confirm-failure.js';
import { RunPolicy, type RunPolicyOptions } from './_internals/run-policy.js';
import { shrinkPending } from './_internals/shrink-problem.js';
import type { CampaignProgress } from './campaign-progress.js';
import type { ScheduleSource } from './campaign-schedules.js';
import type { Problem } from './resilience-result.js';
import type { RunExecutor, RunRecord } from './run-executor.js';
import type { Schedule } from './schedule.js';

export interface CampaignOptions extends RunPolicyOptions {
  schedules: ScheduleSource;
  runs: number;
  /** The fault kind faults shrink toward. */
  simplestKind: FaultKind;
  /** The clock budgets are measured on. Default `performance.now`. */
  now?: () => number;
  onProgress?: (progress: CampaignProgress) => void;
  /**
   * Called once per problem as soon as it is final (shrunk, or kept as seen), while the campaign goes on: the verdict
   * is FAIL from the first call on.
   */
  onProblem?: (problem: Problem) => void;
}

/**
 * Plays a campaign and decides its verdict. The rules (docs/campaigns.md; a spec per rule):
 *
 * - Runs `0..runs-1` play `schedules.at(i)`: the smallest schedules and the first run on fresh clusters, the others
 *   on a reused cluster while it is whole (at most `maxRunsPerCluster` runs each).
 * - A failure on a fresh cluster is confirmed by itself. A failure on a reused cluster is replayed on fresh clusters:
 *   its own schedule first, then everything that cluster ran since it started (the schedules joined by settle steps),
 *   up to `confirmAttempts` times. A cause reproduced is a confirmed problem; one never reproduced is still a problem
 *   (`not-reproduced`, with the evidence of the run that showed it): no failure is dropped.
 * - Failures are grouped by cause (`problemId`: key and origin): each new one is a problem. One shrink per failing
 *   run, on fresh clusters, within what is left of the campaign's `shrinkBudgetMs`: the run's first new cause (the
 *   app's before the platform's) is shrunk (a candidate counts only if it fails with it), and the run's other new
 *   causes take its counterexample where its last run still shows them. A cause first seen in a shrinking run keeps
 *   that candidate. A cause seen again only counts. After a failure the campaign goes on, and ends once
 *   `runsAfterFailure` runs in a row found nothing new.
 * - Anything the executor throws is a harness failure (cluster-chaos or the environment), never a counterexample: the
 *   campaign stops there and says so.
 * - Verdict: `fail` with any problem; else `error` with a harness failure; else `unknown` with any run that proved
 *   nothing; else `pass`.
 *
 * The rules are the `RunPolicy`'s; what happened is recorded in a `CampaignExecution`; the outcome is read from it.
 */
export async function runCampaign(executor: RunExecutor, options: CampaignOptions): Promise<CampaignOutcome> {
  const now = options.now ?? (() => performance.now());
  const policy = new RunPolicy(options, options.schedules, now);
  const execution = new CampaignExecution(options);
  const followUp: FollowUp = {
    execution,
    policy,
    simplestKind: options.simplestKind,
    /** Runs on a fresh cluster; a throw is the harness's, recorded, and ends everything. */
    async fresh(schedule: Schedule): Promise<RunRecord | undefined> {
      try {
        const record = await executor.fresh(schedule);
        execution.recordFollowUpRun(record);
        return record;
      } catch (error) {
        execution.recordHarnessFailure(error, execution.phase, execution.currentRun);
        return undefined;
      }
    },
  };

  /** The campaign runs the reused cluster played since it started, in order. */
  let played: number[] = [];
  for (let index = 0; index < options.runs; index++) {
    const ended = policy.endBefore(index, execution.streak);
    if (ended) {
      execution.end(ended);
      break;
    }
    execution.currentRun = index;
    execution.phase = 'running';
    const schedule = options.schedules.at(index);
    const cluster = policy.clusterOf(index);
    let record: RunRecord;
    const runStarted = now();
    try {
      if (cluster === 'fresh') {
        record = await executor.fresh(schedule);
      } else {
        if (policy.isFull(played.length)) {
          await executor.discardReused();
          played = [];
        }
        const run = await executor.reused(schedule);
        if (run.newCluster) played = [];
        played.push(index);
        record = run.record;
      }
    } catch (error) {
      execution.harnessFailure = describeHarnessFailure(error, 'running', index);
      execution.end('harness');
      break;
    }
    execution.recordCampaignRun({ index, record, cluster, durationMs: now() - runStarted });
    if (record.status !== 'fail') {
      execution.recordQuietRun();
      continue;
    }
    let found: string[];
    if (cluster === 'fresh') {
      found = execution.problems.noteFreshFailure(record, { first: index, last: index, tokens: [] }, schedule, true);
    } else {
      await executor.discardReused().catch((error: unknown) => execution.recordHarnessFailure(error, 'running', index));
      found = await confirmReusedFailure(played, record, followUp);
      played = [];
    }
    execution.problems.countSeen(record);
    await shrinkPending(followUp);
    execution.recordFailingRun(found.length);
    if (execution.harnessFailure) {
      execution.end('harness');
      break;
    }
  }

  if (!execution.harnessFailure) {
    // The reused cluster is stopped last: what it leaves running fails the check like any run, confirmed the same way.
    execution.currentRun = played.at(-1);
    try {
      const orphans = await executor.finishReused();
      if (orphans && orphans.status === 'fail' && played.length > 0) {
        await confirmReusedFailure(played, orphans, followUp);
        execution.problems.countSeen(orphans);
        await shrinkPending(followUp);
      }
    } catch (error) {
      execution.harnessFailure = describeHarnessFailure(error, 'running', execution.currentRun);
    }
  } else {
    await executor.finishReused().catch(() => undefined);
  }
  return campaignOutcome(execution);
}
