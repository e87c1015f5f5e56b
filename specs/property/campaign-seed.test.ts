// campaignSeed: one seed per property, from the campaign's base and the property's label.

import { describe, expect, test } from 'vitest';
import { campaignSeed } from '../../src/index.js';

describe('campaignSeed', () => {
  test('the same base and label give the same seed; another label or base gives another', () => {
    const seed = campaignSeed('corrected/restart', '2026');
    expect(campaignSeed('corrected/restart', '2026')).toBe(seed);
    expect(campaignSeed('corrected/round-robin', '2026')).not.toBe(seed);
    expect(campaignSeed('corrected/restart', '2027')).not.toBe(seed);
  });

  test('is a non-negative 31-bit integer, as fast-check takes it', () => {
    for (const label of ['', 'a', 'node-cluster/sched-none', 'x'.repeat(1000)]) {
      const seed = campaignSeed(label, 'base');
      expect(Number.isInteger(seed)).toBe(true);
      expect(seed).toBeGreaterThanOrEqual(0);
      expect(seed).toBeLessThan(2 ** 31);
    }
  });

  test('without a base, one drawn base serves the whole process', () => {
    expect(campaignSeed('a', undefined)).toBe(campaignSeed('a', ''));
    expect(campaignSeed('a', undefined)).not.toBe(campaignSeed('b', undefined));
  });
});
