// Specs for the lenient excuse rules: only an abrupt fault that ended the holder excuses; a connection in transit is the sender's; a short window for the unattributed.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/invariants/check.js';
import { everyConnectionAnswered } from '../../src/invariants/every-connection-answered.js';
import { history } from './_build.js';

const master = 100;
const workers = [101, 102];

describe('the lenient excuse rules', () => {
  describe("node:cluster's round robin hands a connection to a worker that is dying: the same verdict on either side of the fault", () => {
    // Worker 101 is killed at 100 and its exit is seen at 101; the primary, which has not seen it yet, hands it a
    // connection that nobody ever answers (the client times out 3 s later).
    const handedToTheDyingWorker = (openedAt: number) =>
      history()
        .nodeCluster()
        .ready(master, workers)
        .answered(workers, 0, 4)
        .fault({ at: 100, pid: 101 })
        .exit(101, 101)
        .connection({
          id: 9,
          at: openedAt,
          closeAt: openedAt + 3000,
          outcome: 'timeout',
          dispatcher: master,
          by: 'node:cluster',
          pid: 101,
          taken: false,
        }).events;

    it('opened 1 ms before the fault: fail, handed-to-dead-worker, origin platform', () => {
      const verdict = everyConnectionAnswered(handedToTheDyingWorker(99));
      expect(verdict.status).toBe('fail');
      expect(verdict.causes).toEqual([
        expect.objectContaining({
          key: 'every-connection-answered/handed-to-dead-worker',
          origin: 'platform',
          count: 1,
        }),
      ]);
      expect(verdict.message).toContain(
        "#9 (timeout, pid 100, 99ms-3099ms): handed by node:cluster's round robin to worker 101 at 99.2ms, which was killed at 100ms (SIGKILL, fault #1) before taking it, exited at 101ms; Node never closes it nor hands it to another worker",
      );
    });

    it('any side of the fault, any fault that ends the worker: the same verdict, whatever the kill and exit timing', () => {
      fc.assert(
        fc.property(
          fc.double({ min: -50, max: 50, noNaN: true }),
          fc.double({ min: 0.1, max: 30, noNaN: true }),
          fc.constantFrom(
            'SIGKILL',
            'exit',
            'uncaught-exception',
            'unhandled-rejection',
            'ipc-disconnect',
            'SIGTERM',
          ) as fc.Arbitrary<
            'SIGKILL' | 'exit' | 'uncaught-exception' | 'unhandled-rejection' | 'ipc-disconnect' | 'SIGTERM'
          >,
          (offset, exitAfter, kind) => {
            const openedAt = 100 + offset;
            const events = history()
              .nodeCluster()
              .ready(master, workers)
              .answered(workers, 0, 4)
              .fault({ at: 100, pid: 101, kind })
              .exit(101, 100 + exitAfter)
              .connection({
                id: 9,
                at: openedAt,
                closeAt: openedAt + 3000,
                outcome: 'timeout',
                dispatcher: master,
                by: 'node:cluster',
                pid: 101,
                taken: false,
              }).events;
            const verdict = everyConnectionAnswered(events);
            expect(verdict.status).toBe('fail');
            expect(verdict.causes?.map((cause) => [cause.key, cause.origin])).toEqual([
              ['every-connection-answered/handed-to-dead-worker', 'platform'],
            ]);
          },
        ),
      );
    });

    it('opened 0.3 ms after the fault: the same verdict', () => {
      const verdict = everyConnectionAnswered(handedToTheDyingWorker(100.3));
      expect(verdict.status).toBe('fail');
      expect(verdict.causes).toEqual([
        expect.objectContaining({
          key: 'every-connection-answered/handed-to-dead-worker',
          origin: 'platform',
          count: 1,
        }),
      ]);
      expect(verdict.message).toContain(
        "handed by node:cluster's round robin to worker 101 at 100.5ms, which had died at 100ms (SIGKILL, fault #1)",
      );
      expect(verdict.causes?.[0]?.fix).toContain('SCHED_NONE');
      expect(verdict.causes?.[0]?.fix).toContain('NODE_CLUSTER_SCHED_POLICY=none');
    });
  });

  it('a connection black-holed by a live worker while an unrelated fault lands on another worker is not excused', () => {
    const events = history()
      .nodeCluster()
      .ready(master, workers)
      .answered(workers, 0, 4)
      .connection({
        id: 9,
        at: 50,
        closeAt: 3050,
        outcome: 'timeout',
        dispatcher: master,
        by: 'node:cluster',
        pid: 102,
      })
      .crash(101, 60, { pid: 103, readyAt: 300 }).events;
    const verdict = everyConnectionAnswered(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.causes).toEqual([
      expect.objectContaining({ key: 'every-connection-answered/dropped-by-holder', origin: 'app' }),
    ]);
    expect(verdict.message).toContain(
      'held by worker 102 (received at 50.2ms), which stayed alive and did not answer it',
    );
  });

  it('a connection no process received, black-holed for 3 s while an unrelated fault lands 500 ms in, is not excused', () => {
    const events = history()
      .ready(master, workers)
      .answered(workers, 0, 4)
      .connection({ id: 9, at: 50, closeAt: 3050, outcome: 'timeout' })
      .crash(101, 550, { pid: 103, readyAt: 800 }).events;
    const verdict = everyConnectionAnswered(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.causes?.map((cause) => cause.key)).toEqual(['every-connection-answered/unexplained']);
    expect(verdict.message).toContain(
      'the nearest fault: fault #1 (SIGKILL) on worker 101 at 550ms, its process exited at 551ms',
    );
  });

  it('a worker that received SIGTERM and dropped what it held fails with dropped-during-sigterm', () => {
    const events = history()
      .ready(master, workers)
      .answered(workers, 0, 4)
      .connection({ id: 9, at: 50, closeAt: 56, outcome: 'reset', pid: 101 })
      .fault({ at: 55, pid: 101, kind: 'SIGTERM' })
      .exit(101, 56, 'worker', 'SIGTERM')
      .workerReady(103, 300).events;
    const verdict = everyConnectionAnswered(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.causes).toEqual([
      expect.objectContaining({
        key: 'every-connection-answered/dropped-during-sigterm',
        origin: 'app',
        count: 1,
        fix: expect.stringContaining('Drain on SIGTERM'),
      }),
    ]);
    expect(verdict.message).toContain(
      'held by worker 101 (received at 50.2ms), which was sent SIGTERM at 55ms (fault #1) and exited at 56ms without answering it',
    );
  });

  it('a worker that is sent SIGTERM and destroys a connection it is still handed fails the same way', () => {
    const events = history()
      .ready(master, workers)
      .answered(workers, 0, 4)
      .fault({ at: 40, pid: 101, kind: 'SIGTERM' })
      .connection({ id: 9, at: 50, closeAt: 51, outcome: 'reset', dispatcher: master, by: 'app', pid: 101 })
      .exit(101, 200, 'worker', null).events;
    const verdict = everyConnectionAnswered(events);
    expect(verdict.causes?.map((cause) => cause.key)).toEqual(['every-connection-answered/dropped-during-sigterm']);
    expect(verdict.message).toContain('and closed it unanswered (it exited at 200ms): it did not drain');
  });

  it('a hang excuses nothing', () => {
    const events = history()
      .ready(master, workers)
      .answered(workers, 0, 4)
      .fault({ at: 45, pid: 101, kind: 'hang', durationMs: 5000 })
      .connection({ id: 9, at: 50, closeAt: 3050, outcome: 'timeout', pid: 101 }).events;
    const verdict = everyConnectionAnswered(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('a hang excuses nothing');
  });

  describe('a fault that ended the holder excuses what it held', () => {
    it('a connection received by a worker that then died of SIGKILL is excused', () => {
      const events = history()
        .nodeCluster()
        .ready(master, workers)
        .answered(workers, 0, 4)
        .connection({ id: 9, at: 50, closeAt: 61, outcome: 'reset', dispatcher: master, by: 'node:cluster', pid: 101 })
        .crash(101, 60, { pid: 103, readyAt: 300 }).events;
      const verdict = everyConnectionAnswered(events);
      expect(verdict.status).toBe('pass');
      expect(verdict.message).toContain(
        '1 lost connection excused: #9 (reset, pid 101, 50ms-61ms) cut by fault #1 (SIGKILL) on worker 101 at 60ms, which ended it at 61ms',
      );
    });

    it('an uncaught exception acts from its landing until the exit: a connection the dying worker took meanwhile is excused', () => {
      // The exception lands at 60; the worker still takes #9 at 70.2 and exits at 90.
      const events = history()
        .ready(master, workers)
        .answered(workers, 0, 4)
        .fault({ at: 60, pid: 101, kind: 'uncaught-exception' })
        .connection({ id: 9, at: 70, closeAt: 90, outcome: 'reset', pid: 101 })
        .exit(101, 90, 'worker', null).events;
      expect(everyConnectionAnswered(events).status).toBe('pass');
    });

    it('nor does an abrupt fault whose process never exited excuse anything', () => {
      const events = history()
        .ready(master, workers)
        .answered(workers, 0, 4)
        .fault({ at: 60, pid: 101, kind: 'ipc-disconnect' })
        .connection({ id: 9, at: 70, closeAt: 90, outcome: 'reset', pid: 101 }).events;
      const verdict = everyConnectionAnswered(events);
      expect(verdict.status).toBe('fail');
      expect(verdict.message).toContain(
        'fault #1 (ipc-disconnect) on worker 101 at 60ms landed on it, but it never exited',
      );
    });
  });

  describe('a connection in transit belongs to its sender', () => {
    it("an app hand-off in transit to a killed worker fails with origin app, whatever the fault's timing", () => {
      for (const openedAt of [58, 61]) {
        const events = history()
          .ready(master, workers)
          .answered(workers, 0, 4)
          .crash(101, 60, { pid: 103, readyAt: 300 })
          .connection({
            id: 9,
            at: openedAt,
            closeAt: openedAt + 3000,
            outcome: 'timeout',
            dispatcher: master,
            by: 'app',
            pid: 101,
            taken: false,
          }).events;
        const verdict = everyConnectionAnswered(events);
        expect(verdict.status).toBe('fail');
        expect(verdict.causes).toEqual([
          expect.objectContaining({
            key: 'every-connection-answered/handed-to-dead-worker',
            origin: 'app',
            fix: expect.stringContaining('Ack each hand-off'),
          }),
        ]);
        expect(verdict.message).toContain('master 100 never re-dispatched it');
      }
    });

    it('the sender dying of an abrupt fault excuses it', () => {
      const events = history()
        .ready(master, workers)
        .answered(workers, 0, 4)
        .connection({
          id: 9,
          at: 50,
          closeAt: 71,
          outcome: 'reset',
          dispatcher: master,
          by: 'app',
          pid: 101,
          taken: false,
        })
        .fault({ at: 70, pid: master, role: 'master' })
        .exit(master, 71, 'master').events;
      expect(everyConnectionAnswered(events).status).toBe('pass');
    });

    it('a corrected-style re-dispatch (dispatched to a worker that died, re-dispatched to another, answered) passes', () => {
      const events = history()
        .ready(master, workers)
        .answered(workers, 0, 4)
        .connection({ id: 9, at: 59, closeAt: 80, dispatcher: master, by: 'app', pid: 101, taken: false })
        .crash(101, 60, { pid: 103, readyAt: 300 })
        .dispatched(master, 102, 9, 62, 'app')
        .handled(102, 9, 62.1, 'handoff')
        .answered([102, 103], 400, 4)
        .stop(1000)
        .stopped(1100).events;
      const result = checkInvariants(events, { handledOnce: true });
      expect(result.verdicts.map((verdict) => [verdict.invariant, verdict.status])).toEqual([
        ['every-connection-answered', 'pass'],
        ['worker-count-restored', 'pass'],
        ['master-survived', 'pass'],
        ['no-orphans', 'pass'],
        ['every-reload-completes', 'pass'],
        ['every-worker-death-explained', 'pass'],
        ['handled-once', 'pass'],
      ]);
    });
  });

  describe('no process received it: only a fault right around the accept excuses it', () => {
    // Worker 101 is killed at 3000 (exit 3001), and the connection is reset then.
    const resetAtKill = (openedAt: number) =>
      history()
        .ready(master, workers)
        .answered(workers, 0, 4)
        .crash(101, 3000, { pid: 103, readyAt: 3300 })
        .connection({ id: 9, at: openedAt, closeAt: 3001, outcome: 'reset' })
        .answered([102, 103], 3400, 2).events;

    it('a reset within 100 ms of a kill is excused', () => {
      const verdict = everyConnectionAnswered(resetAtKill(2950));
      expect(verdict.status).toBe('pass');
      expect(verdict.message).toContain('within 100ms of the accept at 2950ms');
    });

    it('one accepted 2 s before the kill is not', () => {
      const verdict = everyConnectionAnswered(resetAtKill(1000));
      expect(verdict.status).toBe('fail');
      expect(verdict.causes?.map((cause) => cause.key)).toEqual(['every-connection-answered/unexplained']);
    });

    it('the window follows the accept, not the open: a connect that took long is judged from when it connected', () => {
      const events = history()
        .ready(master, workers)
        .answered(workers, 0, 4)
        .connection({ id: 9, at: 500, connectedAt: 950, closeAt: 1001, outcome: 'reset' })
        .crash(101, 1000, { pid: 103, readyAt: 1300 }).events;
      expect(everyConnectionAnswered(events).status).toBe('pass');
    });

    // Seen in CI (reload/rolling, seed 1498006486): opened at 2958.1, worker 6488 SIGKILLed at 2959 (gone at 2966.5),
    // and the busy harness saw the connect only at 2966.8: the worker took it from the shared backlog and died holding
    // it, before its probe could report the receipt.
    it('a kill between the open and a connect the harness saw late excuses it', () => {
      const events = history()
        .ready(master, workers)
        .answered(workers, 0, 4)
        .connection({ id: 9, at: 2958.1, connectedAt: 2966.8, closeAt: 2967, outcome: 'closed-empty' })
        .fault({ at: 2959, pid: 101, kind: 'SIGKILL' })
        .exit(101, 2966.5, 'worker', 'SIGKILL')
        .workerReady(103, 3300)
        .answered([102, 103], 3400, 2).events;
      const verdict = everyConnectionAnswered(events);
      expect(verdict.status, verdict.message).toBe('pass');
    });

    it('a SIGTERM or a hang near the accept excuses nothing', () => {
      for (const kind of ['SIGTERM', 'hang'] as const) {
        const events = history()
          .ready(master, workers)
          .answered(workers, 0, 4)
          .fault({ at: 1000, pid: 101, kind, durationMs: 50 })
          .exit(101, 1001, 'worker', kind === 'SIGTERM' ? 'SIGTERM' : null)
          .connection({ id: 9, at: 990, closeAt: 1001, outcome: 'reset' }).events;
        expect(everyConnectionAnswered(events).status).toBe('fail');
      }
    });
  });

  describe('HTTP: a status above maxAnsweredStatus is a loss', () => {
    const with503 = () =>
      history()
        .ready(master, workers)
        .answered(workers, 0, 4)
        .connection({ id: 9, at: 50, closeAt: 60, pid: 101, httpStatus: 503 })
        .connection({ id: 10, at: 70, closeAt: 80, pid: 102, httpStatus: 404 }).events;

    it('a 5xx is a loss by default (http-server-error); a 4xx is an answer', () => {
      const verdict = everyConnectionAnswered(with503());
      expect(verdict.status).toBe('fail');
      expect(verdict.causes).toEqual([
        expect.objectContaining({ key: 'every-connection-answered/http-server-error', origin: 'app', count: 1 }),
      ]);
      expect(verdict.message).toContain(
        '#9 (answered, pid 101, 50ms-60ms): answered with HTTP 503 by worker 101, above maxAnsweredStatus 499',
      );
      expect(verdict.message).toContain('5 of 6 judged connections answered');
    });

    it('not with maxAnsweredStatus 599', () => {
      expect(everyConnectionAnswered(with503(), { maxAnsweredStatus: 599 }).status).toBe('pass');
    });

    it('a 5xx from a holder an abrupt fault was ending is excused like any loss', () => {
      const events = history()
        .ready(master, workers)
        .answered(workers, 0, 4)
        .connection({ id: 9, at: 50, closeAt: 60, pid: 101, httpStatus: 500 })
        .fault({ at: 55, pid: 101, kind: 'uncaught-exception' })
        .exit(101, 61, 'worker', null).events;
      expect(everyConnectionAnswered(events).status).toBe('pass');
    });
  });
});
