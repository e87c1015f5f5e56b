// Specs for handledOnce: no connection is held by two processes that were both alive when it closed.

import { describe, expect, it } from 'vitest';
import { handledOnce } from '../../src/invariants/handled-once.js';
import { history } from './_build.js';

const master = 100;
const workers = [101, 102];

describe('handledOnce', () => {
  it('passes a hand-off chain: the master that accepts only to hand off does not hold the connection', () => {
    const events = history()
      .ready(master, workers)
      .connection({ at: 10, closeAt: 20, dispatcher: master, pid: 101 })
      .connection({ at: 30, closeAt: 40, dispatcher: master, pid: 102 }).events;
    const verdict = handledOnce(events);
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toBe('each of the 2 received connections was held by at most one live process');
  });

  it("passes node:cluster's round robin: the primary accepts and dispatches, the worker accepts", () => {
    const events = history()
      .nodeCluster()
      .ready(master, workers)
      .connection({ at: 10, closeAt: 20, dispatcher: master, by: 'node:cluster', pid: 101 })
      .connection({ at: 30, closeAt: 40, dispatcher: master, by: 'node:cluster', pid: 102 }).events;
    const verdict = handledOnce(events);
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toBe('each of the 2 received connections was held by at most one live process');
  });

  it('passes a corrected re-dispatch with its dispatch events: the first addressee never took it', () => {
    const events = history()
      .ready(master, workers)
      .connection({ id: 1, at: 10, closeAt: 50, dispatcher: master, by: 'app', pid: 101, taken: false })
      .dispatched(master, 102, 1, 20, 'app')
      .handled(102, 1, 20.1, 'handoff').events;
    expect(handledOnce(events).status).toBe('pass');
  });

  it('fails when two live processes accepted the same connection', () => {
    const events = history()
      .ready(master, workers)
      .connection({ id: 1, at: 10, closeAt: 20, pid: 101 })
      .handled(102, 1, 11, 'accept').events;
    const verdict = handledOnce(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('#1 held by pids 101 and 102, all alive when it closed at 20ms (answered)');
    expect(verdict.evidence.filter((event) => event.type === 'connection-handled')).toHaveLength(2);
    expect(verdict.causes).toEqual([
      expect.objectContaining({ key: 'handled-once/held-twice', origin: 'app', count: 1 }),
    ]);
    expect(verdict.details).toEqual([expect.objectContaining({ key: 'handled-once/held-twice', connection: 1 })]);
  });

  it('passes a re-dispatch after the first worker died, and fails it while the first worker lives', () => {
    const redispatch = () =>
      history()
        .ready(master, workers)
        .connection({ id: 1, at: 10, closeAt: 50, dispatcher: master, pid: 101 })
        .handled(102, 1, 30, 'handoff');
    const afterDeath = handledOnce(redispatch().exit(101, 25).events);
    expect(afterDeath.status).toBe('pass');
    expect(afterDeath.message).toContain('(1 re-dispatched after their first holder died)');

    expect(handledOnce(redispatch().events).status).toBe('fail');
    // A holder that dies after the close was still alive at the close.
    expect(handledOnce(redispatch().exit(101, 60).events).status).toBe('fail');
  });

  it('fails for a connection that never closed while both holders live', () => {
    const events = history()
      .ready(master, workers)
      .connection({ id: 1, at: 10, dispatcher: master, pid: 101 })
      .handled(102, 1, 12, 'handoff').events;
    const verdict = handledOnce(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('at the end of the history (it never closed)');
  });

  it('only the first accept of a chain is passed on: a later accept by a live process holds the connection', () => {
    const events = history()
      .ready(master, workers)
      .connection({ id: 1, at: 10, closeAt: 20, dispatcher: master, pid: 101 })
      .handled(102, 1, 12, 'accept')
      .handled(master, 1, 13, 'handoff').events;
    const verdict = handledOnce(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('held by pids 101 and 102 and 100');
  });

  it('passes when one process reports the same connection twice', () => {
    const events = history()
      .ready(master, workers)
      .connection({ id: 1, at: 10, closeAt: 20, pid: 101 })
      .handled(101, 1, 11, 'accept').events;
    expect(handledOnce(events).status).toBe('pass');
  });

  it('is unknown when no connection was received by any process', () => {
    const events = history().ready(master, workers).connection({ at: 10, closeAt: 20, outcome: 'refused' }).events;
    expect(handledOnce(events).status).toBe('unknown');
  });
});
