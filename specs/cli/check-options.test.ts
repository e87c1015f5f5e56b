// Specs for the options of `cluster-chaos check`: each one documented in its help text, and typos pointed at one.

import { describe, expect, test } from 'vitest';
import { checkOptions, closestOption } from '../../src/cli/_internals/check-options.js';
import { checkUsage } from '../../src/cli/check-usage.js';

describe('check options', () => {
  test.each(Object.keys(checkOptions))('--%s is documented in the help text', (option) => {
    expect(checkUsage).toMatch(new RegExp(`^  (-\\w, )?--${option}\\b`, 'm'));
  });

  test('points a typo or a prefix at the option meant, and nothing far at anything', () => {
    expect(closestOption('--worker')).toBe('--workers');
    expect(closestOption('--restore=200')).toBe('--restore-within');
    expect(closestOption('--colour')).toBeUndefined();
  });
});
