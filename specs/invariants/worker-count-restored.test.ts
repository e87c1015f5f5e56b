// Specs for workerCountRestored: after each worker fault, the baseline count is back in time and the cluster answers.

import { describe, expect, it } from 'vitest';
import { workerCountRestored } from '../../src/invariants/worker-count-restored.js';
import { history } from './_build.js';

const master = 100;
const workers = [101, 102];

describe('workerCountRestored', () => {
  it('passes when no fault was requested, and says so', () => {
    const verdict = workerCountRestored(history().ready(master, workers).answered(workers, 0, 4).events);
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toBe('no fault was requested before the stop: nothing had to be restored');
  });

  it('passes when the killed worker is replaced before the deadline and a follow-up is answered', () => {
    const events = history()
      .ready(master, workers)
      .crash(101, 100, { pid: 103, readyAt: 600 })
      .connection({ id: 5, at: 700, closeAt: 710, pid: 103 }).events;
    const verdict = workerCountRestored(events);
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toContain('restored at 600ms to [102, 103], follow-up #5');
  });

  it('fails when the replacement never comes, with the deadline and what was seen', () => {
    const events = history()
      .ready(master, workers)
      .crash(101, 100)
      .answered([102], 200, 3)
      .connection({ at: 6000, closeAt: 6010, pid: 102 }).events;
    const verdict = workerCountRestored(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('not restored by the deadline 5100ms');
    expect(verdict.message).toContain('[102] (1 of 2)');
    expect(verdict.message).toContain('worker-ready after the fault: none');
    expect(verdict.causes).toEqual([
      expect.objectContaining({ key: 'worker-count-restored/not-restored', origin: 'app', count: 1 }),
    ]);
    expect(verdict.details).toEqual([expect.objectContaining({ key: 'worker-count-restored/not-restored' })]);
    expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'fault-landed', pid: 101 }));
    expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'process-exit', pid: 101 }));
  });

  it('holds each fault to restoreWithinMs: a replacement after 1500 ms is late for 1000 ms, in time for the default', () => {
    const events = history()
      .ready(master, workers)
      .crash(101, 100, { pid: 103, readyAt: 1600 })
      .connection({ at: 1700, closeAt: 1710, pid: 103 }).events;
    expect(workerCountRestored(events).status).toBe('pass');
    const late = workerCountRestored(events, { restoreWithinMs: 1000 });
    expect(late.status).toBe('fail');
    expect(late.message).toContain('not restored by the deadline 1100ms');
  });

  it('fails when the faulted worker never exits, even though the count never dropped', () => {
    const events = history()
      .ready(master, workers)
      .fault({ at: 100, pid: 101, kind: 'SIGTERM' })
      .answered(workers, 200, 4)
      .connection({ at: 6000, closeAt: 6010, pid: 101 }).events;
    const verdict = workerCountRestored(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('pid 101 never exited');
  });

  it('fails when every follow-up connection after the restore is lost', () => {
    const events = history()
      .ready(master, workers)
      .crash(101, 100, { pid: 103, readyAt: 600 })
      .connection({ id: 7, at: 700, closeAt: 710, dispatcher: master, outcome: 'reset' })
      .connection({ id: 8, at: 720, closeAt: 730, dispatcher: master, outcome: 'reset' }).events;
    const verdict = workerCountRestored(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('none of the 2 follow-up connections opened since was answered: #7 (reset');
    expect(verdict.causes?.map((cause) => cause.key)).toEqual(['worker-count-restored/not-answering-after-restore']);
    expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'connection-close', connection: 7 }));
  });

  it('judges each of two close faults against its own deadline', () => {
    // Both die before either replacement: restored for both once the second replacement is ready.
    const bothRestored = history()
      .ready(master, workers)
      .crash(101, 100, { pid: 103, readyAt: 400 })
      .crash(102, 300, { pid: 104, readyAt: 900 })
      .connection({ at: 1000, closeAt: 1010, pid: 104 }).events;
    expect(workerCountRestored(bothRestored).status).toBe('pass');

    // 103 is ready while 102 is still up, which restores the first fault; the second fault's replacement is late.
    const secondLate = history()
      .ready(master, workers)
      .crash(101, 100, { pid: 103, readyAt: 400 })
      .crash(102, 500, { pid: 104, readyAt: 5600 })
      .connection({ at: 5700, closeAt: 5710, pid: 104 }).events;
    const verdict = workerCountRestored(secondLate);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toMatch(/^1 of 2 faults not restored/);
    expect(verdict.message).toContain('fault #2 (SIGKILL) on worker 102 at 500ms: not restored by the deadline 5500ms');
    expect(verdict.message).not.toContain('fault #1');
  });

  it('does not count a moment before the second fault as restoring the second fault', () => {
    // The count is back at 400 (before fault #2 at 500) but never again after it.
    const events = history()
      .ready(master, workers)
      .crash(101, 100, { pid: 103, readyAt: 400 })
      .crash(102, 500)
      .connection({ at: 6000, closeAt: 6010, pid: 103 }).events;
    const verdict = workerCountRestored(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('fault #2');
  });

  it('leaves master faults to masterSurvived', () => {
    const events = history().ready(master, workers).fault({ at: 100, pid: master, role: 'master' }).events;
    const verdict = workerCountRestored(events);
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toContain(
      'no fault landed on a worker (1 fault on non-worker processes left to master-survived)',
    );
  });

  it('ignores everything after the stop request: a shutdown is not a fault', () => {
    const events = history().ready(master, workers).answered(workers, 0, 3).stop(100).crash(101, 150).events;
    expect(workerCountRestored(events).status).toBe('pass');
  });

  describe('exactly the baseline, from the restore until the next disturbance', () => {
    it('three workers live after a restore fails too-many-workers', () => {
      const events = history()
        .ready(master, workers)
        .crash(101, 100, { pid: 103, readyAt: 600 })
        .workerReady(104, 900, master)
        .connection({ at: 700, closeAt: 710, pid: 103 }).events;
      const verdict = workerCountRestored(events);
      expect(verdict.status).toBe('fail');
      expect(verdict.causes).toEqual([
        expect.objectContaining({
          key: 'worker-count-restored/too-many-workers',
          origin: 'app',
          count: 1,
          fix: expect.stringContaining('only once'),
        }),
      ]);
      expect(verdict.message).toContain(
        'fault #1 (SIGKILL) on worker 101 at 100ms: restored at 600ms to [102, 103], but at 900ms 3 workers were live ([102, 103, 104]), more than the baseline 2, before the end of the history at 900ms',
      );
      expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'worker-ready', pid: 104 }));
    });

    it('two replacements for one worker: the count never comes back to exactly the baseline, too-many-workers', () => {
      const events = history()
        .ready(master, workers)
        .crash(101, 100)
        .workerReady(103, 600, master)
        .workerReady(104, 600, master)
        .connection({ at: 6000, closeAt: 6010, pid: 103 }).events;
      const verdict = workerCountRestored(events);
      expect(verdict.status).toBe('fail');
      expect(verdict.causes?.map((cause) => cause.key)).toEqual(['worker-count-restored/too-many-workers']);
    });

    it('a worker lost after the restore, with no fault, fails not-restored', () => {
      const events = history()
        .ready(master, workers)
        .crash(101, 100, { pid: 103, readyAt: 600 })
        .connection({ at: 700, closeAt: 710, pid: 103 })
        .exit(102, 2000, 'worker', null).events;
      const verdict = workerCountRestored(events);
      expect(verdict.status).toBe('fail');
      expect(verdict.causes?.map((cause) => cause.key)).toEqual(['worker-count-restored/not-restored']);
      expect(verdict.message).toContain('but at 2000ms 1 worker was live ([103]), fewer than the baseline 2');
    });

    it('a surge before the restore moment is no failure (a replacement ready before the faulted worker is gone)', () => {
      const events = history()
        .ready(master, workers)
        .fault({ at: 100, pid: 101, kind: 'ipc-disconnect' })
        .workerReady(103, 300, master)
        .exit(101, 400, 'worker', null)
        .connection({ at: 500, closeAt: 510, pid: 103 }).events;
      const verdict = workerCountRestored(events);
      expect(verdict.status).toBe('pass');
      expect(verdict.message).toContain('restored at 400ms to [102, 103]');
    });

    it("the next fault ends the stretch: what the count does after it is that fault's to judge", () => {
      const events = history()
        .ready(master, workers)
        .crash(101, 100, { pid: 103, readyAt: 600 })
        .connection({ at: 700, closeAt: 710, pid: 103 })
        .crash(102, 1000, { pid: 104, readyAt: 1500 })
        .connection({ at: 1600, closeAt: 1610, pid: 104 }).events;
      expect(workerCountRestored(events).status).toBe('pass');
    });

    it("another fault still at work at the restore ends the stretch: a draining worker's exit and its surge replacement are its own", () => {
      // SIGTERM on 101 at 100 (it drains until 300; its master forks 103 at once, ready at 200); SIGKILL on 102 at 110,
      // replaced by 104 at 150: at 150 the count is 2 (101 draining, 104), then 3 (the surge), then 2 again.
      const events = history()
        .ready(master, workers)
        .fault({ at: 100, pid: 101, kind: 'SIGTERM' })
        .fault({ at: 110, pid: 102, kind: 'SIGKILL' })
        .exit(102, 111, 'worker', 'SIGKILL')
        .workerReady(104, 150, master)
        .workerReady(103, 200, master)
        .exit(101, 300, 'worker', null)
        .connection({ at: 400, closeAt: 410, pid: 103 }).events;
      const verdict = workerCountRestored(events);
      expect(verdict.status, verdict.message).toBe('pass');
    });

    it("a SIGTERM on a hung worker: its exit after the hang is the SIGTERM's to judge, not the hang's", () => {
      const events = history()
        .ready(master, workers)
        .fault({ at: 100, pid: 101, kind: 'hang', durationMs: 500 })
        .fault({ at: 300, pid: 101, kind: 'SIGTERM' })
        .connection({ at: 610, closeAt: 620, pid: 102 })
        .exit(101, 640, 'worker', null)
        .workerReady(103, 900, master)
        .connection({ at: 1000, closeAt: 1010, pid: 103 }).events;
      const verdict = workerCountRestored(events);
      expect(verdict.status, verdict.message).toBe('pass');
    });

    it('with no other fault at work, a worker lost after the restore still fails (the rule above takes nothing away)', () => {
      const events = history()
        .ready(master, workers)
        .fault({ at: 100, pid: 101, kind: 'hang', durationMs: 500 })
        .connection({ at: 610, closeAt: 620, pid: 101 })
        .exit(101, 640, 'worker', null)
        .workerReady(103, 900, master).events;
      const verdict = workerCountRestored(events);
      expect(verdict.status, verdict.message).toBe('fail');
      expect(verdict.causes?.map((cause) => cause.key)).toEqual(['worker-count-restored/not-restored']);
    });

    it('a reload start ends the stretch too', () => {
      const events = history()
        .ready(master, workers)
        .crash(101, 100, { pid: 103, readyAt: 600 })
        .connection({ at: 700, closeAt: 710, pid: 103 })
        .reload(1000, 1400)
        .workerReady(104, 1100, master)
        .workerReady(105, 1150, master)
        .exit(102, 1200, 'worker', null)
        .exit(103, 1300, 'worker', null).events;
      const verdict = workerCountRestored(events);
      expect(verdict.status).toBe('pass');
      expect(verdict.message).toContain('the reload ended at the baseline 2 workers');
    });
  });

  describe('the end of a reload is judged the same way', () => {
    /** A rolling reload from 100 to 400 that retires 101 and 102 for 103 and 104. */
    const rolling = () =>
      history()
        .ready(master, workers)
        .reload(100, 400, 'SIGHUP to the master')
        .workerReady(103, 150, master)
        .exit(101, 200, 'worker', null)
        .workerReady(104, 250, master)
        .exit(102, 300, 'worker', null)
        .answered([103, 104], 500, 2);

    it('a reload that ends with the baseline passes, with no fault at all', () => {
      const verdict = workerCountRestored(rolling().events);
      expect(verdict.status).toBe('pass');
      expect(verdict.message).toBe(
        'the reload ended at the baseline 2 workers: reload "SIGHUP to the master" ended at 400ms with [103, 104], the baseline 2 workers, held until the end of the history at 515ms',
      );
    });

    it('a reload that ends with one worker too many fails too-many-workers', () => {
      const verdict = workerCountRestored(rolling().workerReady(105, 350, master).events);
      expect(verdict.status).toBe('fail');
      expect(verdict.causes?.map((cause) => [cause.key, cause.count])).toEqual([
        ['worker-count-restored/too-many-workers', 1],
      ]);
      expect(verdict.message).toContain(
        'the reload did not end at the baseline 2 workers: reload "SIGHUP to the master" ended at 400ms, but at 400ms 3 workers were live ([103, 104, 105]), more than the baseline 2',
      );
    });

    it('one that leaves a worker too few before the next disturbance fails not-restored', () => {
      const verdict = workerCountRestored(rolling().exit(104, 450, 'worker', null).events);
      expect(verdict.status).toBe('fail');
      expect(verdict.causes?.map((cause) => cause.key)).toEqual(['worker-count-restored/not-restored']);
    });

    it('a failed reload is not judged here (every-reload-completes fails it)', () => {
      const events = history()
        .ready(master, workers)
        .reloadFailed(100, 300, 'the master died')
        .answered(workers, 400, 2).events;
      expect(workerCountRestored(events).status).toBe('pass');
    });
  });

  describe('faults that are no fault of the run', () => {
    it('a disarmed fault does not make the verdict unknown', () => {
      const events = history()
        .ready(master, workers)
        .fault({ at: 100, pid: 101, disarmedAt: 900 })
        .answered(workers, 200, 4).events;
      const verdict = workerCountRestored(events);
      expect(verdict.status).toBe('pass');
      expect(verdict.message).toBe(
        'no fault was requested before the stop (1 fault disarmed before landing): nothing had to be restored',
      );
    });

    it('a disarmed fault next to one that landed: only the landed one is judged', () => {
      const events = history()
        .ready(master, workers)
        .fault({ at: 50, pid: 102, disarmedAt: 90 })
        .crash(101, 100, { pid: 103, readyAt: 600 })
        .connection({ at: 700, closeAt: 710, pid: 103 }).events;
      const verdict = workerCountRestored(events);
      expect(verdict.status).toBe('pass');
      expect(verdict.message).toContain('all 1 worker fault restored');
    });

    it('a skipped fault was never requested', () => {
      const events = history().ready(master, workers).faultSkipped(100).answered(workers, 200, 4).events;
      expect(workerCountRestored(events).status).toBe('pass');
    });
  });

  describe('unknown', () => {
    it('when a fault was requested but never landed', () => {
      const events = history()
        .ready(master, workers)
        .fault({ at: 100, pid: 101, lands: false })
        .answered(workers, 200, 4).events;
      const verdict = workerCountRestored(events);
      expect(verdict.status).toBe('unknown');
      expect(verdict.message).toContain('fault #1 (SIGKILL) on worker 101 was requested at 100ms but never landed');
    });

    it('not when its target exited before it could land: the cluster must restore from that exit', () => {
      // An ipc-disconnect asked of a worker already on its way out (a SIGTERM drained it): the probe never ran it.
      const replaced = history()
        .ready(master, workers)
        .fault({ at: 100, pid: 101, kind: 'SIGTERM' })
        .fault({ at: 105, pid: 101, kind: 'ipc-disconnect', lands: false })
        .exit(101, 120, 'worker', null)
        .workerReady(103, 500, master)
        .connection({ at: 600, closeAt: 610, pid: 103 }).events;
      const verdict = workerCountRestored(replaced);
      expect(verdict.status, verdict.message).toBe('pass');
      const gone = history()
        .ready(master, workers)
        .fault({ at: 100, pid: 101, kind: 'ipc-disconnect', lands: false })
        .exit(101, 120, 'worker', null)
        .answered([102], 200, 4)
        .answered([102], 6000, 4).events;
      const never = workerCountRestored(gone);
      expect(never.status, never.message).toBe('fail');
      expect(never.causes?.map((cause) => cause.key)).toEqual(['worker-count-restored/not-restored']);
    });

    it('when no connection follows the restore', () => {
      const events = history().ready(master, workers).crash(101, 100, { pid: 103, readyAt: 600 }).events;
      const verdict = workerCountRestored(events);
      expect(verdict.status).toBe('unknown');
      expect(verdict.message).toContain('no connection was opened after the restore');
    });

    it('when the run stops before the deadline with the count not yet restored', () => {
      const events = history().ready(master, workers).crash(101, 100).stop(1000).events;
      const verdict = workerCountRestored(events);
      expect(verdict.status).toBe('unknown');
      expect(verdict.message).toContain('the run ended at 1000ms, before the deadline 5100ms');
    });

    it('when there is no cluster-ready baseline', () => {
      const events = history().workerReady(101, 0).crash(101, 100).events;
      expect(workerCountRestored(events).status).toBe('unknown');
    });
  });

  describe('hangs', () => {
    it('pass when the hung worker answers again after its hang', () => {
      const events = history()
        .ready(master, workers)
        .fault({ at: 100, pid: 101, kind: 'hang', durationMs: 500 })
        .connection({ id: 4, at: 300, closeAt: 650, pid: 101 }).events;
      const verdict = workerCountRestored(events);
      expect(verdict.status).toBe('pass');
      expect(verdict.message).toContain('answered again with #4');
    });

    it('an answer that closes before the hang ends proves nothing; a connection it takes after the hang and drops fails', () => {
      const events = history()
        .ready(master, workers)
        .fault({ at: 100, pid: 101, kind: 'hang', durationMs: 500 })
        .connection({ at: 100, closeAt: 101, pid: 101 })
        .connection({ id: 9, at: 700, closeAt: 900, pid: 101, outcome: 'timeout' })
        .answered([102], 1000, 3)
        .connection({ at: 6000, closeAt: 6010, pid: 102 }).events;
      const verdict = workerCountRestored(events);
      expect(verdict.status).toBe('fail');
      expect(verdict.message).toContain(
        'fault #1 (hang) on worker 101 at 100ms, hung until 600ms: after its hang it took #9',
      );
      expect(verdict.causes?.map((cause) => cause.key)).toEqual(['worker-count-restored/not-answering-after-restore']);
    });

    it("a connection the hung worker loses to a later fault on it is that fault's, not a sign the hang broke it", () => {
      // Seen in a campaign (corrected/validates-body, seed 1934051185, path 44-45): a hang, then 5 s later an
      // unhandled rejection on the same worker while it held a plain connection, reset by its death.
      const events = history()
        .ready(master, workers)
        .fault({ at: 100, pid: 101, kind: 'hang', durationMs: 500 })
        .answered([102], 1000, 3)
        .connection({ id: 9, at: 6000, closeAt: 6010, pid: 101, outcome: 'reset' })
        .crash(101, 6005, { pid: 103, readyAt: 6300 }, 'unhandled-rejection')
        .connection({ at: 6400, closeAt: 6410, pid: 103 }).events;
      const verdict = workerCountRestored(events);
      expect(verdict.causes?.map((cause) => cause.key) ?? []).not.toContain(
        'worker-count-restored/not-answering-after-restore',
      );
      expect(verdict.message).not.toContain('after its hang it took #9');
    });

    it('fail when the hang outlasts the deadline and the worker is not replaced', () => {
      const events = history()
        .ready(master, workers)
        .fault({ at: 100, pid: 101, kind: 'hang', durationMs: 10_000 })
        .answered([102], 200, 3)
        .connection({ at: 12_000, closeAt: 12_010, pid: 101 }).events;
      const verdict = workerCountRestored(events);
      expect(verdict.status).toBe('fail');
      expect(verdict.message).toContain('hung past the deadline and was not replaced');
    });

    it('pass when the master replaces the hung worker', () => {
      const events = history()
        .ready(master, workers)
        .fault({ at: 100, pid: 101, kind: 'hang', durationMs: 10_000 })
        .exit(101, 2000)
        .workerReady(103, 2300)
        .connection({ at: 2400, closeAt: 2410, pid: 103 }).events;
      expect(workerCountRestored(events).status).toBe('pass');
    });

    it('pass when the hang is over and the cluster answers, though no connection reached the hung worker (OS-balanced accepts)', () => {
      const events = history()
        .ready(master, workers)
        .fault({ at: 100, pid: 101, kind: 'hang', durationMs: 500 })
        .answered([102], 1000, 3)
        .connection({ at: 6000, closeAt: 6010, pid: 102 }).events;
      const verdict = workerCountRestored(events);
      expect(verdict.status).toBe('pass');
      expect(verdict.message).toContain('restored at 600ms to [101, 102]');
    });

    it('unknown when the hang is over but no connection was opened after it', () => {
      const events = history()
        .ready(master, workers)
        .fault({ at: 100, pid: 101, kind: 'hang', durationMs: 500 })
        .answered([102], 200, 2)
        .connection({ at: 6000, closeAt: 6010, pid: 102 })
        .events.filter((event) => !(event.type.startsWith('connection') && event.t >= 6000));
      const verdict = workerCountRestored(events);
      expect(verdict.status).toBe('unknown');
    });
  });
});
