// fast-check arbitraries for misbehaving clients: one client fault, and the client faults of one burst.

import fc from 'fast-check';
import type { ClientFault, ClientFaultKind } from '../history/events.js';
import type { BurstStep } from './schedule.js';

/**
 * The sizes a generated client fault takes, kept modest so that a run stays short: `abort-after` 1 to 64 bytes of the
 * answer; `stall` the load layer's default (half the request, always shorter than it); `slow-drip` a byte every 10 to
 * 100 ms; `oversized` 64 KiB + 1 to 1 MiB (over a common 64 KiB body bound, far under the load layer's 64 MiB).
 */
export const clientFaultSizes = Object.freeze({
  maxAbortAfterBytes: 64,
  minDripIntervalMs: 10,
  maxDripIntervalMs: 100,
  minOversizedBytes: 64 * 1024 + 1,
  maxOversizedBytes: 1024 * 1024,
});

/** One client fault of the given kinds (plainest first): shrinks toward the first kind and the smallest sizes. */
export function clientFaultArbitrary(kinds: readonly ClientFaultKind[]): fc.Arbitrary<ClientFault> {
  const sizes = clientFaultSizes;
  return fc
    .record({
      kind: fc.constantFrom(...kinds),
      abortBytes: fc.integer({ min: 1, max: sizes.maxAbortAfterBytes }),
      intervalMs: fc.integer({ min: sizes.minDripIntervalMs, max: sizes.maxDripIntervalMs }),
      oversizedBytes: fc.integer({ min: sizes.minOversizedBytes, max: sizes.maxOversizedBytes }),
    })
    .map(({ kind, abortBytes, intervalMs, oversizedBytes }): ClientFault => {
      switch (kind) {
        case 'abort-after':
          return { kind, bytes: abortBytes };
        case 'slow-drip':
          return { kind, intervalMs };
        case 'oversized':
          return { kind, bytes: oversizedBytes };
        default:
          return { kind };
      }
    });
}

/** Client faults as drawn for a burst, before they are fitted to its count (see `fitClientFaults`). */
export interface DrawnClientFaults {
  faulted: number;
  kinds: ClientFault[];
}

/** The client faults of a burst, or none (shrinks toward none, fewer faulted connections, one kind, the plainest). */
export function burstClientFaultsArbitrary(
  kinds: readonly ClientFaultKind[],
  maxBurst: number,
): fc.Arbitrary<DrawnClientFaults | undefined> {
  return fc.option(
    fc.record({
      faulted: fc.integer({ min: 1, max: Math.max(1, Math.ceil(maxBurst / 2)) }),
      kinds: fc.array(clientFaultArbitrary(kinds), { minLength: 1, maxLength: 3 }),
    }),
    { nil: undefined, freq: 2 },
  );
}

/**
 * Fits drawn client faults to a burst of `count` connections: at most half of them (at least one), so that plain
 * connections of the same burst stay to be judged.
 */
export function fitClientFaults(drawn: DrawnClientFaults, count: number): NonNullable<BurstStep['clientFaults']> {
  return { count: Math.min(drawn.faulted, Math.ceil(count / 2)), kinds: drawn.kinds };
}
