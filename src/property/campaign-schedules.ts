// The schedules of a campaign, by index: the smallest ones first, then fast-check's, all determined by the seed.

import fc from 'fast-check';
import { scheduleArbitrary, type ScheduleConstraints } from './arbitraries.js';
import { concatenateSchedules, type Schedule } from './schedule.js';
import { smallestSchedules } from './smallest-schedules.js';

/** The campaign's schedules by run index (`CampaignSchedules`, or a spec's own). */
export type ScheduleSource = Pick<CampaignSchedules, 'at' | 'concatenation' | 'smallestCount'>;

export interface CampaignSchedulesOptions {
  seed: number;
  constraints: ScheduleConstraints;
  /** Play the smallest schedules first (see `smallestSchedules`). */
  smallestFirst: boolean;
}

/**
 * Run `i` of a campaign plays `schedules.at(i)`: the smallest schedules, then the values fast-check generates from the
 * seed (`fc.sample`, the same stream `fc.check` draws from), in order. Pure: the same seed gives the same schedules on
 * any machine, which is what makes a path replayable.
 */
export class CampaignSchedules {
  readonly #smallest: Schedule[];
  readonly #arbitrary: fc.Arbitrary<Schedule>;
  readonly #seed: number;
  #generated: Schedule[] = [];

  constructor(options: CampaignSchedulesOptions) {
    this.#smallest = options.smallestFirst ? smallestSchedules(options.constraints) : [];
    this.#arbitrary = scheduleArbitrary(options.constraints);
    this.#seed = options.seed;
  }

  /** How many of the first runs are smallest schedules. */
  get smallestCount(): number {
    return this.#smallest.length;
  }

  /** The schedule of run `index` (0-based). */
  at(index: number): Schedule {
    if (!Number.isSafeInteger(index) || index < 0)
      throw new RangeError(`a run index is a non-negative integer, got ${index}`);
    if (index < this.#smallest.length) return structuredClone(this.#smallest[index]!);
    const generatedIndex = index - this.#smallest.length;
    if (generatedIndex >= this.#generated.length) {
      // fast-check's stream cannot be resumed: draw it again, longer (doubling, so drawing n values costs O(n)).
      const count = Math.max(generatedIndex + 1, 2 * this.#generated.length, 16);
      this.#generated = fc.sample(this.#arbitrary, { seed: this.#seed, numRuns: count });
    }
    return structuredClone(this.#generated[generatedIndex]!);
  }

  /** Runs `first` to `last` (inclusive) as one schedule, with a settle between runs, as one cluster played them. */
  concatenation(first: number, last: number): Schedule {
    const schedules: Schedule[] = [];
    for (let index = first; index <= last; index++) schedules.push(this.at(index));
    return concatenateSchedules(schedules);
  }
}
