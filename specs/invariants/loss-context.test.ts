// Specs for the questions the loss rules ask of a run: a pid's role, the faults on it, a moment with no worker.

import { describe, expect, it } from 'vitest';
import { describeGap, faultsOn, momentWithNoWorker, roleOf } from '../../src/invariants/_internals/loss-context.js';
import { history } from './_build.js';
import { lossContextOf } from './_facts.js';

const master = 100;

describe('loss context', () => {
  it('names a pid by its role, and a pid with none as pid', () => {
    const context = lossContextOf(history().ready(master, [101]).events);
    expect(roleOf(master, context)).toBe('master');
    expect(roleOf(101, context)).toBe('worker');
    expect(roleOf(999, context)).toBe('pid');
  });

  it('lists the faults that landed on a pid', () => {
    const context = lossContextOf(history().ready(master, [101, 102]).crash(101, 100).crash(102, 200).events);
    expect(faultsOn(101, context).map((fault) => fault.landed.t)).toEqual([100]);
  });

  it('finds the first moment no worker takes connections: the only worker killed, until its replacement', () => {
    const context = lossContextOf(history().ready(master, [101]).crash(101, 100, { pid: 102, readyAt: 300 }).events);
    expect(momentWithNoWorker(0, 50, context)).toBeUndefined();
    expect(momentWithNoWorker(0, 200, context)).toBe(100);
    expect(describeGap(100, context)).toBe(
      'the only live worker was stopping: 101 (SIGKILL at 100ms); the next was ready at 300ms',
    );
    expect(describeGap(150, context)).toBe('the last worker exited at 101ms, the next was ready at 300ms');
  });
});
