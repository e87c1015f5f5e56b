// Specs for restartLatency: from each worker fault to its replacement being ready, 95th percentile against a bound.

import { describe, expect, it } from 'vitest';
import { restartLatency } from '../../src/invariants/restart-latency.js';
import { history, type HistoryBuilder } from './_build.js';

const master = 100;
const workers = [101, 102];

/** `latencies.length` successive crashes of the newest worker, each replaced after the given latency. */
function crashes(latencies: readonly number[]): HistoryBuilder {
  const builder = history().ready(master, workers);
  let victim = 101;
  latencies.forEach((latency, index) => {
    const at = 10_000 * (index + 1);
    const replacement = 200 + index;
    builder.crash(victim, at, { pid: replacement, readyAt: at + latency });
    victim = replacement;
  });
  return builder;
}

describe('restartLatency', () => {
  it('passes when replacements are quick', () => {
    const verdict = restartLatency(crashes([300, 500, 400]).events);
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toMatch(
      /^p95 restart latency 500ms <= 2000ms over 3 worker faults; slowest first: fault #2/,
    );
  });

  it('takes the nearest-rank p95: one slow restart in twenty passes, two fail', () => {
    const fast = Array.from({ length: 18 }, () => 300);
    expect(restartLatency(crashes([...fast, 300, 9000]).events).status).toBe('pass');
    const verdict = restartLatency(crashes([...fast, 8000, 9000]).events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain(
      'p95 restart latency 8000ms > 2000ms over 20 worker faults; slowest first: fault #20',
    );
    expect(verdict.causes).toEqual([
      expect.objectContaining({ key: 'restart-latency/slow-restart', origin: 'app', count: 2 }),
    ]);
    expect(verdict.details?.map((detail) => detail.text)).toEqual([
      expect.stringContaining('replaced by pid 219 after 9000ms'),
      expect.stringContaining('replaced by pid 218 after 8000ms'),
    ]);
    expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'worker-ready', pid: 219 }));
  });

  it('honours p95Ms', () => {
    expect(restartLatency(crashes([2500]).events).status).toBe('fail');
    const passing = restartLatency(crashes([2500]).events, { p95Ms: 3000 });
    expect(passing.status).toBe('pass');
    expect(passing.causes).toBeUndefined();
  });

  it('fails when a fault is never followed by a replacement and the run went on long enough', () => {
    const events = history().ready(master, workers).crash(101, 100).answered([102], 200, 3).stop(5000).events;
    const verdict = restartLatency(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('never replaced (watched for 4900ms)');
  });

  it('matches replacements one to one: two crashes and one new worker leave one fault unreplaced', () => {
    const events = history()
      .ready(master, workers)
      .crash(101, 100)
      .crash(102, 150, { pid: 103, readyAt: 400 })
      .stop(10_000).events;
    const verdict = restartLatency(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('fault #1 (SIGKILL) on worker 101 at 100ms replaced by pid 103 after 300ms');
    expect(verdict.message).toContain('fault #2 (SIGKILL) on worker 102 at 150ms never replaced');
  });

  it('is unknown when the run ends too soon after an unreplaced fault to tell', () => {
    const events = history().ready(master, workers).crash(101, 100).stop(600).events;
    const verdict = restartLatency(events);
    expect(verdict.status).toBe('unknown');
    expect(verdict.message).toContain('at least 500ms may or may not exceed 2000ms');
  });

  it('is unknown with no fault that killed a worker (hangs are not restarts)', () => {
    expect(restartLatency(history().ready(master, workers).events).status).toBe('unknown');
    const hang = restartLatency(
      history().ready(master, workers).fault({ at: 10, pid: 101, kind: 'hang', durationMs: 100 }).events,
    );
    expect(hang.status).toBe('unknown');
    expect(hang.message).toContain('1 hang left out');
  });
});
