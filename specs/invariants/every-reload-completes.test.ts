// Specs for everyReloadCompletes: each reload started before the stop ends, complete; a failed or unended one fails.

import { describe, expect, it } from 'vitest';
import { everyReloadCompletes } from '../../src/invariants/every-reload-completes.js';
import { history } from './_build.js';

const master = 100;
const workers = [101, 102];

describe('everyReloadCompletes', () => {
  it('passes with no reload, and says so', () => {
    const verdict = everyReloadCompletes(history().ready(master, workers).answered(workers, 0, 3).events);
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toBe('no reload was asked for before the stop: nothing had to complete');
  });

  it('passes when every reload ends', () => {
    const events = history()
      .ready(master, workers)
      .reload(100, 400)
      .reload(600, 750, 'pm2 reload app')
      .stop(1000).events;
    const verdict = everyReloadCompletes(events);
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toBe('each of the 2 reloads completed (in 300ms, 150ms)');
    expect(verdict.causes).toBeUndefined();
  });

  it('fails a reload that failed, with its reason', () => {
    const events = history()
      .ready(master, workers)
      .reloadFailed(100, 5100, 'the reload command exited with code 1', 'pm2 reload app')
      .stop(6000).events;
    const verdict = everyReloadCompletes(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toBe(
      '1 of 1 reload did not complete: reload "pm2 reload app" started at 100ms failed at 5100ms: the reload command exited with code 1',
    );
    expect(verdict.causes).toEqual([
      expect.objectContaining({
        key: 'every-reload-completes/failed',
        origin: 'app',
        count: 1,
        summary: expect.stringContaining('exited with code 1'),
      }),
    ]);
    expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'reload', phase: 'failed' }));
  });

  it('fails a reload with neither an end nor a failure before the stop, or before the end of the history', () => {
    const beforeStop = history()
      .ready(master, workers)
      .reload(100, 400)
      .reloadStarted(600, 'SIGHUP to the master')
      .stop(900).events;
    const verdict = everyReloadCompletes(beforeStop);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain(
      'reload "SIGHUP to the master" started at 600ms never completed: no reload end before the stop requested at 900ms',
    );
    expect(verdict.causes?.map((cause) => [cause.key, cause.count])).toEqual([
      ['every-reload-completes/never-completed', 1],
    ]);

    const neverStopped = history().ready(master, workers).reloadStarted(600).answered(workers, 700, 2).events;
    expect(everyReloadCompletes(neverStopped).message).toContain(
      'no reload end before the end of the history at 715ms',
    );
  });

  it('an end recorded only after the stop request does not complete the reload', () => {
    const events = history().ready(master, workers).reload(600, 1200).stop(900).events;
    expect(everyReloadCompletes(events).status).toBe('fail');
  });

  it('ignores reloads started after the stop request', () => {
    const events = history().ready(master, workers).stop(900).reloadStarted(1000).events;
    expect(everyReloadCompletes(events).status).toBe('pass');
  });

  it('groups its failures by cause, most frequent first, and lists each in its details', () => {
    const events = history()
      .ready(master, workers)
      .reloadFailed(100, 200, 'the master died')
      .reloadFailed(300, 400, 'timed out after 100ms')
      .reloadStarted(500)
      .stop(900).events;
    const verdict = everyReloadCompletes(events);
    expect(verdict.causes?.map((cause) => [cause.key, cause.count])).toEqual([
      ['every-reload-completes/failed', 2],
      ['every-reload-completes/never-completed', 1],
    ]);
    expect(verdict.details?.map((detail) => detail.key)).toEqual([
      'every-reload-completes/failed',
      'every-reload-completes/failed',
      'every-reload-completes/never-completed',
    ]);
  });
});
