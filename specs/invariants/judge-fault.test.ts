// Specs for one worker fault's judgement: restored by its own deadline, held, and a follow-up answered.

import { describe, expect, it } from 'vitest';
import { judgeFault } from '../../src/invariants/_internals/judge-fault.js';
import { history } from './_build.js';
import { restoreFactsOf } from './_facts.js';

const master = 100;
const workers = [101, 102];

describe('judgeFault', () => {
  it('passes a killed worker replaced in time, with the answered follow-up as proof', () => {
    const facts = restoreFactsOf(
      history()
        .ready(master, workers)
        .crash(101, 100, { pid: 103, readyAt: 600 })
        .connection({ id: 5, at: 700, closeAt: 710, pid: 103 }).events,
    );
    const finding = judgeFault(facts.faults[0]!, facts);
    expect(finding).toMatchObject({ status: 'pass', restoredAt: 600 });
    expect(finding.text).toContain('restored at 600ms to [102, 103], follow-up #5');
  });

  it('fails a killed worker never replaced, at its deadline, with what was live', () => {
    const facts = restoreFactsOf(
      history().ready(master, workers).crash(101, 100).connection({ at: 6000, closeAt: 6010, pid: 102 }).events,
    );
    const finding = judgeFault(facts.faults[0]!, facts);
    expect(finding).toMatchObject({ status: 'fail', cause: { key: 'worker-count-restored/not-restored' } });
    expect(finding.text).toContain('not restored by the deadline 5100ms');
  });

  it('is unknown when the run ends before the deadline with the count not yet restored', () => {
    const facts = restoreFactsOf(history().ready(master, workers).crash(101, 100).stop(1000).events);
    expect(judgeFault(facts.faults[0]!, facts).status).toBe('unknown');
  });

  it('is unknown when the restored cluster is never asked anything', () => {
    const facts = restoreFactsOf(history().ready(master, workers).crash(101, 100, { pid: 103, readyAt: 600 }).events);
    const finding = judgeFault(facts.faults[0]!, facts);
    expect(finding).toMatchObject({ status: 'unknown', restoredAt: 600 });
    expect(finding.text).toContain('no connection was opened after the restore');
  });

  it('fails a restored cluster whose every follow-up was lost', () => {
    const facts = restoreFactsOf(
      history()
        .ready(master, workers)
        .crash(101, 100, { pid: 103, readyAt: 600 })
        .connection({ at: 700, closeAt: 710, outcome: 'reset', pid: 103 }).events,
    );
    expect(judgeFault(facts.faults[0]!, facts)).toMatchObject({
      status: 'fail',
      cause: { key: 'worker-count-restored/not-answering-after-restore' },
    });
  });
});
