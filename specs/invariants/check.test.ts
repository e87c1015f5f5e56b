// Specs for checkInvariants: the core invariants by default, the opt-in ones on request, the worst status overall.

import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/invariants/check.js';
import { history } from './_build.js';

const master = 100;
const workers = [101, 102];
const healthy = () =>
  history()
    .ready(master, workers)
    .answered(workers, 0, 10)
    .crash(101, 200, { pid: 103, readyAt: 500 })
    .answered([102, 103], 600, 10)
    .stop(1000)
    .stopped(1200);

describe('checkInvariants', () => {
  it('runs the six core invariants by default and passes a healthy run', () => {
    const result = checkInvariants(healthy().events);
    expect(result.verdicts.map((verdict) => verdict.invariant)).toEqual([
      'every-connection-answered',
      'worker-count-restored',
      'master-survived',
      'no-orphans',
      'every-reload-completes',
      'every-worker-death-explained',
    ]);
    expect(result.status).toBe('pass');
  });

  it('adds the opt-in invariants on request and drops a core one given false', () => {
    const result = checkInvariants(healthy().events, {
      noOrphans: false,
      fairness: { minJainIndex: 0.5 },
      restartLatency: true,
      handledOnce: true,
    });
    expect(result.verdicts.map((verdict) => verdict.invariant)).toEqual([
      'every-connection-answered',
      'worker-count-restored',
      'master-survived',
      'every-reload-completes',
      'every-worker-death-explained',
      'fairness',
      'restart-latency',
      'handled-once',
    ]);
    expect(result.status).toBe('pass');
  });

  it('passes options through and reports the worst status', () => {
    const events = healthy().connection({ at: 800, closeAt: 810, pid: 102, outcome: 'reset' }).orphan(102, 1100).events;
    const result = checkInvariants(events, { restartLatency: { p95Ms: 100 } });
    const statuses = Object.fromEntries(result.verdicts.map((verdict) => [verdict.invariant, verdict.status]));
    expect(statuses).toEqual({
      'every-connection-answered': 'fail',
      'worker-count-restored': 'pass',
      'master-survived': 'pass',
      'no-orphans': 'fail',
      'every-reload-completes': 'pass',
      'every-worker-death-explained': 'pass',
      'restart-latency': 'fail',
    });
    expect(result.status).toBe('fail');
  });

  it('every-reload-completes is core: a failed reload fails the check, and `everyReloadCompletes: false` leaves it out', () => {
    const events = healthy().reloadFailed(700, 900, 'the reload command exited with code 1').events;
    const result = checkInvariants(events);
    expect(result.verdicts.find((verdict) => verdict.invariant === 'every-reload-completes')?.status).toBe('fail');
    expect(result.status).toBe('fail');
    const without = checkInvariants(events, { everyReloadCompletes: false });
    expect(without.verdicts.map((verdict) => verdict.invariant)).not.toContain('every-reload-completes');
  });

  it('is unknown when the worst verdict is unknown', () => {
    const result = checkInvariants(history().ready(master, workers).answered(workers, 0, 3).events);
    expect(result.verdicts.find((verdict) => verdict.invariant === 'no-orphans')?.status).toBe('unknown');
    expect(result.status).toBe('unknown');
  });
});
