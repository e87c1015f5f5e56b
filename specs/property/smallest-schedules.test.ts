// The smallest schedules a check plays first: their shapes, and how they follow the constraints.

import { describe, expect, test } from 'vitest';
import { smallestSchedules } from '../../src/index.js';
import { formatSchedule } from '../../src/property/schedule.js';

describe('smallestSchedules', () => {
  test('no step, one SIGKILL on the oldest worker, then it and the newest one (its replacement)', () => {
    expect(smallestSchedules().map((schedule) => formatSchedule(schedule))).toEqual([
      '(no step: settle and final burst only)',
      '1. crash: SIGKILL on the oldest worker',
      '1. crash: SIGKILL on the oldest worker\n2. crash: SIGKILL on the newest worker',
    ]);
  });

  test('uses the first allowed fault kind, with the parameters that kind needs', () => {
    expect(smallestSchedules({ faultKinds: ['exit', 'SIGKILL'] })[1]).toEqual([
      { type: 'crash', fault: { kind: 'exit', target: 'oldest', code: 1 } },
    ]);
    expect(smallestSchedules({ faultKinds: ['hang'] })[1]).toEqual([
      { type: 'crash', fault: { kind: 'hang', target: 'oldest', durationMs: 100 } },
    ]);
  });

  test('respects maxSteps, and with no fault kind allowed plays only the empty schedule', () => {
    expect(smallestSchedules({ maxSteps: 1 })).toHaveLength(2);
    expect(smallestSchedules({ maxSteps: 0 })).toEqual([[]]);
    expect(smallestSchedules({ faultKinds: [] })).toEqual([[]]);
  });
});

describe('smallestSchedules with a reload', () => {
  test('adds one reload during a one-connection burst, last', () => {
    const schedules = smallestSchedules({ reload: true });
    expect(schedules).toHaveLength(4);
    expect(formatSchedule(schedules[3]!)).toBe('1. burst 1 connection (1 at once), reload after 0');
    expect(smallestSchedules({ reload: true, faultKinds: [] })).toHaveLength(2);
  });
});

describe('smallestSchedules with client faults', () => {
  test('adds one burst with one misbehaving client of each kind, at its smallest, between plain ones, last', () => {
    const schedules = smallestSchedules({ clientFaults: ['reset', 'connect-then-silence', 'oversized'] });
    expect(schedules).toHaveLength(4);
    expect(formatSchedule(schedules[3]!)).toBe(
      '1. burst 6 connections (2 at once), 3 misbehaving clients (reset, connect-then-silence, oversized 65537 bytes)',
    );
    expect(smallestSchedules({ clientFaults: [] })).toEqual(smallestSchedules());
  });
});
