// A campaign's schedules by index: the smallest first, then fast-check's stream for the seed; the same on every machine.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { scheduleArbitrary } from '../../src/property/arbitraries.js';
import { CampaignSchedules } from '../../src/property/campaign-schedules.js';
import { smallestSchedules } from '../../src/property/smallest-schedules.js';
import { exitCodeOf } from '../../src/cli/check-command.js';

describe('CampaignSchedules', () => {
  test('the smallest schedules, then what fast-check generates from the seed, in order, however far one reads', () => {
    const schedules = new CampaignSchedules({ seed: 2026, constraints: {}, smallestFirst: true });
    const smallest = smallestSchedules();
    const generated = fc.sample(scheduleArbitrary(), { seed: 2026, numRuns: 40 });
    expect(schedules.smallestCount).toBe(smallest.length);
    // Read out of order: a replay reads one index, a campaign reads them all.
    expect(schedules.at(30 + smallest.length)).toEqual(generated[30]);
    for (let index = 0; index < 40 + smallest.length; index++) {
      expect(schedules.at(index)).toEqual(
        index < smallest.length ? smallest[index] : generated[index - smallest.length],
      );
    }
    expect(new CampaignSchedules({ seed: 2026, constraints: {}, smallestFirst: false }).at(0)).toEqual(generated[0]);
  });

  test('a concatenation joins runs with a settle between them, as one reused cluster played them', () => {
    const schedules = new CampaignSchedules({ seed: 5, constraints: {}, smallestFirst: true });
    const joined = schedules.concatenation(4, 6);
    expect(joined).toEqual([
      ...schedules.at(4),
      { type: 'settle' },
      ...schedules.at(5),
      { type: 'settle' },
      ...schedules.at(6),
    ]);
  });

  test('a schedule handed out is a copy: shrinking it cannot change the campaign', () => {
    const schedules = new CampaignSchedules({ seed: 5, constraints: {}, smallestFirst: true });
    const first = schedules.at(10);
    first.splice(0);
    expect(schedules.at(10)).not.toEqual([]);
  });
});

describe('exit codes', () => {
  test('0 pass, 1 fail, 3 unknown, 4 an error of cluster-chaos or the environment', () => {
    expect([exitCodeOf('pass'), exitCodeOf('fail'), exitCodeOf('unknown'), exitCodeOf('error')]).toEqual([0, 1, 3, 4]);
  });
});
