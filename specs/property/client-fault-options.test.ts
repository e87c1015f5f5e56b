// checkResilience's clientFaults and maxIdleMs: which client fault kinds a check draws, and the idle bound it checks.

import { describe, expect, test } from 'vitest';
import { ClusterOptionsError } from '../../src/cluster/errors.js';
import { resolveCheckOptions } from '../../src/property/_internals/resolve-options.js';

type Options = Parameters<typeof resolveCheckOptions>[0];
const tcp: Options['cluster'] = { topology: 'corrected/round-robin', workers: 2 };
const http: Options['cluster'] = { topology: 'corrected/idle-timeout', workers: 2 };
const resolve = (options: Omit<Options, 'cluster'>, cluster = http) =>
  resolveCheckOptions({ cluster, seed: 1, ...options }, {});

describe('client fault options', () => {
  test('off by default: the constraints have no client faults and no idle check runs', () => {
    const resolved = resolve({});
    expect(resolved.schedules.constraints).not.toHaveProperty('clientFaults');
    expect(resolved.checks).not.toHaveProperty('idleClientsCutOff');
  });

  test('true: every kind the protocol can play, plainest first (over TCP no stall nor slow-drip: no payload)', () => {
    expect(resolve({ clientFaults: true }).schedules.constraints.clientFaults).toEqual([
      'reset',
      'connect-then-silence',
      'half-close',
      'abort-after',
      'stall',
      'slow-drip',
      'oversized',
    ]);
    expect(resolve({ clientFaults: true }, tcp).schedules.constraints.clientFaults).toEqual([
      'reset',
      'connect-then-silence',
      'half-close',
      'abort-after',
      'oversized',
    ]);
  });

  test('a list: those kinds, in the plainest-first order; an unknown or unplayable kind is an options error', () => {
    expect(resolve({ clientFaults: ['oversized', 'reset'] }).schedules.constraints.clientFaults).toEqual([
      'reset',
      'oversized',
    ]);
    expect(() => resolve({ clientFaults: ['stall'] }, tcp)).toThrow(ClusterOptionsError);
    expect(() => resolve({ clientFaults: ['stall'] }, tcp)).toThrow(/stall needs a request to cut or drip/);
    expect(() => resolve({ clientFaults: ['nope' as 'reset'] })).toThrow(/unknown client fault "nope"/);
  });

  test('maxIdleMs: the idle check with its bound, and the idle kinds drawn when no client fault was asked for', () => {
    const resolved = resolve({ maxIdleMs: 1500 });
    expect(resolved.checks.idleClientsCutOff).toEqual({ maxIdleMs: 1500 });
    expect(resolved.schedules.constraints.clientFaults).toEqual(['connect-then-silence', 'stall', 'slow-drip']);
    expect(resolve({ maxIdleMs: 1500 }, tcp).schedules.constraints.clientFaults).toEqual(['connect-then-silence']);
    expect(resolve({ maxIdleMs: 1500, clientFaults: ['reset'] }).schedules.constraints.clientFaults).toEqual(['reset']);
    expect(() => resolve({ maxIdleMs: 3000 })).toThrow(/maxIdleMs: must be below the connection timeout \(3000 ms\)/);
    expect(() => resolve({ maxIdleMs: 0 })).toThrow(/maxIdleMs: must be a positive integer/);
  });
});
