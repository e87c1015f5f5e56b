// Replays one path (a counterexample printed with its seed) on fresh clusters until it fails: `--seed S --path P`.

import type { FaultKind } from '../history/events.js';
import { describeHarnessFailure, summarize } from './_internals/campaign-execution.js';
import { totalsOf, type CampaignOutcome } from './_internals/campaign-outcome.js';
import { failureCauses } from './_internals/problem-book.js';
import type { CampaignProgress } from './campaign-progress.js';
import type { ScheduleSource } from './campaign-schedules.js';
import type { CampaignStatus, HarnessFailure, Problem } from './resilience-result.js';
import type { RunExecutor, RunRecord } from './run-executor.js';
import type { Schedule } from './schedule.js';
import { applyToken, type ShrinkToken } from './shrink-schedule.js';

/**
 * Replays one path: the schedule it names (runs joined, shrink tokens applied) on up to `attempts` fresh clusters,
 * until it fails. A problem per cause of the failing run; none when it held every time.
 */
export async function replayPath(
  executor: Pick<RunExecutor, 'fresh'>,
  schedule: Schedule,
  path: string,
  attempts: number,
  onProgress?: (progress: CampaignProgress) => void,
): Promise<CampaignOutcome & { replayAttempts: number; record?: RunRecord }> {
  let record: RunRecord | undefined;
  let made = 0;
  let harnessFailure: HarnessFailure | undefined;
  while (made < attempts) {
    try {
      record = await executor.fresh(schedule);
    } catch (error) {
      harnessFailure = describeHarnessFailure(error, 'replaying', undefined);
      break;
    }
    made++;
    const problems = record.status === 'fail' ? failureCauses(record).length : 0;
    onProgress?.({ phase: 'replaying', run: made, runs: attempts, totalRuns: made, status: record.status, problems });
    if (record.status === 'fail') break;
  }
  const failed = record?.status === 'fail' ? record : undefined;
  const problems: Problem[] = failed
    ? failureCauses(failed).map((cause) => ({
        cause,
        status: 'confirmed',
        seenInRuns: 1,
        counterexample: schedule,
        originalCounterexample: schedule,
        path,
        shrinks: 0,
        shrinkBudgetExhausted: false,
        verdicts: failed.verdicts,
        events: failed.events,
        outputTail: failed.outputTail,
      }))
    : [];
  // The last attempt decides (a replay is not a campaign): an unknown one before a pass does not count.
  const status: CampaignStatus = failed
    ? 'fail'
    : harnessFailure
      ? 'error'
      : record?.status === 'unknown'
        ? 'unknown'
        : 'pass';
  return {
    status,
    runs: made,
    totalRuns: made,
    problems,
    unknownRuns: record?.status === 'unknown' ? [summarize(0, record)] : [],
    totals: totalsOf(record ? [record] : []),
    // A replay is not a campaign: no run rows.
    runLog: [],
    ...(harnessFailure ? { harnessFailure } : {}),
    ...(record ? { representative: record, record } : {}),
    replayAttempts: made,
  };
}

/** Applies a path's tokens to the schedule of its runs. */
export function scheduleOfPath(
  schedules: ScheduleSource,
  first: number,
  last: number,
  tokens: readonly ShrinkToken[],
  simplestKind: FaultKind,
): Schedule {
  let schedule = first === last ? schedules.at(first) : schedules.concatenation(first, last);
  for (const token of tokens) schedule = applyToken(schedule, token, { simplestKind });
  return schedule;
}
