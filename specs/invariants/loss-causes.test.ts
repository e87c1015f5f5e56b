// Specs for the named causes of lost connections: each rule picks its key and origin, and a failing verdict lists every loss.

import { describe, expect, it } from 'vitest';
import { everyConnectionAnswered } from '../../src/invariants/every-connection-answered.js';
import { history } from './_build.js';

const master = 100;
const workers = [101, 102];

const keysOf = (verdict: ReturnType<typeof everyConnectionAnswered>) =>
  verdict.causes?.map((cause) => [cause.key, cause.origin, cause.count]);

describe('the cause of each lost connection', () => {
  describe('refused-no-worker: refused or reset with no receipt while no worker was live and the master alive', () => {
    /** Both workers die; two connections are refused before the first replacement is ready. */
    const portClosed = (nodeCluster: boolean) => {
      const builder = history();
      if (nodeCluster) builder.nodeCluster();
      return builder
        .ready(master, workers)
        .answered(workers, 0, 4)
        .crash(101, 100)
        .crash(102, 110)
        .connection({ id: 9, at: 120, closeAt: 121, outcome: 'refused' })
        .connection({ id: 10, at: 130, closeAt: 131, outcome: 'refused' })
        .workerReady(103, 400, master)
        .workerReady(104, 410, master).events;
    };

    it('origin platform for node:cluster workers (node:cluster closes the port with its last worker)', () => {
      const verdict = everyConnectionAnswered(portClosed(true));
      expect(verdict.status).toBe('fail');
      expect(keysOf(verdict)).toEqual([['every-connection-answered/refused-no-worker', 'platform', 2]]);
      expect(verdict.message).toContain(
        '#9 (refused, no pid, 120ms-121ms): refused while master 100 was alive and no worker took connections (the last worker exited at 111ms, the next was ready at 400ms); node:cluster closes the port with its last worker',
      );
      expect(verdict.causes?.[0]?.fix).toContain('--min-available 1');
      expect(verdict.causes?.[0]?.summary).toContain('(and 1 more like it)');
    });

    it('origin app for an app that closes its own port', () => {
      const verdict = everyConnectionAnswered(portClosed(false));
      expect(keysOf(verdict)).toEqual([['every-connection-answered/refused-no-worker', 'app', 2]]);
    });

    it("node:cluster's primary closing what it queued when its last worker dies is the same platform cause", () => {
      const events = history()
        .nodeCluster()
        .ready(master, workers)
        .answered(workers, 0, 4)
        .connection({ id: 9, at: 105, closeAt: 111, outcome: 'reset', dispatcher: master })
        .crash(101, 100)
        .crash(102, 110)
        .workerReady(103, 400, master).events;
      const verdict = everyConnectionAnswered(events);
      expect(keysOf(verdict)).toEqual([['every-connection-answered/refused-no-worker', 'platform', 1]]);
      expect(verdict.message).toContain(
        "accepted by node:cluster's primary 100 at 105.1ms and reset while no worker took connections",
      );
    });
  });

  it('refused-master-gone: refused after the master exited with no fault on it', () => {
    const events = history()
      .ready(master, workers)
      .answered(workers, 0, 3)
      .exit(master, 41, 'master', null)
      .connection({ at: 50, closeAt: 51, outcome: 'refused' }).events;
    const verdict = everyConnectionAnswered(events);
    expect(keysOf(verdict)).toEqual([['every-connection-answered/refused-master-gone', 'app', 1]]);
    expect(verdict.message).toContain('refused after master 100 exited at 41ms with no fault injected into it');
  });

  it('refused-master-gone: opened as the master exited, reset before any process took it (the port outlives the exit report)', () => {
    const events = history()
      .ready(master, workers)
      .answered(workers, 0, 3)
      .exit(master, 41, 'master', null)
      .connection({ at: 40, closeAt: 48, outcome: 'reset' }).events;
    const verdict = everyConnectionAnswered(events);
    expect(keysOf(verdict)).toEqual([['every-connection-answered/refused-master-gone', 'app', 1]]);
    expect(verdict.message).toContain(
      'reset: opened at 40ms, and master 100 exited at 41ms with no fault injected into it before any process took it',
    );
  });

  describe('accepted-never-handed-on: the master accepted it and never sent it on', () => {
    it('origin app for a master of its own', () => {
      const events = history()
        .ready(master, workers)
        .answered(workers, 0, 3)
        .connection({ id: 9, at: 50, closeAt: 3050, outcome: 'timeout', dispatcher: master }).events;
      const verdict = everyConnectionAnswered(events);
      expect(keysOf(verdict)).toEqual([['every-connection-answered/accepted-never-handed-on', 'app', 1]]);
      expect(verdict.message).toContain('accepted by master 100 at 50.1ms and never handed to a worker');
      expect(verdict.causes?.[0]?.fix).toContain('Hand every accepted connection to a worker');
    });

    it("origin platform for node:cluster's primary, which queues it until a worker is free", () => {
      const events = history()
        .nodeCluster()
        .ready(master, workers)
        .answered(workers, 0, 3)
        .connection({ id: 9, at: 50, closeAt: 3050, outcome: 'timeout', dispatcher: master }).events;
      expect(keysOf(everyConnectionAnswered(events))).toEqual([
        ['every-connection-answered/accepted-never-handed-on', 'platform', 1],
      ]);
    });
  });

  describe('in transit to a live addressee', () => {
    const inTransitTo101 = () =>
      history().nodeCluster().ready(master, workers).answered(workers, 0, 3).connection({
        id: 9,
        at: 50,
        closeAt: 3050,
        outcome: 'timeout',
        dispatcher: master,
        by: 'node:cluster',
        pid: 101,
        taken: false,
      });

    it('paused by a hang: dropped-by-holder, naming the hang', () => {
      const verdict = everyConnectionAnswered(
        inTransitTo101().fault({ at: 40, pid: 101, kind: 'hang', durationMs: 5000 }).events,
      );
      expect(keysOf(verdict)).toEqual([['every-connection-answered/dropped-by-holder', 'app', 1]]);
      expect(verdict.message).toContain(
        "handed by node:cluster's round robin to worker 101 at 50.1ms, which stayed alive and never reported receiving it; it was paused by fault #1 (hang)",
      );
    });

    it('with nothing to explain it: unexplained', () => {
      expect(keysOf(everyConnectionAnswered(inTransitTo101().events))).toEqual([
        ['every-connection-answered/unexplained', 'app', 1],
      ]);
    });
  });

  it('holder-died-without-fault: its holder exited with no injected fault on it', () => {
    const events = history()
      .ready(master, workers)
      .answered(workers, 0, 3)
      .connection({ id: 9, at: 50, closeAt: 60, outcome: 'reset', pid: 101 })
      .exit(101, 60, 'worker', null)
      .workerReady(103, 200, master).events;
    const verdict = everyConnectionAnswered(events);
    expect(keysOf(verdict)).toEqual([['every-connection-answered/holder-died-without-fault', 'app', 1]]);
    expect(verdict.message).toContain(
      'held by worker 101 (received at 50.2ms), which exited at 60ms (code 1) with no injected fault ending it',
    );
  });

  it('lost-during-reload: an unexplained loss during a reload; a more specific cause wins, and the message still says "during the reload"', () => {
    const events = history()
      .ready(master, workers)
      .answered(workers, 0, 3)
      .reload(40, 90, 'pm2 reload app')
      .connection({ id: 9, at: 50, closeAt: 60, outcome: 'closed-empty' })
      .connection({ id: 10, at: 55, closeAt: 65, outcome: 'reset', pid: 102 }).events;
    const verdict = everyConnectionAnswered(events);
    expect(keysOf(verdict)).toEqual([
      ['every-connection-answered/lost-during-reload', 'app', 1],
      ['every-connection-answered/dropped-by-holder', 'app', 1],
    ]);
    expect(verdict.message).toContain(
      '#10 (reset, pid 102, 55ms-65ms): held by worker 102 (received at 55.2ms), which stayed alive and did not answer it, during the reload "pm2 reload app"',
    );
  });

  it('lost-during-reload: a worker the reload retired (it exits during the reload, after the client saw the close) dropped what it held', () => {
    // A naive reload SIGTERMs every worker: worker 101 closes the connection it holds unanswered, and its exit is seen
    // a moment after the client saw the close.
    const events = history()
      .ready(master, workers)
      .answered(workers, 0, 3)
      .reload(40, 300, 'SIGHUP to the master')
      .connection({ id: 9, at: 50, closeAt: 60, outcome: 'closed-empty', pid: 101 })
      .exit(101, 63, 'worker', 'SIGTERM')
      .workerReady(103, 250, master).events;
    const verdict = everyConnectionAnswered(events);
    expect(keysOf(verdict)).toEqual([['every-connection-answered/lost-during-reload', 'app', 1]]);
    expect(verdict.message).toContain(
      '#9 (closed-empty, pid 101, 50ms-60ms): held by worker 101 (received at 50.2ms), a worker the reload "SIGHUP to the master" (started at 40ms) retired: it exited at 63ms (signal SIGTERM) without answering it',
    );
  });

  it('refused-no-worker: refused while the only live worker drains (told to stop by SIGTERM, its server closed), not "unexplained"', () => {
    const events = history()
      .nodeCluster()
      .ready(master, workers)
      .answered(workers, 0, 4)
      .crash(101, 100)
      .fault({ at: 110, pid: 102, kind: 'SIGTERM' })
      .connection({ id: 9, at: 120, closeAt: 121, outcome: 'refused' })
      .exit(102, 150, 'worker', null)
      .workerReady(103, 400, master).events;
    const verdict = everyConnectionAnswered(events);
    expect(keysOf(verdict)).toEqual([['every-connection-answered/refused-no-worker', 'platform', 1]]);
    expect(verdict.message).toContain(
      'no worker took connections (the only live worker was stopping: 102 (SIGTERM at 110ms); the next was ready at 400ms)',
    );
  });

  describe('strict mode names what lenient mode would have excused', () => {
    it('cut-by-fault and cut-by-stop', () => {
      const events = history()
        .ready(master, workers)
        .answered(workers, 0, 3)
        .connection({ id: 9, at: 50, closeAt: 61, outcome: 'reset', pid: 101 })
        .crash(101, 60)
        .connection({ id: 10, at: 90, closeAt: 120, outcome: 'reset', pid: 102 })
        .stop(100).events;
      const verdict = everyConnectionAnswered(events, { strict: true });
      expect(keysOf(verdict)).toEqual([
        ['every-connection-answered/cut-by-fault', 'app', 1],
        ['every-connection-answered/cut-by-stop', 'app', 1],
      ]);
      expect(verdict.message).toContain('which strict mode does not excuse');
    });
  });

  describe('a failing verdict', () => {
    it('groups its causes, most frequent first, and lists every lost connection in its details', () => {
      const builder = history().nodeCluster().ready(master, workers).answered(workers, 0, 3);
      for (let index = 0; index < 48; index++) {
        builder.connection({ at: 100 + index * 10, closeAt: 105 + index * 10, pid: 102, outcome: 'reset' });
      }
      builder
        .fault({ at: 600, pid: 101 })
        .exit(101, 601)
        .connection({
          id: 90,
          at: 602,
          closeAt: 3602,
          outcome: 'timeout',
          dispatcher: master,
          by: 'node:cluster',
          pid: 101,
          taken: false,
        })
        .connection({
          id: 91,
          at: 603,
          closeAt: 3603,
          outcome: 'timeout',
          dispatcher: master,
          by: 'node:cluster',
          pid: 101,
          taken: false,
        });
      const verdict = everyConnectionAnswered(builder.events);
      expect(verdict.status).toBe('fail');
      expect(keysOf(verdict)).toEqual([
        ['every-connection-answered/dropped-by-holder', 'app', 48],
        ['every-connection-answered/handed-to-dead-worker', 'platform', 2],
      ]);
      // The message shows the first of each cause first, then says how many more; the details list all 50.
      expect(verdict.message).toMatch(
        /^50 connections lost with nothing to excuse them .*: #4 \(reset.*; #90 \(timeout.*; #5 \(reset.*; and 47 more$/,
      );
      expect(verdict.details).toHaveLength(50);
      expect(verdict.details?.map((detail) => detail.connection)).toEqual([
        ...Array.from({ length: 48 }, (_, index) => index + 4),
        90,
        91,
      ]);
      expect(verdict.details?.[48]).toEqual({
        key: 'every-connection-answered/handed-to-dead-worker',
        connection: 90,
        text: expect.stringContaining(
          "#90 (timeout, pid 100, 602ms-3602ms): handed by node:cluster's round robin to worker 101 at 602.1ms, which had died at 600ms (SIGKILL, fault #1), exit seen at 601ms",
        ),
      });
      // Evidence stays small and shows the first connection of each cause.
      expect(verdict.evidence.length).toBeLessThanOrEqual(20);
      expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'connection-close', connection: 4 }));
      expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'connection-dispatched', to: 101 }));
      expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'fault-landed', pid: 101 }));
    });

    it('a passing or unknown verdict carries no causes', () => {
      const passing = everyConnectionAnswered(history().ready(master, workers).answered(workers, 0, 3).events);
      expect(passing.causes).toBeUndefined();
      expect(passing.details).toBeUndefined();
      expect(everyConnectionAnswered(history().ready(master, workers).events).causes).toBeUndefined();
    });
  });
});
