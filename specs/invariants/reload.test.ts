// Specs for reloads across the invariants: a reload's worker exits are no failure, and nothing excuses a loss across it.

import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/invariants/check.js';
import { everyConnectionAnswered } from '../../src/invariants/every-connection-answered.js';
import { masterSurvived } from '../../src/invariants/master-survived.js';
import { workerCountRestored } from '../../src/invariants/worker-count-restored.js';
import { history } from './_build.js';

const master = 100;
const workers = [101, 102];
const core = { noOrphans: false } as const;

/** A rolling reload from 100 to 400 ms: 103 ready, 101 exits; 104 ready, 102 exits; connections answered throughout. */
function rolling() {
  return history()
    .ready(master, workers)
    .answered(workers, 0, 5)
    .reload(100, 400, 'SIGHUP to the master')
    .workerReady(103, 150, master)
    .exit(101, 200, 'worker', null)
    .workerReady(104, 250, master)
    .exit(102, 300, 'worker', null)
    .answered([102, 103], 110, 5, 30)
    .answered([103, 104], 420, 4);
}

describe('a reload across the invariants', () => {
  it('a rolling reload that loses nothing passes every core invariant: its worker exits are no failure', () => {
    const { status, verdicts } = checkInvariants(rolling().events, core);
    expect(verdicts.map((verdict) => [verdict.invariant, verdict.status])).toEqual([
      ['every-connection-answered', 'pass'],
      ['worker-count-restored', 'pass'],
      ['master-survived', 'pass'],
      ['every-reload-completes', 'pass'],
      ['every-worker-death-explained', 'pass'],
    ]);
    expect(status).toBe('pass');
  });

  it('a naive reload (every worker killed at once) fails every-connection-answered in lenient mode, and only that', () => {
    const events = history()
      .ready(master, workers)
      .answered(workers, 0, 5)
      .reload(100, 500, 'SIGHUP to the master')
      .exit(101, 105, 'worker', 'SIGTERM')
      .exit(102, 106, 'worker', 'SIGTERM')
      // Held by 101 when it was killed, then refused while no worker listened.
      .connection({ at: 102, closeAt: 105, pid: 101, outcome: 'reset' })
      .connection({ at: 120, closeAt: 121, outcome: 'refused' })
      .workerReady(103, 300, master)
      .workerReady(104, 320, master)
      .answered([103, 104], 520, 4).events;
    const verdict = everyConnectionAnswered(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('2 connections lost with nothing to excuse them (lenient mode');
    expect(verdict.message).toContain('refused while master 100 was alive');
    expect(verdict.message).toContain('during the reload "SIGHUP to the master"');
    // 101 held one when the reload retired it (lost-during-reload); one was refused while no worker listened.
    expect(verdict.causes?.map((cause) => cause.key).sort()).toEqual([
      'every-connection-answered/lost-during-reload',
      'every-connection-answered/refused-no-worker',
    ]);
    expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'reload', phase: 'start' }));
    expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'process-exit', pid: 101 }));
    expect(workerCountRestored(events).status).toBe('pass');
    expect(masterSurvived(events).status).toBe('pass');
  });

  it("a loss on a worker the reload retired is not excused by its exit (the exit is no fault), and is named as the reload's", () => {
    const events = rolling().connection({ at: 190, closeAt: 200, pid: 101, outcome: 'reset' }).events;
    const verdict = everyConnectionAnswered(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain(
      'held by worker 101 (received at 190.2ms), a worker the reload "SIGHUP to the master" (started at 100ms) retired: it exited at 200ms (code 1) without answering it',
    );
    expect(verdict.message).not.toContain('without answering it, during the reload');
    expect(verdict.causes?.map((cause) => cause.key)).toEqual(['every-connection-answered/lost-during-reload']);
  });

  it('a reload that never ended leaves its window open: a later loss is still named as during it', () => {
    const events = history()
      .ready(master, workers)
      .answered(workers, 0, 3)
      .connection({ at: 900, closeAt: 950, outcome: 'refused' }).events;
    events.push({ type: 'reload', t: 100, phase: 'start', how: 'pm2 reload app' });
    const verdict = everyConnectionAnswered(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('during the reload "pm2 reload app" started at 100ms');
  });

  it('inside a reload, a fault on the holder still excuses the loss it caused (lenient), and strict mode does not', () => {
    const events = rolling()
      .connection({ id: 50, at: 160, closeAt: 170, pid: 103, outcome: 'reset' })
      .fault({ at: 165, pid: 103 })
      .exit(103, 166)
      .workerReady(105, 380, master)
      .answered([104, 105], 600, 2).events;
    expect(everyConnectionAnswered(events).status).toBe('pass');
    const strict = everyConnectionAnswered(events, { strict: true });
    expect(strict.status).toBe('fail');
    expect(strict.message).toContain('which strict mode does not excuse');
  });

  it('inside a reload, a fault on another process excuses nothing', () => {
    const events = rolling()
      .connection({ id: 50, at: 160, closeAt: 170, pid: 102, outcome: 'reset' })
      .fault({ at: 165, pid: 104, kind: 'hang', durationMs: 10 }).events;
    const verdict = everyConnectionAnswered(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('#50 (reset, pid 102');
  });

  it("a fault during a reload is restored once the baseline is back: the reload's surge and exits do not confuse the count", () => {
    const events = rolling()
      .fault({ at: 160, pid: 103 })
      .exit(103, 161)
      .workerReady(105, 380, master)
      .answered([104, 105], 600, 2).events;
    const verdict = workerCountRestored(events);
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toContain('all 1 worker fault restored to 2 workers');
  });
});
