// Specs for the phrases a loss's cause is told with: the addressee's state, the faults that excuse nothing, an exit.

import { describe, expect, it } from 'vitest';
import { addresseeState, describeExit, faultNote, hangNote } from '../../src/invariants/_internals/loss-notes.js';
import { history } from './_build.js';
import { lossContextOf } from './_facts.js';

const master = 100;

describe('loss notes', () => {
  it("tells an addressee's state from its fault and its exit, before or after the hand-off", () => {
    const context = lossContextOf(history().ready(master, [101]).crash(101, 100).events);
    const [fault] = context.faults;
    const exit = context.exits.get(101);
    expect(addresseeState(120, fault, exit)).toBe('had died at 100ms (SIGKILL, fault #1), exit seen at 101ms');
    expect(addresseeState(80, fault, exit)).toBe(
      'was killed at 100ms (SIGKILL, fault #1) before taking it, exited at 101ms',
    );
    expect(addresseeState(120, undefined, exit)).toBe('had exited at 101ms with no fault injected into it');
  });

  it('names a hang overlapping the connection, and an abrupt fault the holder did not die of', () => {
    const context = lossContextOf(
      history()
        .ready(master, [101, 102])
        .fault({ at: 100, pid: 101, kind: 'hang', durationMs: 500 })
        .fault({ at: 100, pid: 102, kind: 'SIGKILL' }).events,
    );
    expect(hangNote(101, 200, 300, context)).toBe(
      '; it was paused by fault #1 (hang) on worker 101 at 100ms, hung until 600ms: ' +
        'a hang excuses nothing, a paused process answers afterwards',
    );
    expect(hangNote(101, 700, 800, context)).toBe('');
    expect(faultNote(102, 50, 300, context)).toBe(
      '; fault #2 (SIGKILL) on worker 102 at 100ms landed on it, but it never exited',
    );
  });

  it('tells how a process exited', () => {
    expect(describeExit({ type: 'process-exit', t: 1, pid: 1, role: 'worker', code: null, signal: 'SIGKILL' })).toBe(
      'signal SIGKILL',
    );
    expect(describeExit({ type: 'process-exit', t: 1, pid: 1, role: 'worker', code: 3, signal: null })).toBe('code 3');
    expect(describeExit({ type: 'process-exit', t: 1, pid: 1, role: 'worker', code: null, signal: null })).toBe(
      'unknown status',
    );
  });
});
