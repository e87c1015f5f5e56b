// Specs for fairness: Jain's index of answered connections per worker against a bound.

import { describe, expect, it } from 'vitest';
import { fairness } from '../../src/invariants/fairness.js';
import { history } from './_build.js';

const master = 100;

describe('fairness', () => {
  it('passes with an even spread (index 1)', () => {
    const verdict = fairness(history().ready(master, [101, 102, 103]).answered([101, 102, 103], 0, 30).events);
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toContain("Jain's index 1.000 >= 0.8 over 3 workers and 30 answered connections");
    expect(verdict.message).toContain('pid 101: 10, pid 102: 10, pid 103: 10');
  });

  it('fails when one worker takes almost everything', () => {
    // 18 on 101, 1 on 102, 1 on 103: J = 400 / (3 × 326) ≈ 0.409.
    const events = history().ready(master, [101, 102, 103]).answered([101], 0, 18).answered([102, 103], 500, 2).events;
    const verdict = fairness(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain("Jain's index 0.409 < 0.8");
  });

  it('names its cause when it fails', () => {
    const verdict = fairness(history().ready(master, [101, 102]).answered([101], 0, 19).answered([102], 500, 1).events);
    expect(verdict.status).toBe('fail');
    expect(verdict.causes).toEqual([
      expect.objectContaining({ key: 'fairness/uneven-spread', origin: 'app', count: 1, summary: verdict.message }),
    ]);
  });

  it('counts a baseline worker that stayed up and answered nothing as a zero', () => {
    // 10 and 10 and 0: J = 400 / (3 × 200) ≈ 0.667.
    const events = history().ready(master, [101, 102, 103]).answered([101, 102], 0, 20).events;
    const verdict = fairness(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('pid 103: 0');
  });

  it('leaves out a dead baseline worker that answered nothing, and answers by the master', () => {
    const events = history()
      .ready(master, [101, 102, 103])
      .crash(103, 1)
      .answered([101, 102], 10, 20)
      .connection({ at: 500, closeAt: 510, pid: master }).events;
    const verdict = fairness(events);
    expect(verdict.status).toBe('pass');
    expect(verdict.message).not.toContain('pid 103');
    expect(verdict.message).toContain('1 answer by non-workers left out');
  });

  it('honours minJainIndex', () => {
    const events = history().ready(master, [101, 102, 103]).answered([101, 102], 0, 20).events;
    expect(fairness(events, { minJainIndex: 0.6 }).status).toBe('pass');
  });

  it('is unknown with fewer than 10 answered connections or fewer than 2 workers', () => {
    expect(fairness(history().ready(master, [101, 102]).answered([101, 102], 0, 9).events).status).toBe('unknown');
    const oneWorker = fairness(history().ready(master, [101]).answered([101], 0, 50).events);
    expect(oneWorker.status).toBe('unknown');
    expect(oneWorker.message).toContain('1 worker, 50 answered connections');
  });
});
