// Shards of a campaign: disjoint, reproducible, covering the stream's distinct schedules; sharded paths name their shard.

import { describe, expect, test } from 'vitest';
import { ClusterOptionsError } from '../../src/cluster/errors.js';
import { resolveCheckOptions } from '../../src/property/_internals/resolve-options.js';
import { CampaignSchedules } from '../../src/property/campaign-schedules.js';
import {
  canonicalSchedule,
  ShardSchedules,
  shardedPath,
  splitShardPath,
  validateShard,
} from '../../src/property/shard-schedules.js';
import type { Schedule } from '../../src/property/schedule.js';

const stream = () => new CampaignSchedules({ seed: 2026, constraints: {}, smallestFirst: true });

describe('ShardSchedules', () => {
  test('four shards never share a schedule, and together play the distinct schedules of the stream in order', () => {
    const shards = [1, 2, 3, 4].map((index) => new ShardSchedules(stream(), { index, count: 4 }));
    const perShard = 60;
    const forms = shards.map((shard) => Array.from({ length: perShard }, (_, run) => canonicalSchedule(shard.at(run))));
    const all = forms.flat();
    expect(new Set(all).size).toBe(all.length);
    // Distinct number d goes to shard (d mod 4) + 1: interleaving the shards gives the stream's distinct schedules.
    const whole = stream();
    const distinct: string[] = [];
    for (let index = 0; distinct.length < 4 * perShard; index++) {
      const form = canonicalSchedule(whole.at(index));
      if (!distinct.includes(form)) distinct.push(form);
    }
    expect(distinct).toEqual(Array.from({ length: 4 * perShard }, (_, d) => forms[d % 4]![Math.floor(d / 4)]));
  });

  test('a shard is the same on any machine, however far and in whatever order it is read', () => {
    const first = new ShardSchedules(stream(), { index: 3, count: 4 });
    const second = new ShardSchedules(stream(), { index: 3, count: 4 });
    const late = second.at(40);
    expect(first.at(40)).toEqual(late);
    for (let run = 0; run < 41; run++) expect(second.at(run)).toEqual(first.at(run));
  });

  test('the smallest schedules come first in the stream, each in one shard only', () => {
    const whole = stream();
    const shards = [1, 2, 3, 4].map((index) => new ShardSchedules(stream(), { index, count: 4 }));
    expect(shards.reduce((sum, shard) => sum + shard.smallestCount, 0)).toBe(whole.smallestCount);
    for (const shard of shards)
      for (let run = 0; run < shard.smallestCount; run++)
        expect(shard.streamIndexOf(run)).toBeLessThan(whole.smallestCount);
  });

  test('one shard of one is the stream without its duplicates', () => {
    const only = new ShardSchedules(stream(), { index: 1, count: 1 });
    const forms = Array.from({ length: 80 }, (_, run) => canonicalSchedule(only.at(run)));
    expect(new Set(forms).size).toBe(80);
    expect(only.at(0)).toEqual(stream().at(0));
  });

  test('a concatenation joins the shard’s own runs with a settle between them', () => {
    const shard = new ShardSchedules(stream(), { index: 2, count: 4 });
    expect(shard.concatenation(5, 6)).toEqual([...shard.at(5), { type: 'settle' }, ...shard.at(6)]);
  });

  test('the canonical form does not depend on key order', () => {
    const a: Schedule = [{ type: 'pause', ms: 10 }];
    const b = [{ ms: 10, type: 'pause' }] as unknown as Schedule;
    expect(canonicalSchedule(a)).toBe(canonicalSchedule(b));
  });

  test('a schedule space with too few distinct schedules is said, not walked forever', () => {
    const tiny = { smallestCount: 0, at: (): Schedule => [] };
    expect(() => new ShardSchedules(tiny, { index: 2, count: 2 }).at(0)).toThrow(/too few/);
  });
});

describe('shards at the edge', () => {
  test.each([
    [{ index: 0, count: 4 }, /index must be an integer from 1 to 4/],
    [{ index: 5, count: 4 }, /index must be an integer from 1 to 4/],
    [{ index: 1, count: 0 }, /count must be a positive integer/],
    [{ index: 1.5, count: 2 }, /index must be/],
  ])('%o is refused', (shard, message) => {
    expect(() => validateShard(shard)).toThrow(ClusterOptionsError);
    expect(() => validateShard(shard)).toThrow(message);
  });

  test('a sharded path names its shard, and reads back', () => {
    expect(shardedPath({ index: 3, count: 4 }, '12-17:d0-9')).toBe('3/4@12-17:d0-9');
    expect(shardedPath(undefined, '12')).toBe('12');
    expect(splitShardPath('3/4@12-17:d0-9')).toEqual({ shard: { index: 3, count: 4 }, path: '12-17:d0-9' });
    expect(splitShardPath('12')).toEqual({ shard: undefined, path: '12' });
    expect(() => splitShardPath('5/4@12')).toThrow(/path: index must be/);
  });

  test('checkResilience takes the shard from a sharded path, and refuses a shard option that contradicts it', () => {
    const cluster = { topology: 'corrected/restart' as const };
    const resolved = resolveCheckOptions({ cluster, seed: 1, path: '3/4@12:d0' }, {});
    expect(resolved.shard).toEqual({ index: 3, count: 4 });
    expect(resolved.replay?.pathText).toBe('12:d0');
    expect(resolveCheckOptions({ cluster, seed: 1, shard: { index: 2, count: 4 } }, {}).shard).toEqual({
      index: 2,
      count: 4,
    });
    expect(() => resolveCheckOptions({ cluster, seed: 1, path: '3/4@12', shard: { index: 2, count: 4 } }, {})).toThrow(
      /names shard 3\/4/,
    );
    expect(() => resolveCheckOptions({ cluster, shard: { index: 9, count: 4 } }, {})).toThrow(ClusterOptionsError);
  });
});
