// The one place a ResilienceResult is built: from a campaign's (or a replay's) outcome and how the check was asked.

import type { ResilienceResult } from '../resilience-result.js';
import type { CampaignOutcome } from './campaign-outcome.js';

/** How the check was asked and how long it took: what the result says beside the outcome. */
export interface CheckFacts {
  seed: number;
  seedFrom: ResilienceResult['seedFrom'];
  durationMs: number;
  /** The runs asked for: a campaign's `runs`; a replay's attempts made (it asked for those). */
  runsAsked: number;
}

/**
 * The result of a check, as fast-check's `RunExecution.toRunDetails` is of a property's: the outcome's verdict,
 * problems, runs and totals, and, on top, the first problem's path, counterexample and evidence (or, when nothing
 * failed, the representative run's evidence).
 */
export function buildResilienceResult(
  outcome: CampaignOutcome & { replayAttempts?: number },
  { seed, seedFrom, durationMs, runsAsked }: CheckFacts,
): ResilienceResult {
  const first = outcome.problems[0];
  const shown = first ?? outcome.representative;
  return {
    status: outcome.status,
    runs: outcome.runs,
    totalRuns: outcome.totalRuns,
    seed,
    seedFrom,
    problems: outcome.problems,
    unknownRuns: outcome.unknownRuns,
    totals: outcome.totals,
    runLog: outcome.runLog,
    runsAsked,
    ...(outcome.endedEarly ? { endedEarly: outcome.endedEarly } : {}),
    ...(first === undefined && outcome.representativeRun !== undefined
      ? { representativeRun: outcome.representativeRun }
      : {}),
    ...(outcome.harnessFailure ? { harnessFailure: outcome.harnessFailure } : {}),
    ...(outcome.replayAttempts === undefined ? {} : { replayAttempts: outcome.replayAttempts }),
    durationMs,
    ...(first
      ? { path: first.path, counterexample: first.counterexample, originalCounterexample: first.originalCounterexample }
      : {}),
    shrinks: first?.shrinks ?? 0,
    shrinkBudgetExhausted: first?.shrinkBudgetExhausted ?? false,
    verdicts: shown?.verdicts ?? [],
    events: shown?.events ?? [],
    outputTail: shown?.outputTail ?? '',
  };
}
