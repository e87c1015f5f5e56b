// Shrinking schedules: cheapest candidates first, every candidate simpler, and a path that replays a shrink exactly.

import { clientFaultKinds } from '../../src/load/client-faults.js';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { scheduleArbitrary } from '../../src/property/arbitraries.js';
import type { Schedule, Step } from '../../src/property/schedule.js';
import {
  applyToken,
  formatPath,
  formatToken,
  parsePath,
  PathError,
  shrinkCandidates,
  stepSimplifications,
} from '../../src/property/shrink-schedule.js';

/** A measure every shrink step lowers: steps, connections, and how far each fault is from SIGKILL on the oldest worker. */
function size(schedule: Schedule): number {
  const faultSize = (fault: {
    kind: string;
    target?: unknown;
    inFlight?: unknown;
    code?: number;
    durationMs?: number;
  }) =>
    1 +
    (fault.kind === 'SIGKILL' ? 0 : 1) +
    (fault.target === 'oldest' ? 0 : 1) +
    (fault.inFlight ? 1 : 0) +
    (fault.code !== undefined && fault.code !== 1 ? 1 : 0) +
    (fault.durationMs !== undefined && fault.durationMs > 100 ? 1 : 0);
  const stepSize = (step: Step): number => {
    switch (step.type) {
      case 'burst':
        return (
          1000 +
          step.count * 4 +
          step.concurrency +
          (step.keepAlive ? 1 : 0) +
          (step.crash ? 100 + step.crash.after + faultSize(step.crash.fault) : 0) +
          (step.reload ? 100 + step.reload.after : 0) +
          (step.clientFaults
            ? 100 +
              step.clientFaults.count +
              step.clientFaults.kinds.length +
              step.clientFaults.kinds.filter((fault) => fault.kind !== 'reset').length
            : 0)
        );
      case 'crash':
        return 1000 + faultSize(step.fault);
      case 'pause':
        return 1000 + step.ms;
      default:
        return 1000;
    }
  };
  return schedule.reduce((sum, step) => sum + stepSize(step), 0);
}

describe('shrinkCandidates', () => {
  test('every candidate is smaller, applying its token gives it, and the list is the same every time', () => {
    fc.assert(
      fc.property(scheduleArbitrary({ reload: true }), (schedule) => {
        const candidates = shrinkCandidates(schedule);
        expect(shrinkCandidates(schedule)).toEqual(candidates);
        for (const candidate of candidates) {
          expect(size(candidate.schedule)).toBeLessThan(size(schedule));
          expect(applyToken(schedule, candidate.token)).toEqual(candidate.schedule);
        }
        if (schedule.length > 0) expect(candidates[0]!.schedule).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test('with client faults too: every candidate is smaller and replays from its token', () => {
    const kinds = clientFaultKinds;
    fc.assert(
      fc.property(scheduleArbitrary({ clientFaults: kinds }), (schedule) => {
        for (const candidate of shrinkCandidates(schedule)) {
          expect(size(candidate.schedule)).toBeLessThan(size(schedule));
          expect(applyToken(schedule, candidate.token)).toEqual(candidate.schedule);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('the steps that played no part are dropped together, right after "no step at all"', () => {
    const schedule: Schedule = [
      { type: 'pause', ms: 100 },
      { type: 'burst', count: 8, concurrency: 2 },
      { type: 'crash', fault: { kind: 'SIGTERM', target: 'newest' } },
      { type: 'pause', ms: 50 },
      { type: 'burst', count: 3, concurrency: 1 },
    ];
    const candidates = shrinkCandidates(schedule, { relevantSteps: new Set([2, 4]) });
    expect(candidates.slice(0, 2).map((candidate) => formatToken(candidate.token))).toEqual(['d0-4', 'd0-1.3']);
    expect(candidates[1]!.schedule).toEqual([schedule[2], schedule[4]]);
  });

  test('simplifications go toward one connection, no crash, SIGKILL on the oldest worker, not in flight', () => {
    const step: Step = {
      type: 'burst',
      count: 9,
      concurrency: 3,
      crash: { fault: { kind: 'exit', code: 7, target: 'random', inFlight: true }, after: 5 },
    };
    const variants = stepSimplifications(step);
    expect(variants[0]).toEqual({ type: 'burst', count: 9, concurrency: 3 });
    expect(variants[1]).toEqual({
      type: 'burst',
      count: 1,
      concurrency: 1,
      crash: { fault: step.crash!.fault, after: 0 },
    });
    expect(variants).toContainEqual({
      ...step,
      crash: { after: 5, fault: { kind: 'SIGKILL', target: 'random', inFlight: true } },
    });
    expect(variants).toContainEqual({
      ...step,
      crash: { after: 5, fault: { kind: 'exit', code: 7, target: 'oldest', inFlight: true } },
    });
    expect(variants).toContainEqual({
      ...step,
      crash: { after: 5, fault: { kind: 'exit', code: 7, target: 'random' } },
    });
    expect(variants).toContainEqual({
      ...step,
      crash: { after: 5, fault: { kind: 'exit', code: 1, target: 'random', inFlight: true } },
    });
    expect(stepSimplifications({ type: 'crash', fault: { kind: 'SIGKILL', target: 'oldest' } })).toEqual([]);
    expect(stepSimplifications({ type: 'settle' })).toEqual([]);
  });

  test("toward the campaign's simplest kind when it is not SIGKILL", () => {
    expect(
      stepSimplifications({ type: 'crash', fault: { kind: 'hang', durationMs: 900, target: 'oldest' } }, 'exit')[0],
    ).toEqual({
      type: 'crash',
      fault: { kind: 'exit', code: 1, target: 'oldest' },
    });
  });
});

describe('paths', () => {
  test('a path prints and reads back', () => {
    const tokens = [
      { type: 'drop' as const, steps: [0, 1, 2, 5, 7, 8] },
      { type: 'simplify' as const, step: 1, variant: 3 },
    ];
    const text = formatPath(12, 17, tokens);
    expect(text).toBe('12-17:d0-2.5.7-8:s1.3');
    expect(parsePath(text)).toEqual({ first: 12, last: 17, tokens });
    expect(parsePath('4')).toEqual({ first: 4, last: 4, tokens: [] });
  });

  test('a path that does not follow the grammar, or does not fit its schedule, is a PathError', () => {
    for (const bad of ['', 'x', '3:0:1', '5-2', '3:d', '3:s1', '3:d4-2'])
      expect(() => parsePath(bad), bad).toThrow(PathError);
    expect(() => applyToken([{ type: 'pause', ms: 10 }], { type: 'drop', steps: [3] })).toThrow(
      /drops step 3, but the schedule has 1 steps/,
    );
    expect(() => applyToken([{ type: 'settle' }], { type: 'simplify', step: 0, variant: 0 })).toThrow(
      /no simplification 0/,
    );
  });
});
