// Specs for judgeRestores: nothing to restore, no baseline, or a finding per worker fault and per reload end.

import { describe, expect, it } from 'vitest';
import { judgeRestores } from '../../src/invariants/_internals/judge-restores.js';
import { history } from './_build.js';

const master = 100;
const workers = [101, 102];

describe('judgeRestores', () => {
  it('has nothing to restore without a fault or a reload end, and counts the faults disarmed', () => {
    const events = history().ready(master, workers).fault({ at: 100, pid: 101, disarmedAt: 200 }).events;
    const judgement = judgeRestores(events);
    expect(judgement).toEqual({
      kind: 'nothing-to-restore',
      message: 'no fault was requested before the stop (1 fault disarmed before landing): nothing had to be restored',
      restoreWithinMs: 5000,
    });
  });

  it('has no baseline without a cluster-ready event', () => {
    const judgement = judgeRestores(history().fault({ at: 100, pid: 101 }).events, { restoreWithinMs: 1000 });
    expect(judgement).toMatchObject({ kind: 'no-baseline', restoreWithinMs: 1000 });
  });

  it('judges each worker fault and each reload end, and leaves the master faults to master-survived', () => {
    const events = history()
      .ready(master, workers)
      .crash(101, 100, { pid: 103, readyAt: 600 })
      .connection({ at: 700, closeAt: 710, pid: 103 })
      .reload(1000, 1500)
      .fault({ at: 2000, pid: master, kind: 'hang', role: 'master', durationMs: 100 }).events;
    const judgement = judgeRestores(events);
    if (judgement.kind !== 'judged') throw new Error(`expected findings, got ${judgement.kind}`);
    expect(judgement.baseline).toBe(2);
    expect(judgement.findings.map((finding) => [finding.status, finding.reload === undefined])).toEqual([
      ['pass', true],
      ['pass', false],
    ]);
    expect(judgement.ignored).toBe(' (1 fault on non-worker processes left to master-survived)');
  });

  it('judges a fault whose target exited before it landed as landed at that exit', () => {
    const events = history()
      .ready(master, workers)
      .fault({ at: 100, pid: 101, lands: false })
      .exit(101, 150)
      .workerReady(103, 400)
      .connection({ at: 500, closeAt: 510, pid: 103 }).events;
    const judgement = judgeRestores(events);
    if (judgement.kind !== 'judged') throw new Error(`expected findings, got ${judgement.kind}`);
    expect(judgement.findings).toHaveLength(1);
    expect(judgement.findings[0]).toMatchObject({ status: 'pass', fault: { landed: { t: 150, pid: 101 } } });
  });

  it('is unknown about a fault that was requested but never landed', () => {
    const events = history().ready(master, workers).fault({ at: 100, pid: 101, lands: false }).events;
    const judgement = judgeRestores(events);
    if (judgement.kind !== 'judged') throw new Error(`expected findings, got ${judgement.kind}`);
    expect(judgement.findings[0]).toMatchObject({ status: 'unknown' });
    expect(judgement.findings[0]?.text).toContain('but never landed');
  });
});
