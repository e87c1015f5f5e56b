// Specs for the stretch that must hold the baseline: after a restore, and after a reload's end, until a disturbance.

import { describe, expect, it } from 'vitest';
import { heldAtBaseline, judgeReloadEnd } from '../../src/invariants/_internals/held-at-baseline.js';
import { history } from './_build.js';
import { restoreFactsOf } from './_facts.js';

const master = 100;
const workers = [101, 102];

describe('heldAtBaseline', () => {
  it('finds nothing when the count stays at the baseline until the end', () => {
    const facts = restoreFactsOf(history().ready(master, workers).crash(101, 100, { pid: 103, readyAt: 600 }).events);
    expect(heldAtBaseline(facts.faults[0]!, 600, [102, 103], facts, [])).toBeUndefined();
  });

  it('fails with too-many-workers when an extra worker comes up before the next disturbance', () => {
    const events = history()
      .ready(master, workers)
      .crash(101, 100, { pid: 103, readyAt: 600 })
      .workerReady(104, 900)
      .stop(2000).events;
    const facts = restoreFactsOf(events);
    const finding = heldAtBaseline(facts.faults[0]!, 600, [102, 103], facts, []);
    expect(finding).toMatchObject({
      status: 'fail',
      restoredAt: 600,
      cause: { key: 'worker-count-restored/too-many-workers' },
    });
    expect(finding?.text).toContain('at 900ms 3 workers were live ([102, 103, 104]), more than the baseline 2');
    expect(finding?.text).toContain('before the stop requested at 2000ms');
  });

  it('leaves a restore inside a reload to the reload end', () => {
    const events = history()
      .ready(master, workers)
      .reload(50, 1000)
      .crash(101, 100, { pid: 103, readyAt: 600 })
      .workerReady(104, 700).events;
    const facts = restoreFactsOf(events);
    expect(heldAtBaseline(facts.faults[0]!, 600, [102, 103], facts, [])).toBeUndefined();
  });
});

describe('judgeReloadEnd', () => {
  it('passes a reload that ends at the baseline and says until what it held', () => {
    const facts = restoreFactsOf(history().ready(master, workers).reload(100, 500).stop(3000).events);
    const finding = judgeReloadEnd(facts.reloads[0]!, facts);
    expect(finding.status).toBe('pass');
    expect(finding.text).toBe(
      'reload "SIGHUP" ended at 500ms with [101, 102], the baseline 2 workers, held until the stop requested at 3000ms',
    );
  });

  // Seen in CI: a SIGTERM'd worker's exit, reported as of the moment it said it was exiting, falls a moment before the
  // reload's end. Its replacement is that fault's to judge, by its deadline.
  it("leaves the count to a fault whose worker exited a moment before the reload's end, not yet replaced", () => {
    const events = history()
      .ready(master, workers)
      .reload(100, 500)
      .crash(101, 497, { pid: 103, readyAt: 700 }, 'SIGTERM')
      .stop(3000).events;
    const facts = restoreFactsOf(events);
    const finding = judgeReloadEnd(facts.reloads[0]!, facts);
    expect(finding.status).toBe('pass');
    expect(finding.text).toBe(
      'reload "SIGHUP" ended at 500ms with [102], the baseline 2 workers, held until fault #1 (SIGTERM) on worker 101 at 497ms, whose worker exited at 498ms and was not yet replaced at 500ms',
    );
  });

  it('judges the count at the end again once that fault is past its deadline', () => {
    const events = history().ready(master, workers).crash(101, 100).reload(5200, 5500).stop(8000).events;
    const facts = restoreFactsOf(events, 5000);
    const finding = judgeReloadEnd(facts.reloads[0]!, facts);
    expect(finding).toMatchObject({ status: 'fail', cause: { key: 'worker-count-restored/not-restored' } });
    expect(finding.text).toContain('at 5500ms 1 worker was live ([102]), fewer than the baseline 2');
  });

  it('fails a reload that ends a worker short with no fault to wait for', () => {
    const events = history().ready(master, workers).reload(100, 500).exit(101, 450, 'worker').stop(3000).events;
    const facts = restoreFactsOf(events);
    const finding = judgeReloadEnd(facts.reloads[0]!, facts);
    expect(finding).toMatchObject({ status: 'fail', cause: { key: 'worker-count-restored/not-restored' } });
  });

  it('fails a reload that ends with a worker too many', () => {
    const facts = restoreFactsOf(history().ready(master, workers).workerReady(103, 300).reload(100, 500).events);
    const finding = judgeReloadEnd(facts.reloads[0]!, facts);
    expect(finding).toMatchObject({ status: 'fail', cause: { key: 'worker-count-restored/too-many-workers' } });
  });
});
