// Specs for noOrphans: after the stop request, no process of the cluster is left behind.

import { describe, expect, it } from 'vitest';
import { noOrphans } from '../../src/invariants/no-orphans.js';
import { history } from './_build.js';

const cluster = () => history().ready(100, [101, 102]).answered([101, 102], 0, 3);

describe('noOrphans', () => {
  it('passes when the stop completes with no orphan', () => {
    const verdict = noOrphans(cluster().stop(100).stopped(300).events);
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toBe('every process was gone 200ms after the stop request, with no orphan');
  });

  it('fails with each orphan by pid and command line', () => {
    const events = cluster().stop(100).orphan(102, 2100, 'node worker.js --id 2').stopped(2200).events;
    const verdict = noOrphans(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain(
      '1 process outlived the stop requested at 100ms and its 2000ms grace period: pid 102 (node worker.js --id 2)',
    );
    expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'orphan', pid: 102 }));
    expect(verdict.causes).toEqual([
      expect.objectContaining({ key: 'no-orphans/left-running', origin: 'app', count: 1 }),
    ]);
    expect(verdict.details).toEqual([
      { key: 'no-orphans/left-running', text: 'pid 102 (node worker.js --id 2) still alive after the grace period' },
    ]);
  });

  it('fails on orphans even when the stop never completed', () => {
    expect(noOrphans(cluster().stop(100).orphan(101, 2100).orphan(102, 2100).events).status).toBe('fail');
  });

  it('is unknown when the stop was never requested', () => {
    expect(noOrphans(cluster().events).status).toBe('unknown');
  });

  it('is unknown when the stop never completed', () => {
    const verdict = noOrphans(cluster().stop(100).events);
    expect(verdict.status).toBe('unknown');
    expect(verdict.message).toContain('never completed');
  });
});
