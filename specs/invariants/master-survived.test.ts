// Specs for masterSurvived: the master stays alive from cluster-ready to the stop request, whatever killed it.

import { describe, expect, it } from 'vitest';
import { masterSurvived } from '../../src/invariants/master-survived.js';
import { history } from './_build.js';

const master = 100;
const workers = [101, 102];

describe('masterSurvived', () => {
  it('passes when the master lives until the stop, and its exit after the stop does not count', () => {
    const events = history()
      .ready(master, workers)
      .answered(workers, 0, 3)
      .stop(100)
      .exit(master, 150, 'master', null)
      .stopped(160).events;
    const verdict = masterSurvived(events);
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toBe('master 100 stayed alive from cluster-ready at 0ms to the stop request at 100ms');
  });

  it('passes to the end of a history that was never stopped', () => {
    const verdict = masterSurvived(history().ready(master, workers).crash(101, 50).events);
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toContain('the end of the history at 51ms');
  });

  it('fails when the master exits before the stop, with its exit and the events before it', () => {
    const events = history()
      .ready(master, workers)
      .answered(workers, 0, 3)
      .exit(master, 40, 'master', null)
      .stop(100).events;
    const verdict = masterSurvived(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toBe(
      'master 100 exited at 40ms with code 1, with no fault injected into it, before the stop request at 100ms',
    );
    expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'process-exit', pid: master }));
    expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'connection-close', connection: 3 }));
    expect(verdict.causes).toEqual([
      {
        key: 'master-survived/exited',
        origin: 'app',
        summary: verdict.message,
        fix: expect.stringContaining('Find why the master exited'),
        count: 1,
      },
    ]);
    expect(verdict.evidence.length).toBeLessThanOrEqual(20);
  });

  it('fails even when the master was killed on purpose, naming the fault', () => {
    const events = history()
      .ready(master, workers)
      .fault({ at: 30, pid: master, role: 'master' })
      .exit(master, 31, 'master').events;
    const verdict = masterSurvived(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('with signal SIGKILL, after fault #1 (SIGKILL) on master 100 at 30ms');
    expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'fault-landed', pid: master }));
    expect(verdict.causes).toEqual([
      expect.objectContaining({
        key: 'master-survived/exited',
        fix: expect.stringContaining('Nothing restarts a master'),
      }),
    ]);
  });

  it('is unknown without a cluster-ready event', () => {
    const verdict = masterSurvived(history().workerReady(101, 0).events);
    expect(verdict.status).toBe('unknown');
  });
});
