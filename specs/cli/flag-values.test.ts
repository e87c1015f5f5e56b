// Specs for reading numeric flags: whole numbers and durations, or a usage error that names the flag and the value.

import { describe, expect, test } from 'vitest';
import { parseDuration, positiveInteger } from '../../src/cli/_internals/flag-values.js';
import { UsageError } from '../../src/cli/usage-error.js';

describe('parseDuration', () => {
  test.each([
    ['1500', 1500],
    ['1500ms', 1500],
    ['90s', 90_000],
    ['1.5m', 90_000],
    ['1h', 3_600_000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration('--time-limit', text)).toBe(ms);
  });

  test.each(['0', '5 minutes', '-1s', ''])('refuses %j with the flag and the value', (text) => {
    expect(() => parseDuration('--time-limit', text)).toThrow(
      new UsageError(`--time-limit must be a duration like 90s, 5m or 1500 (ms), got ${JSON.stringify(text)}`),
    );
  });
});

describe('positiveInteger', () => {
  test('gives the fallback when the flag is absent, the number when it is a whole number', () => {
    expect(positiveInteger('--runs', undefined, 100)).toBe(100);
    expect(positiveInteger('--runs', '7', 100)).toBe(7);
    expect(positiveInteger('--seed', '0', 0, { allowZero: true })).toBe(0);
  });

  test('refuses zero unless allowed, and anything but digits', () => {
    expect(() => positiveInteger('--runs', '0', 100)).toThrow('--runs must be a positive integer, got "0"');
    expect(() => positiveInteger('--seed', '-1', 0, { allowZero: true })).toThrow(
      '--seed must be a non-negative integer, got "-1"',
    );
    expect(() => positiveInteger('--runs', '1e3', 100)).toThrow(UsageError);
  });
});
