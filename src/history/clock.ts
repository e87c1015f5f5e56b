// The one clock of a history: milliseconds since the cluster's launch on CLOCK_MONOTONIC, shared by every process.

import type { Millis } from './events.js';

/**
 * `process.hrtime` reads CLOCK_MONOTONIC, which on Linux is one clock for every process of the machine: a probe
 * stamps its events with its own hrtime and the harness places them on the same timeline without skew.
 */
export class Clock {
  readonly origin: bigint;

  constructor(origin: bigint = process.hrtime.bigint()) {
    this.origin = origin;
  }

  /** Milliseconds since the origin, now. */
  now(): Millis {
    return this.fromHrtime(process.hrtime.bigint());
  }

  /** Milliseconds since the origin for a `process.hrtime.bigint()` reading (taken in any process). */
  fromHrtime(nanoseconds: bigint): Millis {
    return Number(nanoseconds - this.origin) / 1e6;
  }
}
