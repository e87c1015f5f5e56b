// burst() and connectOnce() check their options where they enter: an invalid one rejects with a LoadOptionsError naming it, and nothing is opened.

import { describe, expect, test } from 'vitest';
import { Clock } from '../../src/history/clock.js';
import { History } from '../../src/history/history.js';
import { burst } from '../../src/load/burst.js';
import type { BurstOptions } from '../../src/load/burst-options.js';
import { connectOnce } from '../../src/load/connect-once.js';
import { LoadOptionsError } from '../../src/load/errors.js';
import { idCounter } from './connection-timelines.js';

function valid(history: History): BurstOptions {
  return { port: 8080, count: 3, history, clock: new Clock(), nextConnectionId: idCounter() };
}

/** Options as a caller without types (a CLI, JavaScript) might pass them. */
type Untyped = Record<string, unknown>;

describe('burst options', () => {
  test.each<[string, Untyped, string]>([
    ['count', { count: 0 }, 'must be an integer >= 1, got 0'],
    ['count', { count: 1.5 }, 'got 1.5'],
    ['count', { count: '3' }, "got '3'"],
    ['concurrency', { concurrency: 0 }, 'got 0'],
    ['concurrency', { concurrency: 2.5 }, 'got 2.5'],
    ['timeoutMs', { timeoutMs: 0 }, 'got 0'],
    ['timeoutMs', { timeoutMs: -5 }, 'got -5'],
    ['timeoutMs', { timeoutMs: Number.NaN }, 'got NaN'],
    ['timeoutMs', { timeoutMs: 2 ** 31 }, 'got 2147483648'],
    ['abortAfterMs', { abortAfterMs: 0 }, 'got 0'],
    ['abortAfterMs', { abortAfterMs: Number.POSITIVE_INFINITY }, 'got Infinity'],
    ['port', { port: 0 }, 'must be an integer from 1 to 65535, got 0'],
    ['port', { port: 65536 }, 'got 65536'],
    ['host', { host: 'example.com' }, "got 'example.com'"],
    ['protocol', { protocol: 'udp' }, "got 'udp'"],
    ['keepAlive', { keepAlive: true }, 'keep-alive is for HTTP'],
    ['keepAlive', { keepAlive: 'yes', protocol: 'http' }, "got 'yes'"],
    ['payload', { payload: 42 }, 'got 42'],
    ['history', { history: undefined }, 'got undefined'],
    ['nextConnectionId', { nextConnectionId: 1 }, 'got 1'],
    ['burstId', { burstId: 0.5 }, 'got 0.5'],
    ['signal', { signal: {} }, 'got {}'],
  ])('%s: %o is refused', async (option, override, message) => {
    const history = new History();
    const options = { ...valid(history), ...override } as unknown as BurstOptions;

    const error: unknown = await burst(options).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(LoadOptionsError);
    expect((error as LoadOptionsError).option).toBe(option);
    expect((error as LoadOptionsError).message).toContain(`burst option "${option}"`);
    expect((error as LoadOptionsError).message).toContain(message);
    expect(history.length).toBe(0);
  });
});

describe('connectOnce options', () => {
  test.each<[string, number, Untyped]>([
    ['port', 0, {}],
    ['timeoutMs', 80, { timeoutMs: 0 }],
    ['protocol', 80, { protocol: 'udp' }],
    ['host', 80, { host: '10.0.0.1' }],
    ['nextConnectionId', 80, { history: new History() }],
  ])('%s is refused', async (option, port, options) => {
    const error: unknown = await connectOnce(port, options).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(LoadOptionsError);
    expect((error as LoadOptionsError).option).toBe(option);
    expect((error as LoadOptionsError).message).toContain(`connectOnce option "${option}"`);
  });
});
