// Specs for runFigures: one run's counts, from the same judgement as the verdicts.

import { describe, expect, it } from 'vitest';
import { everyConnectionAnswered } from '../../src/invariants/every-connection-answered.js';
import { runFigures } from '../../src/invariants/run-figures.js';
import { history } from './_build.js';

const master = 100;
const workers = [101, 102];

/** A run with every kind of fate: answered, excused by a kill, by the stop, near an accept; lost; aborted; a reload. */
function eventful() {
  return history()
    .ready(master, workers)
    .answered(workers, 0, 6)
    .connection({ id: 20, at: 100, closeAt: 121, outcome: 'reset', pid: 101 })
    .crash(101, 120, { pid: 103, readyAt: 400 })
    .connection({ id: 21, at: 110, closeAt: 121, outcome: 'reset' })
    .connection({ id: 22, at: 500, closeAt: 510, outcome: 'reset', pid: 102 })
    .connection({ id: 23, at: 520, closeAt: 530, outcome: 'reset', pid: 102, clientAborted: true })
    .fault({ at: 600, pid: 102, kind: 'hang', durationMs: 100 })
    .answered([102, 103], 800, 2)
    .reload(1000, 1300)
    .workerReady(104, 1100, master)
    .exit(102, 1150, 'worker', null)
    .workerReady(105, 1200, master)
    .exit(103, 1250, 'worker', null)
    .reloadStarted(1500)
    .connection({ id: 30, at: 1800, closeAt: 2100, outcome: 'timeout', pid: 104 })
    .stop(2000)
    .connection({ id: 40, at: 2050, closeAt: 2060, outcome: 'refused' })
    .stopped(2200).events;
}

describe('runFigures', () => {
  it('counts the connections, faults, restores and reloads of a run', () => {
    expect(runFigures(eventful())).toEqual({
      connections: {
        judged: 12,
        answered: 8,
        lost: 1,
        excused: { 'fault-on-holder': 1, 'fault-near-accept': 1, stop: 1 },
      },
      faultsLanded: { SIGKILL: 1, hang: 1 },
      // The kill: restored when 103 is ready (400 - 120); the hang: when 102 answered again (805 - 600).
      restoreMs: [280, 205],
      reloads: { started: 2, completed: 1 },
    });
  });

  it('agrees with the verdict it comes from', () => {
    const verdict = everyConnectionAnswered(eventful());
    expect(verdict.message).toMatch(
      /^1 connection lost with nothing to excuse it \(lenient mode; 8 of 12 judged connections answered\)/,
    );
    expect(verdict.details?.map((detail) => detail.connection)).toEqual([22]);
  });

  it("takes the verdicts' options: strict mode excuses nothing, maxAnsweredStatus decides what an answer is", () => {
    const strict = runFigures(eventful(), { everyConnectionAnswered: { strict: true } });
    expect(strict.connections).toEqual({ judged: 12, answered: 8, lost: 4, excused: {} });

    const http = history()
      .ready(master, workers)
      .connection({ at: 10, closeAt: 20, pid: 101, httpStatus: 200 })
      .connection({ at: 30, closeAt: 40, pid: 102, httpStatus: 502 }).events;
    expect(runFigures(http).connections).toEqual({ judged: 2, answered: 1, lost: 1, excused: {} });
    expect(runFigures(http, { everyConnectionAnswered: { maxAnsweredStatus: 599 } }).connections).toEqual({
      judged: 2,
      answered: 2,
      lost: 0,
      excused: {},
    });
  });

  it('a restore past restoreWithinMs is not one', () => {
    const late = history()
      .ready(master, workers)
      .crash(101, 100, { pid: 103, readyAt: 1600 })
      .answered([102, 103], 1700, 2).events;
    expect(runFigures(late).restoreMs).toEqual([1500]);
    expect(runFigures(late, { workerCountRestored: { restoreWithinMs: 1000 } }).restoreMs).toEqual([]);
  });

  it('leaves out what happened after the stop request, and disarmed faults', () => {
    const events = history()
      .ready(master, workers)
      .fault({ at: 50, pid: 101, disarmedAt: 80 })
      .answered(workers, 0, 2)
      .stop(100)
      .crash(102, 150)
      .reloadStarted(160).events;
    expect(runFigures(events)).toEqual({
      connections: { judged: 2, answered: 2, lost: 0, excused: {} },
      faultsLanded: {},
      restoreMs: [],
      reloads: { started: 0, completed: 0 },
    });
  });
});
