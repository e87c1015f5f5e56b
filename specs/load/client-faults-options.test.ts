// The clientFaults option of a burst: which connections get which fault (pure), and its checks where it enters.

import { describe, expect, test } from 'vitest';
import { Clock } from '../../src/history/clock.js';
import type { ClientFault } from '../../src/history/events.js';
import { History } from '../../src/history/history.js';
import { burst } from '../../src/load/burst.js';
import type { BurstOptions } from '../../src/load/burst-options.js';
import { assignClientFaults, MAX_OVERSIZED_BYTES, resolveClientFaults } from '../../src/load/client-faults.js';
import { LoadOptionsError } from '../../src/load/errors.js';
import { idCounter } from './connection-timelines.js';

const reset: ClientFault = { kind: 'reset' };
const halfClose: ClientFault = { kind: 'half-close' };

/** The indexes of the faulted connections, and their kinds. */
function layout(plan: readonly (ClientFault | undefined)[]): string[] {
  return plan.map((fault) => fault?.kind ?? '-');
}

describe('assignClientFaults', () => {
  test('spreads the faulted connections over the burst, the first included', () => {
    const ten = ['reset', '-', '-', '-', '-', 'reset', '-', '-', '-', '-'];
    expect(layout(assignClientFaults(10, 2, [reset]))).toEqual(ten);
    expect(layout(assignClientFaults(6, 3, [reset]))).toEqual(['reset', '-', 'reset', '-', 'reset', '-']);
    expect(layout(assignClientFaults(5, 1, [reset]))).toEqual(['reset', '-', '-', '-', '-']);
  });

  test('none and all are the ends of the range', () => {
    expect(layout(assignClientFaults(4, 0, [reset]))).toEqual(['-', '-', '-', '-']);
    expect(layout(assignClientFaults(3, 3, [reset]))).toEqual(['reset', 'reset', 'reset']);
  });

  test('the kinds are handed out in turn, and the same inputs give the same plan', () => {
    const plan = assignClientFaults(6, 3, [reset, halfClose]);
    expect(layout(plan)).toEqual(['reset', '-', 'half-close', '-', 'reset', '-']);
    expect(assignClientFaults(6, 3, [reset, halfClose])).toEqual(plan);
  });
});

describe('resolveClientFaults', () => {
  test('share is rounded up: any share above 0 faults at least one connection', () => {
    expect(layout(resolveClientFaults({ share: 0.1, kinds: [reset] }, 3, 0, 'burst'))).toEqual(['reset', '-', '-']);
    expect(layout(resolveClientFaults({ share: 0, kinds: [reset] }, 3, 0, 'burst'))).toEqual(['-', '-', '-']);
    expect(layout(resolveClientFaults({ share: 1, kinds: [reset] }, 2, 0, 'burst'))).toEqual(['reset', 'reset']);
  });

  test('a stall without bytes cuts the request in half; the faults are returned as checked, not as given', () => {
    const given = { kind: 'stall', bytes: undefined, extra: 1 };
    const [fault] = resolveClientFaults({ count: 1, kinds: [given] }, 1, 9, 'burst');
    expect(fault).toEqual({ kind: 'stall', bytes: 4 });
  });
});

/** Options as a caller without types (a CLI, JavaScript, a generator gone wrong) might pass them. */
type Untyped = Record<string, unknown>;

/** One faulted connection with the given kinds, and other options. */
function oneFault(kinds: unknown[], others: Untyped = {}): Untyped {
  return { clientFaults: { count: 1, kinds }, ...others };
}

describe('burst option clientFaults', () => {
  function valid(history: History): BurstOptions {
    return { port: 8080, count: 3, history, clock: new Clock(), nextConnectionId: idCounter() };
  }

  test.each<[string, Untyped, string]>([
    ['clientFaults', { clientFaults: 'reset' }, "an object { count or share, kinds }, got 'reset'"],
    ['clientFaults', { clientFaults: { kinds: [reset] } }, 'exactly one of count and share'],
    ['clientFaults', { clientFaults: { count: 1, share: 0.5, kinds: [reset] } }, 'exactly one of count and share'],
    ['clientFaults.count', { clientFaults: { count: 4, kinds: [reset] } }, "from 0 to the burst's count (3), got 4"],
    ['clientFaults.count', { clientFaults: { count: -1, kinds: [reset] } }, 'got -1'],
    ['clientFaults.share', { clientFaults: { share: 1.5, kinds: [reset] } }, 'from 0 to 1, got 1.5'],
    ['clientFaults.share', { clientFaults: { share: Number.NaN, kinds: [reset] } }, 'got NaN'],
    ['clientFaults.kinds', { clientFaults: { count: 1, kinds: [] } }, 'a non-empty array'],
    ['clientFaults.kinds[0]', oneFault(['reset']), "got 'reset'"],
    ['clientFaults.kinds[1].kind', oneFault([reset, { kind: 'rst' }]), '"reset", "connect-then-silence"'],
    ['clientFaults.kinds[0].bytes', oneFault([{ kind: 'abort-after', bytes: 0 }]), 'got 0'],
    ['clientFaults.kinds[0].bytes', oneFault([{ kind: 'abort-after' }]), 'got undefined'],
    [
      'clientFaults.kinds[0].bytes',
      oneFault([{ kind: 'oversized', bytes: MAX_OVERSIZED_BYTES + 1 }]),
      `from 1 to ${MAX_OVERSIZED_BYTES}`,
    ],
    ['clientFaults.kinds[0].intervalMs', oneFault([{ kind: 'slow-drip', intervalMs: 0 }], { payload: 'x' }), 'got 0'],
    ['clientFaults.kinds[0]', oneFault([{ kind: 'slow-drip', intervalMs: 10 }]), 'a payload'],
    ['clientFaults.kinds[0]', oneFault([{ kind: 'stall' }]), 'a request of 2 bytes or more'],
    ['clientFaults.kinds[0].bytes', oneFault([{ kind: 'stall', bytes: 4 }], { payload: 'abcd' }), 'from 1 to 3'],
  ])('%s: %o is refused', async (option, override, message) => {
    const history = new History();
    const options = { ...valid(history), ...override } as unknown as BurstOptions;

    const error: unknown = await burst(options).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(LoadOptionsError);
    expect((error as LoadOptionsError).option).toBe(option);
    expect((error as LoadOptionsError).message).toContain(`burst option "${option}" must be`);
    expect((error as LoadOptionsError).message).toContain(message);
    expect(history.length).toBe(0);
  });
});
