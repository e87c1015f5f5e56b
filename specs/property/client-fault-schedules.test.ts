// Client faults in schedules: drawn only when asked for, valid for the load layer, printed, and shrunk away.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { clientFaultKinds, resolveClientFaults } from '../../src/load/client-faults.js';
import { burstStepArbitrary, scheduleArbitrary } from '../../src/property/arbitraries.js';
import { clientFaultSizes } from '../../src/property/client-faults-arbitrary.js';
import { type BurstStep, formatStep } from '../../src/property/schedule.js';
import { stepSimplifications } from '../../src/property/shrink-schedule.js';

const every = clientFaultKinds;

describe('client faults in schedules', () => {
  test('off unless asked for: a seed draws the same schedules as before, with no client fault', () => {
    const before = fc.sample(scheduleArbitrary(), { seed: 7, numRuns: 30 });
    expect(fc.sample(scheduleArbitrary({ clientFaults: [] }), { seed: 7, numRuns: 30 })).toEqual(before);
    expect(before.flat().some((step) => step.type === 'burst' && step.clientFaults)).toBe(false);
  });

  test('drawn bursts carry client faults the load layer accepts (an HTTP request to cut), at most half the burst', () => {
    let faulted = 0;
    fc.assert(
      fc.property(burstStepArbitrary({ clientFaults: every, maxBurst: 12 }), (step) => {
        if (!step.clientFaults) return;
        faulted++;
        expect(step.clientFaults.count).toBeGreaterThanOrEqual(1);
        expect(step.clientFaults.count).toBeLessThanOrEqual(Math.ceil(step.count / 2));
        // A GET of about 60 bytes: stall cuts it, slow-drip drips it.
        const plan = resolveClientFaults(step.clientFaults, step.count, 60, 'spec');
        expect(plan.filter(Boolean)).toHaveLength(step.clientFaults.count);
        for (const fault of step.clientFaults.kinds) {
          if (fault.kind === 'slow-drip')
            expect(fault.intervalMs).toBeLessThanOrEqual(clientFaultSizes.maxDripIntervalMs);
          if (fault.kind === 'oversized') expect(fault.bytes).toBeLessThanOrEqual(clientFaultSizes.maxOversizedBytes);
        }
      }),
      { seed: 3, numRuns: 200 },
    );
    expect(faulted).toBeGreaterThan(20);
  });

  test('only the kinds asked for, and a failing burst shrinks toward one reset', () => {
    const drawn = fc.sample(burstStepArbitrary({ clientFaults: ['connect-then-silence'] }), { seed: 5, numRuns: 50 });
    for (const step of drawn)
      for (const fault of step.clientFaults?.kinds ?? []) expect(fault.kind).toBe('connect-then-silence');
    const failing = (step: BurstStep) => step.clientFaults !== undefined;
    const result = fc.check(
      fc.property(burstStepArbitrary({ clientFaults: every }), (step) => !failing(step)),
      {
        seed: 11,
      },
    );
    expect(result.failed).toBe(true);
    expect(result.counterexample?.[0]).toEqual({
      type: 'burst',
      count: 1,
      concurrency: 1,
      clientFaults: { count: 1, kinds: [{ kind: 'reset' }] },
    });
  });

  test('formatStep names them', () => {
    const step: BurstStep = {
      type: 'burst',
      count: 10,
      concurrency: 2,
      clientFaults: { count: 2, kinds: [{ kind: 'stall' }, { kind: 'slow-drip', intervalMs: 40 }] },
    };
    expect(formatStep(step)).toBe(
      'burst 10 connections (2 at once), 2 misbehaving clients (stall, slow-drip every 40 ms)',
    );
  });

  test('the shrinker drops them, then makes them fewer and plainer, after the variants a plain burst always had', () => {
    const plain: BurstStep = { type: 'burst', count: 6, concurrency: 2 };
    const step: BurstStep = {
      ...plain,
      clientFaults: { count: 3, kinds: [{ kind: 'oversized', bytes: 70_000 }, { kind: 'reset' }] },
    };
    const plainVariants = stepSimplifications(plain);
    const variants = stepSimplifications(step);
    expect(variants.slice(plainVariants.length)).toEqual([
      plain,
      { ...step, clientFaults: { count: 1, kinds: step.clientFaults!.kinds } },
      { ...step, clientFaults: { count: 3, kinds: [{ kind: 'oversized', bytes: 70_000 }] } },
      { ...step, clientFaults: { count: 3, kinds: [{ kind: 'reset' }] } },
      { ...step, clientFaults: { count: 3, kinds: [{ kind: 'reset' }] } },
    ]);
    // Kinds no faulted connection uses go first; then each kind alone, so a silent client shrinks to itself.
    const many: BurstStep = {
      ...plain,
      clientFaults: { count: 2, kinds: [{ kind: 'reset' }, { kind: 'connect-then-silence' }, { kind: 'half-close' }] },
    };
    expect(stepSimplifications(many).slice(plainVariants.length + 1, plainVariants.length + 4)).toEqual([
      { ...many, clientFaults: { count: 2, kinds: [{ kind: 'reset' }, { kind: 'connect-then-silence' }] } },
      { ...many, clientFaults: { count: 1, kinds: many.clientFaults!.kinds } },
      { ...many, clientFaults: { count: 2, kinds: [{ kind: 'reset' }] } },
    ]);
    expect(stepSimplifications(many)).toContainEqual({
      ...many,
      clientFaults: { count: 2, kinds: [{ kind: 'connect-then-silence' }] },
    });
    // Resizing the burst keeps its client faults within it.
    expect(variants[0]).toEqual({
      ...plain,
      count: 1,
      concurrency: 1,
      clientFaults: { ...step.clientFaults!, count: 1 },
    });
  });
});
