// One shard's part of a campaign's schedules: every shard walks the same seeded stream and keeps its own distinct ones.

import { ClusterOptionsError } from '../cluster/errors.js';
import type { CampaignSchedules, ScheduleSource } from './campaign-schedules.js';
import { concatenateSchedules, type Schedule } from './schedule.js';

/** Shard `index` (1-based, as in `--shard 3/4` and vitest's `--shard`) of `count` machines. */
export interface Shard {
  index: number;
  count: number;
}

/** Checks a shard where it enters: integers, `1 <= index <= count`. The message names `field`. */
export function validateShard(shard: Shard, field = 'shard'): Shard {
  const { index, count } = shard;
  if (!Number.isSafeInteger(count) || count < 1)
    throw new ClusterOptionsError(field, `count must be a positive integer, got ${JSON.stringify(count)}`);
  if (!Number.isSafeInteger(index) || index < 1 || index > count)
    throw new ClusterOptionsError(field, `index must be an integer from 1 to ${count}, got ${JSON.stringify(index)}`);
  return { index, count };
}

/** `3/4`, as `--shard` takes it and a sharded path starts with it. */
export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/**
 * A sharded path names its shard before the run: `3/4@12-17:d0-9`, so that with the seed it replays on any machine,
 * without `--shard`. An unsharded path (`12-17:d0-9`) is the whole campaign's.
 */
export function shardedPath(shard: Shard | undefined, path: string): string {
  return shard === undefined ? path : `${formatShard(shard)}@${path}`;
}

/** Splits a path into its shard (if any) and the run part; a shard that is not `i/n` with `1 <= i <= n` throws. */
export function splitShardPath(text: string): { shard: Shard | undefined; path: string } {
  const match = /^(\d+)\/(\d+)@(.*)$/.exec(text);
  if (!match) return { shard: undefined, path: text };
  return { shard: validateShard({ index: Number(match[1]), count: Number(match[2]) }, 'path'), path: match[3]! };
}

/** A schedule's canonical form: JSON with keys sorted, so two equal schedules have one form whatever their key order. */
export function canonicalSchedule(schedule: Schedule): string {
  return JSON.stringify(schedule, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

/**
 * Shard `index` of `count`: every shard walks the campaign's whole stream (`CampaignSchedules`: the smallest
 * schedules, then fast-check's for the seed; cheap to generate), numbers its distinct schedules (by canonical form; a
 * later duplicate is skipped) and keeps those whose number is `index - 1` modulo `count`. So the shards are disjoint,
 * together cover the stream's distinct schedules in order, and need no coordination; run `i` of a shard is the same
 * schedule on any machine. The smallest schedules come first in the stream, so a shard's first runs are its share of
 * them (`smallestCount`).
 */
export class ShardSchedules implements ScheduleSource {
  readonly #stream: Pick<CampaignSchedules, 'at' | 'smallestCount'>;
  readonly #shard: Shard;
  /** Stream indices of this shard's schedules, in order. */
  readonly #mine: number[] = [];
  readonly #seen = new Set<string>();
  #next = 0;
  #distinct = 0;
  #smallestCount: number | undefined;

  constructor(stream: Pick<CampaignSchedules, 'at' | 'smallestCount'>, shard: Shard) {
    this.#stream = stream;
    this.#shard = validateShard(shard);
  }

  get shard(): Shard {
    return { ...this.#shard };
  }

  /** How many of this shard's first runs are smallest schedules. */
  get smallestCount(): number {
    if (this.#smallestCount === undefined) {
      // Reading past the smallest schedules tells how many of them are this shard's.
      while (this.#next < this.#stream.smallestCount) this.#advance();
      this.#smallestCount = this.#mine.filter((streamIndex) => streamIndex < this.#stream.smallestCount).length;
    }
    return this.#smallestCount;
  }

  /** The stream index of this shard's run `index`: where it is in the unsharded campaign's stream. */
  streamIndexOf(index: number): number {
    if (!Number.isSafeInteger(index) || index < 0)
      throw new RangeError(`a run index is a non-negative integer, got ${index}`);
    // A bound, so that a schedule space with too few distinct schedules is said instead of walked forever.
    const limit = 10_000 + 64 * (index + 1) * this.#shard.count;
    while (this.#mine.length <= index) {
      if (this.#next >= limit)
        throw new ClusterOptionsError(
          'shard',
          `shard ${formatShard(this.#shard)} found only ${this.#mine.length} distinct schedules in the first ${limit} of the stream: the schedule constraints allow too few for ${this.#shard.count} shards`,
        );
      this.#advance();
    }
    return this.#mine[index]!;
  }

  at(index: number): Schedule {
    return this.#stream.at(this.streamIndexOf(index));
  }

  /** Runs `first` to `last` of this shard as one schedule, a settle between runs, as one cluster played them. */
  concatenation(first: number, last: number): Schedule {
    const schedules: Schedule[] = [];
    for (let index = first; index <= last; index++) schedules.push(this.at(index));
    return concatenateSchedules(schedules);
  }

  #advance(): void {
    const streamIndex = this.#next++;
    const form = canonicalSchedule(this.#stream.at(streamIndex));
    if (this.#seen.has(form)) return;
    this.#seen.add(form);
    if (this.#distinct++ % this.#shard.count === this.#shard.index - 1) this.#mine.push(streamIndex);
  }
}
