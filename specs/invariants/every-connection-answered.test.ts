// Specs for everyConnectionAnswered: what a lost connection is, what excuses it (lenient) and what never does (strict).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConnectionOutcome } from '../../src/history/events.js';
import { everyConnectionAnswered } from '../../src/invariants/every-connection-answered.js';
import { worstStatus } from '../../src/invariants/verdict.js';
import { history } from './_build.js';

const master = 100;
const workers = [101, 102];

describe('everyConnectionAnswered', () => {
  it('passes when every connection is answered', () => {
    const events = history().ready(master, workers).answered(workers, 10, 5).events;
    const verdict = everyConnectionAnswered(events);
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toContain('5 of 5 judged connections answered');
  });

  describe('lenient and strict', () => {
    // Connection #2 is held by worker 101 when a fault kills it.
    const lostOnFaultedWorker = history()
      .ready(master, workers)
      .connection({ at: 5, closeAt: 8, pid: 102 })
      .connection({ id: 2, at: 10, closeAt: 20, pid: 101, outcome: 'reset' })
      .crash(101, 15).events;

    it('lenient: a loss on the worker a fault hit while the connection was open is excused', () => {
      const verdict = everyConnectionAnswered(lostOnFaultedWorker);
      expect(verdict.status).toBe('pass');
      expect(verdict.message).toMatch(
        /1 lost connection excused: #2 \(reset, pid 101.*cut by fault #1 \(SIGKILL\) on worker 101 at 15ms/,
      );
      expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'fault-landed', pid: 101 }));
    });

    it('strict: the same loss is a violation, and the message names the fault it will not accept', () => {
      const verdict = everyConnectionAnswered(lostOnFaultedWorker, { strict: true });
      expect(verdict.status).toBe('fail');
      expect(verdict.message).toContain('strict mode does not excuse');
      // Not "with nothing to excuse it": in strict mode there was something, and it does not count.
      expect(verdict.message).toMatch(
        /^1 connection lost \(strict mode, where no loss is excused; 1 of 2 judged connections answered\)/,
      );
      expect(verdict.evidence).toContainEqual(
        expect.objectContaining({ type: 'connection-close', connection: 2, outcome: 'reset' }),
      );
    });

    it('a loss with no fault fails in both modes', () => {
      const events = history()
        .ready(master, workers)
        .answered(workers, 0, 4)
        .connection({ id: 9, at: 50, closeAt: 60, pid: 102, outcome: 'closed-empty' }).events;
      for (const strict of [false, true]) {
        const verdict = everyConnectionAnswered(events, { strict });
        expect(verdict.status).toBe('fail');
        expect(verdict.message).toContain('#9 (closed-empty, pid 102');
        expect(verdict.message).toContain(
          'held by worker 102 (received at 50.2ms), which stayed alive and did not answer it',
        );
        expect(verdict.causes).toEqual([
          expect.objectContaining({ key: 'every-connection-answered/dropped-by-holder', origin: 'app', count: 1 }),
        ]);
        expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'connection-handled', pid: 102 }));
      }
    });

    it('a loss on a worker other than the faulted one fails in lenient mode too', () => {
      const events = history()
        .ready(master, workers)
        .connection({ at: 5, closeAt: 8, pid: 101 })
        .connection({ id: 2, at: 10, closeAt: 20, pid: 102, outcome: 'reset' })
        .crash(101, 15).events;
      const verdict = everyConnectionAnswered(events);
      expect(verdict.status).toBe('fail');
      expect(verdict.message).toContain(
        'held by worker 102 (received at 10.2ms), which stayed alive and did not answer it',
      );
      expect(verdict.causes?.map((cause) => cause.key)).toEqual(['every-connection-answered/dropped-by-holder']);
    });

    it('a fault that landed on the addressee before the dispatch excuses nothing (an app hand-off to a dead worker)', () => {
      const events = history()
        .ready(master, workers)
        .connection({ at: 1, closeAt: 2, pid: 102 })
        .crash(101, 10)
        .connection({
          id: 2,
          at: 12,
          closeAt: 30,
          dispatcher: master,
          by: 'app',
          pid: 101,
          taken: false,
          outcome: 'timeout',
        }).events;
      const verdict = everyConnectionAnswered(events);
      expect(verdict.status).toBe('fail');
      expect(verdict.message).toContain(
        'handed by master 100 to worker 101 at 12.2ms, which had died at 10ms (SIGKILL, fault #1)',
      );
      expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'process-exit', pid: 101 }));
      expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'connection-dispatched', to: 101 }));
    });

    it('a fault that landed on the holder after the connection closed excuses nothing', () => {
      const events = history()
        .ready(master, workers)
        .connection({ at: 1, closeAt: 2, pid: 102 })
        .connection({ at: 10, closeAt: 20, pid: 101, outcome: 'reset' })
        .crash(101, 25).events;
      expect(everyConnectionAnswered(events).status).toBe('fail');
    });

    it('a loss no process received is excused by an abrupt fault that ended a process within 100 ms of its accept, and only then', () => {
      const excused = history()
        .ready(master, workers)
        .connection({ at: 1, closeAt: 2, pid: 102 })
        .connection({ at: 10, closeAt: 20, outcome: 'reset' })
        .crash(101, 15).events;
      const passed = everyConnectionAnswered(excused);
      expect(passed.status).toBe('pass');
      expect(passed.message).toContain(
        'taken by no process, and fault #1 (SIGKILL) on worker 101 at 15ms ended it at 16ms, within 100ms of the accept at 10ms',
      );

      // The fault ended its process before this connection was accepted.
      const notExcused = history()
        .ready(master, workers)
        .connection({ at: 1, closeAt: 2, pid: 102 })
        .crash(101, 5)
        .connection({ at: 10, closeAt: 20, outcome: 'reset' }).events;
      const verdict = everyConnectionAnswered(notExcused);
      expect(verdict.status).toBe('fail');
      expect(verdict.message).toContain(
        'no process reported receiving it (no receipt, no dispatch), and no abrupt fault ended a process between its open at 10ms and 100ms after its accept at 10ms',
      );
      expect(verdict.causes?.map((cause) => cause.key)).toEqual(['every-connection-answered/unexplained']);
    });
  });

  describe('refusals', () => {
    it('a connection refused while the master is alive is a loss', () => {
      const events = history()
        .ready(master, workers)
        .answered(workers, 0, 3)
        .connection({ id: 7, at: 40, closeAt: 41, outcome: 'refused' }).events;
      const verdict = everyConnectionAnswered(events);
      expect(verdict.status).toBe('fail');
      expect(verdict.message).toContain('#7 (refused, no pid');
      expect(verdict.message).toContain('refused while master 100 was alive');
    });

    it('refusals after the master died of an injected fault are excused in lenient mode only', () => {
      const events = history()
        .ready(master, workers)
        .answered(workers, 0, 3)
        .fault({ at: 40, pid: master, role: 'master' })
        .exit(master, 41, 'master')
        .connection({ at: 50, closeAt: 51, outcome: 'refused' }).events;
      const lenient = everyConnectionAnswered(events);
      expect(lenient.status).toBe('pass');
      expect(lenient.message).toContain('refused after the master died');
      expect(everyConnectionAnswered(events, { strict: true }).status).toBe('fail');
    });

    it('refusals after the master died with no fault are a loss', () => {
      const events = history()
        .ready(master, workers)
        .answered(workers, 0, 3)
        .exit(master, 41, 'master', null)
        .connection({ at: 50, closeAt: 51, outcome: 'refused' }).events;
      const verdict = everyConnectionAnswered(events);
      expect(verdict.status).toBe('fail');
      expect(verdict.message).toContain('refused after master 100 exited at 41ms with no fault injected into it');
      expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'process-exit', pid: master }));
    });
  });

  it('a hang excuses nothing, during it or after it: a paused worker answers afterwards', () => {
    const during = history()
      .ready(master, workers)
      .answered(workers, 0, 2)
      .fault({ at: 10, pid: 101, kind: 'hang', durationMs: 1000 })
      .connection({ at: 500, closeAt: 700, pid: 101, outcome: 'timeout' }).events;
    const verdict = everyConnectionAnswered(during);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain(
      'held by worker 101 (received at 500.2ms), which stayed alive and did not answer it; it was paused by fault #1 (hang) on worker 101 at 10ms, hung until 1010ms: a hang excuses nothing',
    );
    expect(verdict.causes).toEqual([
      expect.objectContaining({ key: 'every-connection-answered/dropped-by-holder', origin: 'app' }),
    ]);

    const after = history()
      .ready(master, workers)
      .answered(workers, 0, 2)
      .fault({ at: 10, pid: 101, kind: 'hang', durationMs: 100 })
      .connection({ at: 500, closeAt: 700, pid: 101, outcome: 'timeout' }).events;
    expect(everyConnectionAnswered(after).status).toBe('fail');
  });

  it('a reload excuses nothing: a loss across it fails and the message says it happened during the reload', () => {
    const events = history()
      .ready(master, workers)
      .answered(workers, 0, 3)
      .reload(40, 90, 'pm2 reload app')
      .connection({ at: 50, closeAt: 60, pid: 101, outcome: 'reset' }).events;
    const verdict = everyConnectionAnswered(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('during the reload "pm2 reload app"');
    expect(verdict.evidence).toContainEqual(expect.objectContaining({ type: 'reload', phase: 'start' }));
  });

  it('ignores client-aborted connections: they are neither answers nor losses', () => {
    const events = history()
      .ready(master, workers)
      .answered(workers, 0, 2)
      .connection({ at: 50, closeAt: 60, pid: 101, outcome: 'reset', clientAborted: true }).events;
    const verdict = everyConnectionAnswered(events, { strict: true });
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toContain('1 client-aborted ignored');
  });

  describe('unknown', () => {
    it('when no connection was answered at all', () => {
      expect(everyConnectionAnswered(history().ready(master, workers).events).status).toBe('unknown');
      const onlyAborted = history()
        .ready(master, workers)
        .connection({ at: 5, closeAt: 6, pid: 101, outcome: 'reset', clientAborted: true }).events;
      expect(everyConnectionAnswered(onlyAborted).status).toBe('unknown');
    });

    it('when the only losses were excused and nothing was answered', () => {
      const events = history()
        .ready(master, workers)
        .connection({ at: 10, closeAt: 20, pid: 101, outcome: 'reset' })
        .crash(101, 15).events;
      const verdict = everyConnectionAnswered(events);
      expect(verdict.status).toBe('unknown');
      expect(verdict.message).toContain('proves nothing');
    });

    it('when a connection never closed (a harness defect), unless a real loss fails the run anyway', () => {
      const unclosed = history()
        .ready(master, workers)
        .answered(workers, 0, 3)
        .connection({ id: 8, at: 50, pid: 101 }).events;
      const verdict = everyConnectionAnswered(unclosed);
      expect(verdict.status).toBe('unknown');
      expect(verdict.message).toContain('#8 opened at 50ms');
      expect(verdict.message).toContain('harness defect');

      const withLoss = history()
        .ready(master, workers)
        .answered(workers, 0, 3)
        .connection({ id: 8, at: 50, pid: 101 })
        .connection({ at: 60, closeAt: 61, pid: 102, outcome: 'reset' }).events;
      expect(everyConnectionAnswered(withLoss).status).toBe('fail');
    });
  });

  describe('the stop', () => {
    it('ignores connections opened after the stop request', () => {
      const events = history()
        .ready(master, workers)
        .answered(workers, 0, 3)
        .stop(100)
        .connection({ at: 110, closeAt: 111, outcome: 'refused' }).events;
      expect(everyConnectionAnswered(events, { strict: true }).status).toBe('pass');
    });

    it('a connection cut by the stop is excused in lenient mode, not in strict mode', () => {
      const events = history()
        .ready(master, workers)
        .answered(workers, 0, 3)
        .connection({ at: 90, closeAt: 120, pid: 101, outcome: 'reset' })
        .stop(100).events;
      const lenient = everyConnectionAnswered(events);
      expect(lenient.status).toBe('pass');
      expect(lenient.message).toContain('cut by the stop requested at 100ms');
      expect(everyConnectionAnswered(events, { strict: true }).status).toBe('fail');
    });
  });

  it('keeps the evidence small and the message short when many connections are lost', () => {
    const builder = history().ready(master, workers);
    for (let index = 0; index < 50; index++)
      builder.connection({ at: index * 10, closeAt: index * 10 + 5, pid: 101, outcome: 'reset' });
    const verdict = everyConnectionAnswered(builder.events);
    expect(verdict.status).toBe('fail');
    expect(verdict.evidence.length).toBeLessThanOrEqual(20);
    expect(verdict.message).toMatch(/^50 connections lost .*and 47 more$/);
  });

  describe('properties', () => {
    const lossOutcomes: ConnectionOutcome[] = ['refused', 'reset', 'closed-empty', 'timeout'];
    const outcomes: ConnectionOutcome[] = ['answered', ...lossOutcomes];

    /** A random history: 2-4 workers, connections with the given outcomes on random workers, random kills. */
    const randomHistory = (outcome: fc.Arbitrary<ConnectionOutcome>) =>
      fc
        .record({
          workerCount: fc.integer({ min: 2, max: 4 }),
          connections: fc.array(fc.record({ worker: fc.nat(3), outcome, duration: fc.integer({ min: 1, max: 40 }) }), {
            minLength: 1,
            maxLength: 30,
          }),
          faults: fc.array(fc.record({ worker: fc.nat(3), at: fc.integer({ min: 0, max: 320 }) }), { maxLength: 4 }),
        })
        .map(({ workerCount, connections, faults }) => {
          const pids = Array.from({ length: workerCount }, (_, index) => 101 + index);
          const builder = history().ready(master, pids);
          for (const [index, spec] of connections.entries()) {
            builder.connection({
              at: index * 10,
              closeAt: index * 10 + spec.duration,
              pid: pids[spec.worker % workerCount]!,
              outcome: spec.outcome,
            });
          }
          for (const fault of faults) builder.fault({ at: fault.at, pid: pids[fault.worker % workerCount]! });
          return { events: builder.events, connections };
        });

    it('a history where every connection is answered passes in strict mode, whatever the faults', () => {
      fc.assert(
        fc.property(randomHistory(fc.constant<ConnectionOutcome>('answered')), ({ events }) => {
          expect(everyConnectionAnswered(events, { strict: true }).status).toBe('pass');
        }),
      );
    });

    it('turning any one answered connection into a loss, with no fault, fails in both modes and names it', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 20 }),
          fc.nat(),
          fc.constantFrom(...lossOutcomes),
          fc.boolean(),
          (howMany, pick, outcome, strict) => {
            const lost = (pick % howMany) + 1;
            const builder = history().ready(master, workers);
            for (let id = 1; id <= howMany; id++) {
              builder.connection({
                id,
                at: id * 10,
                closeAt: id * 10 + 5,
                pid: workers[id % 2]!,
                outcome: id === lost ? outcome : 'answered',
              });
            }
            const verdict = everyConnectionAnswered(builder.events, { strict });
            expect(verdict.status).toBe('fail');
            expect(verdict.message).toContain(`#${lost} (${outcome}`);
            expect(verdict.evidence).toContainEqual(
              expect.objectContaining({ type: 'connection-close', connection: lost, outcome }),
            );
          },
        ),
      );
    });

    it('lenient mode is never stricter than strict mode', () => {
      fc.assert(
        fc.property(randomHistory(fc.constantFrom(...outcomes)), ({ events }) => {
          const lenient = everyConnectionAnswered(events).status;
          const strict = everyConnectionAnswered(events, { strict: true }).status;
          expect(worstStatus([lenient, strict])).toBe(strict);
        }),
      );
    });
  });
});
