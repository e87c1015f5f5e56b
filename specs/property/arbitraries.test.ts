// The schedule arbitraries: well-formed schedules, reproducible from a seed, shrinking toward the simplest failure.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { faultArbitrary, formatSchedule, scheduleArbitrary, type Schedule } from '../../src/index.js';

describe('scheduleArbitrary', () => {
  test('the same seed gives the same schedules', () => {
    const first = fc.sample(scheduleArbitrary(), { seed: 99, numRuns: 20 });
    const second = fc.sample(scheduleArbitrary(), { seed: 99, numRuns: 20 });
    expect(second).toEqual(first);
    expect(fc.sample(scheduleArbitrary(), { seed: 100, numRuns: 20 })).not.toEqual(first);
  });

  test('schedules are well formed', () => {
    fc.assert(
      fc.property(scheduleArbitrary({ maxSteps: 6, maxBurst: 10 }), (schedule) => {
        expect(schedule.length).toBeLessThanOrEqual(6);
        for (const step of schedule) {
          if (step.type === 'burst') {
            expect(step.count).toBeGreaterThanOrEqual(1);
            expect(step.count).toBeLessThanOrEqual(10);
            expect(step.concurrency).toBeGreaterThanOrEqual(1);
            expect(step.concurrency).toBeLessThanOrEqual(step.count);
            if (step.crash) expect(step.crash.after).toBeLessThan(step.count);
          } else if (step.type === 'crash') {
            // Between bursts nothing is in flight.
            expect(step.fault.inFlight).toBeUndefined();
          } else {
            expect(step.ms).toBeGreaterThanOrEqual(10);
          }
        }
      }),
    );
  });

  test('a fault carries only the parameters of its kind', () => {
    fc.assert(
      fc.property(faultArbitrary(), (fault) => {
        expect(fault.code !== undefined).toBe(fault.kind === 'exit');
        expect(fault.durationMs !== undefined).toBe(fault.kind === 'hang');
        expect(['oldest', 'newest', 'random']).toContain(fault.target);
      }),
    );
  });

  test('shrinks a failure to the simplest schedule: one crash, SIGKILL on the oldest worker', () => {
    const hasCrash = (schedule: Schedule) => schedule.some((step) => step.type === 'crash' || (step.type === 'burst' && step.crash));
    const details = fc.check(fc.property(scheduleArbitrary(), (schedule) => !hasCrash(schedule)), { seed: 5 });
    expect(details.failed).toBe(true);
    const [counterexample] = details.counterexample!;
    expect(counterexample).toHaveLength(1);
    const step = counterexample[0]!;
    const fault = step.type === 'crash' ? step.fault : step.type === 'burst' ? step.crash?.fault : undefined;
    expect(fault).toMatchObject({ kind: 'SIGKILL', target: 'oldest' });
    expect(formatSchedule(counterexample)).toMatch(/^1\. (crash: SIGKILL on the oldest worker|burst 1 connection \(1 at once\), SIGKILL on the oldest worker after 0)$/);
  });

  test('faultKinds constraint: only the kinds given', () => {
    const kinds = new Set(fc.sample(faultArbitrary({ faultKinds: ['exit', 'hang'] }), { seed: 1, numRuns: 50 }).map((fault) => fault.kind));
    expect([...kinds].sort()).toEqual(['exit', 'hang']);
  });
});
