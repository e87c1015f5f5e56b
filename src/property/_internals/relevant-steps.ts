// Which steps of a failing run its failing verdicts point at: the steps shrinking tries to keep.

import type { HistoryEvent } from '../../history/events.js';
import type { Verdict } from '../../invariants/verdict.js';
import type { StepRecord } from '../run-schedule.js';

/** The steps whose bursts, faults or reloads appear in the failing verdicts' evidence. */
export function relevantSteps(
  steps: readonly StepRecord[],
  events: readonly HistoryEvent[],
  verdicts: readonly Verdict[],
): Set<number> {
  const stepOfBurst = new Map<number, number>();
  const stepOfFault = new Map<number, number>();
  steps.forEach((step, index) => {
    for (const burst of step.bursts) stepOfBurst.set(burst, index);
    for (const fault of step.faults) stepOfFault.set(fault, index);
  });
  const burstOfConnection = new Map<number, number>();
  for (const event of events) {
    if (event.type !== 'connection-open' || event.burst === undefined) continue;
    burstOfConnection.set(event.connection, event.burst);
  }
  const relevant = new Set<number>();
  const add = (index: number | undefined) => index !== undefined && relevant.add(index);
  for (const verdict of verdicts) {
    if (verdict.status !== 'fail') continue;
    for (const event of verdict.evidence) {
      if ('fault' in event && typeof event.fault === 'number') add(stepOfFault.get(event.fault));
      if ('connection' in event) {
        const burst = burstOfConnection.get(event.connection);
        if (burst !== undefined) add(stepOfBurst.get(burst));
      }
      if (event.type === 'reload') add(steps.findIndex((step) => step.startedAt <= event.t && event.t <= step.endedAt));
    }
  }
  // A reload outside every step (findIndex: -1) points at none.
  relevant.delete(-1);
  return relevant;
}
