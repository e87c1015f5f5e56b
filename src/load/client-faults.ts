// The client faults of a burst: which connections misbehave and how, checked where they enter, assigned by index.

import type { ClientFault, ClientFaultKind } from '../history/events.js';
import { LoadOptionsError } from './errors.js';
import { checkDuration } from './option-checks.js';

/**
 * The `clientFaults` option of a burst: `count` (or `share`) of its connections misbehave, the j-th of them as
 * `kinds[j % kinds.length]`. Which connections: spread evenly over the burst's order, the first one included
 * (connection index i, from 0, is faulted when `ceil((i + 1) * f / count) > ceil(i * f / count)`), so that plain
 * connections follow each faulted one. Deterministic: the same burst gets the same assignment. A generator shrinks
 * it toward none (`count: 0`) and toward the plainest kind (`reset`, first in `clientFaultKinds`).
 */
export interface ClientFaults {
  /** How many connections carry a fault, an integer from 0 to the burst's `count`. One of `count` and `share`. */
  count?: number;
  /** The share of connections that carry a fault, from 0 to 1, rounded up (`ceil(share * count)`). */
  share?: number;
  /** The faults, handed out in turn to the faulted connections; at least one. */
  kinds: readonly ClientFault[];
}

/** Every kind, from the plainest. */
export const clientFaultKinds: readonly ClientFaultKind[] = [
  'reset',
  'connect-then-silence',
  'half-close',
  'abort-after',
  'stall',
  'slow-drip',
  'oversized',
];

/** The largest oversized request: one buffer of it is held per burst. */
export const MAX_OVERSIZED_BYTES = 64 * 1024 * 1024;

/**
 * Checks a burst's `clientFaults` against the burst (`count`, and `requestBytes`: the length of the request a
 * faulted connection sends, 0 for TCP without payload) and returns the fault of each connection by index, undefined
 * for a plain one; a `stall` gets its default `bytes`. Throws `LoadOptionsError` naming the first invalid part.
 */
export function resolveClientFaults(
  value: unknown,
  count: number,
  requestBytes: number,
  caller: string,
): (ClientFault | undefined)[] {
  if (typeof value !== 'object' || value === null) {
    throw new LoadOptionsError('clientFaults', value, 'an object { count or share, kinds }', caller);
  }
  const { count: faulted, share, kinds } = value as Record<string, unknown>;
  if ((faulted === undefined) === (share === undefined)) {
    throw new LoadOptionsError('clientFaults', value, 'given exactly one of count and share', caller);
  }
  let total: number;
  if (faulted !== undefined) {
    if (typeof faulted !== 'number' || !Number.isInteger(faulted) || faulted < 0 || faulted > count) {
      const expected = `an integer from 0 to the burst's count (${count})`;
      throw new LoadOptionsError('clientFaults.count', faulted, expected, caller);
    }
    total = faulted;
  } else {
    if (typeof share !== 'number' || !(share >= 0 && share <= 1)) {
      throw new LoadOptionsError('clientFaults.share', share, 'a number from 0 to 1', caller);
    }
    total = Math.ceil(share * count);
  }
  if (!Array.isArray(kinds) || kinds.length === 0) {
    throw new LoadOptionsError('clientFaults.kinds', kinds, 'a non-empty array of client faults', caller);
  }
  const faults = kinds.map((fault: unknown, index) => checkClientFault(fault, index, requestBytes, caller));
  return assignClientFaults(count, total, faults);
}

/** Connection index -> fault: `total` of `count` connections spread evenly (see `ClientFaults`), kinds in turn. */
export function assignClientFaults(
  count: number,
  total: number,
  faults: readonly ClientFault[],
): (ClientFault | undefined)[] {
  const plan: (ClientFault | undefined)[] = new Array(count).fill(undefined);
  let given = 0;
  for (let index = 0; index < count && given < total; index++) {
    if (Math.ceil(((index + 1) * total) / count) > Math.ceil((index * total) / count)) {
      plan[index] = faults[given % faults.length];
      given++;
    }
  }
  return plan;
}

function checkClientFault(fault: unknown, index: number, requestBytes: number, caller: string): ClientFault {
  const option = `clientFaults.kinds[${index}]`;
  if (typeof fault !== 'object' || fault === null) {
    throw new LoadOptionsError(option, fault, `a client fault { kind: ${clientFaultKinds.join(' | ')} }`, caller);
  }
  const { kind, bytes, intervalMs } = fault as { kind: unknown; bytes?: unknown; intervalMs?: unknown };
  switch (kind) {
    case 'reset':
    case 'connect-then-silence':
    case 'half-close':
      return { kind };
    case 'abort-after':
      return { kind, bytes: checkBytes(`${option}.bytes`, bytes, Number.MAX_SAFE_INTEGER, caller) };
    case 'oversized':
      return { kind, bytes: checkBytes(`${option}.bytes`, bytes, MAX_OVERSIZED_BYTES, caller) };
    case 'slow-drip':
      if (requestBytes === 0) {
        throw new LoadOptionsError(option, fault, 'a fault with a request to send (give a payload with TCP)', caller);
      }
      return { kind, intervalMs: checkDuration(`${option}.intervalMs`, intervalMs, caller) };
    case 'stall':
      // A stall cuts the request: it needs one of at least 2 bytes, and sends fewer bytes than it has.
      if (requestBytes < 2) {
        const expected = 'a fault with a request of 2 bytes or more to cut (a payload)';
        throw new LoadOptionsError(option, fault, expected, caller);
      }
      if (bytes === undefined) return { kind, bytes: Math.floor(requestBytes / 2) };
      return { kind, bytes: checkBytes(`${option}.bytes`, bytes, requestBytes - 1, caller) };
    default: {
      const expected = clientFaultKinds.map((name) => `"${name}"`).join(', ');
      throw new LoadOptionsError(`${option}.kind`, kind, `one of ${expected}`, caller);
    }
  }
}

function checkBytes(option: string, value: unknown, max: number, caller: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new LoadOptionsError(option, value, `an integer from 1 to ${max}`, caller);
  }
  return value;
}
