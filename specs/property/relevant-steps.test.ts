// The steps a failing run's verdicts point at (a shrinking hint), from hand-built steps, events and verdicts.

import { expect, test } from 'vitest';
import type { ConnectionCloseEvent, FaultLandedEvent, HistoryEvent, ReloadEvent } from '../../src/history/events.js';
import type { Verdict } from '../../src/invariants/verdict.js';
import { relevantSteps } from '../../src/property/_internals/relevant-steps.js';
import type { StepRecord } from '../../src/property/run-schedule.js';

const steps: StepRecord[] = [
  { startedAt: 0, endedAt: 10, bursts: [1], faults: [] },
  { startedAt: 10, endedAt: 20, bursts: [], faults: [7] },
  { startedAt: 20, endedAt: 30, bursts: [2], faults: [] },
  { startedAt: 30, endedAt: 40, bursts: [], faults: [] },
];

const opened: HistoryEvent[] = [
  { type: 'connection-open', t: 21, connection: 5, burst: 2, protocol: 'tcp' },
  { type: 'connection-open', t: 1, connection: 6, burst: 1, protocol: 'tcp' },
  { type: 'connection-open', t: 2, connection: 8, protocol: 'tcp' },
];

const lost = (connection: number, t: number): ConnectionCloseEvent => ({
  type: 'connection-close',
  t,
  connection,
  outcome: 'reset',
  latencyMs: 1,
});
const landed = (fault: number, t: number): FaultLandedEvent => ({
  type: 'fault-landed',
  t,
  fault,
  kind: 'SIGKILL',
  pid: 100,
  role: 'worker',
});
const reload = (t: number): ReloadEvent => ({ type: 'reload', t, phase: 'failed', how: 'SIGHUP' });

function verdict(status: Verdict['status'], evidence: HistoryEvent[]): Verdict {
  return { invariant: 'every-connection-answered', status, message: status, evidence };
}

test("a lost connection points at its burst's step, a fault at its step, a reload at the step it fell in", () => {
  const failing = verdict('fail', [lost(5, 25), landed(7, 12), reload(35)]);
  // A passing verdict's evidence points at nothing.
  const passing = verdict('pass', [lost(6, 2)]);
  expect([...relevantSteps(steps, opened, [failing, passing])].sort()).toEqual([1, 2, 3]);
});

test('a reload outside every step, a connection of no burst or never opened, points at none', () => {
  const failing = verdict('fail', [reload(99), lost(8, 3), lost(42, 3)]);
  expect(relevantSteps(steps, opened, [failing]).size).toBe(0);
});
