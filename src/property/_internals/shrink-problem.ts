// Shrinks one problem on fresh clusters, within what is left of the campaign's shrink budget and time limit.

import type { RunRecord } from '../run-executor.js';
import { formatPath, shrinkCandidates } from '../shrink-schedule.js';
import type { FollowUp } from './campaign-execution.js';
import { adoptRun, failureCauses, problemId, type ProblemState } from './problem-book.js';

/**
 * Shrinks the problems queued for it, in the order found, then announces each with the run's companions. Nothing is
 * shrunk once the harness has failed: the problems are announced as they are.
 */
export async function shrinkPending(followUp: FollowUp): Promise<void> {
  const { problems } = followUp.execution;
  for (let problem = problems.takePending(); problem !== undefined; problem = problems.takePending()) {
    if (!followUp.execution.harnessFailure) await shrinkProblem(problem, followUp);
    problems.announce(problem);
    for (const companion of problem.companions) problems.announce(companion);
  }
}

/**
 * Tries the candidates of the current counterexample on fresh clusters and keeps the first that still fails with the
 * problem's cause, until none does or the time is up (`shrinkBudgetExhausted`: the smallest failing schedule found
 * so far is the counterexample). A candidate that fails with a new cause makes a problem of its own. The run's other
 * causes (companions) follow the shrink where its last run still shows them.
 */
export async function shrinkProblem(problem: ProblemState, followUp: FollowUp): Promise<void> {
  const { execution, policy } = followUp;
  const previousPhase = execution.phase;
  execution.phase = 'shrinking';
  const { began, deadline } = policy.startShrinking();
  let current = problem.counterexample;
  let record: RunRecord = problem.record;
  shrinking: for (;;) {
    const candidates = shrinkCandidates(current, {
      simplestKind: followUp.simplestKind,
      ...(record.relevantSteps ? { relevantSteps: record.relevantSteps } : {}),
    });
    for (const candidate of candidates) {
      if (policy.now() >= deadline) {
        problem.shrinkBudgetExhausted = true;
        break shrinking;
      }
      const tried = await followUp.fresh(candidate.schedule);
      if (!tried) break shrinking;
      if (tried.status !== 'fail') continue;
      const tokens = [...problem.tokens, candidate.token];
      // A shrinking run is a fresh run: a cause it shows for the first time is a problem of its own.
      const base = { first: problem.first, last: problem.last, tokens };
      execution.problems.noteFreshFailure(tried, base, candidate.schedule, false);
      if (!failureCauses(tried).some((cause) => problemId(cause) === problemId(problem.cause))) continue;
      current = candidate.schedule;
      record = tried;
      problem.tokens = tokens;
      problem.shrinks++;
      continue shrinking;
    }
    break;
  }
  problem.counterexample = current;
  problem.path = formatPath(problem.first, problem.last, problem.tokens);
  adoptRun(problem, record);
  // The run's other causes follow the shrink where its final run still shows them.
  const shown = new Set(failureCauses(record).map(problemId));
  for (const companion of problem.companions) {
    if (!shown.has(problemId(companion.cause))) continue;
    companion.counterexample = current;
    companion.tokens = [...problem.tokens];
    companion.path = problem.path;
    companion.shrinks = problem.shrinks;
    companion.shrinkBudgetExhausted = problem.shrinkBudgetExhausted;
    adoptRun(companion, record);
  }
  policy.endShrinking(began);
  execution.phase = previousPhase;
}
