// Confirms a failure seen on a reused cluster by replays on fresh clusters, or keeps it as a problem not reproduced.

import type { RunRecord } from '../run-executor.js';
import type { FollowUp } from './campaign-execution.js';
import { failureCauses, problemId } from './problem-book.js';

/**
 * A failure on a reused cluster that played runs `played`: its new causes are replayed on fresh clusters (the
 * policy's confirmations, until each was reproduced). A cause reproduced is a confirmed problem (queued for
 * shrinking); one never reproduced is still a problem, `not-reproduced`, with the evidence of the run that showed it:
 * no failure is dropped. Returns the ids of the problems it made.
 */
export async function confirmReusedFailure(
  played: readonly number[],
  record: RunRecord,
  followUp: FollowUp,
): Promise<string[]> {
  const { execution, policy } = followUp;
  const { problems } = execution;
  const unconfirmed = new Map(problems.newCauses(record).map((cause) => [problemId(cause), cause]));
  if (unconfirmed.size === 0) return [];
  execution.phase = 'confirming';
  const { everything, replays } = policy.confirmations(played);
  const found: string[] = [];
  let made = 0;
  for (const replay of replays) {
    if (unconfirmed.size === 0) break;
    const replayed = await followUp.fresh(replay.schedule);
    if (!replayed) break;
    made++;
    if (replayed.status !== 'fail') continue;
    for (const cause of failureCauses(replayed)) unconfirmed.delete(problemId(cause));
    const base = { first: replay.first, last: replay.last, tokens: [] };
    found.push(...problems.noteFreshFailure(replayed, base, replay.schedule, true));
  }
  for (const cause of unconfirmed.values()) {
    const base = { first: everything.first, last: everything.last, tokens: [] };
    problems.announce(problems.add(cause, base, everything.schedule, record, 'not-reproduced', made));
    found.push(problemId(cause));
  }
  execution.phase = 'running';
  return found;
}
