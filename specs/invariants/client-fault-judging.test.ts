// Connections of misbehaving clients are judged for what they are: their client's loss is never the app's, the other connections of their burst are judged as always.

import { describe, expect, it } from 'vitest';
import { connectionRecords } from '../../src/history/connections.js';
import { formatEvents } from '../../src/history/format.js';
import { everyConnectionAnswered } from '../../src/invariants/every-connection-answered.js';
import { fairness } from '../../src/invariants/fairness.js';
import { handledOnce } from '../../src/invariants/handled-once.js';
import { runFigures } from '../../src/invariants/run-figures.js';
import { workerCountRestored } from '../../src/invariants/worker-count-restored.js';
import { history } from './_build.js';

const master = 100;
const workers = [101, 102];

/** A burst: two answered plain connections, a reset client and a silent one that its client gave up. */
function burstWithMisbehavingClients() {
  return history()
    .ready(master, workers)
    .connection({ id: 1, at: 10, closeAt: 20, pid: 101 })
    .connection({
      id: 2,
      at: 11,
      closeAt: 12,
      outcome: 'timeout',
      pid: 102,
      clientFault: { kind: 'reset' },
      clientFaultAt: 11.5,
    })
    .connection({
      id: 3,
      at: 12,
      closeAt: 3012,
      outcome: 'timeout',
      pid: 101,
      clientFault: { kind: 'connect-then-silence' },
      clientFaultAt: 12,
    })
    .connection({ id: 4, at: 13, closeAt: 25, pid: 102 });
}

describe('judging misbehaving clients', () => {
  it('a connection record carries its client fault and when it took effect', () => {
    const records = connectionRecords(burstWithMisbehavingClients().events);
    expect(records.map((record) => [record.connection, record.clientFault, record.clientFaultAt])).toEqual([
      [1, undefined, undefined],
      [2, { kind: 'reset' }, 11.5],
      [3, { kind: 'connect-then-silence' }, 12],
      [4, undefined, undefined],
    ]);
  });

  it("every-connection-answered leaves the client's own loss out, and says so", () => {
    const verdict = everyConnectionAnswered(burstWithMisbehavingClients().events);
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toBe(
      '2 of 2 judged connections answered (lenient mode); no loss; 2 connections of misbehaving clients left out',
    );
  });

  it('judges the other connections of the same burst as always', () => {
    const events = burstWithMisbehavingClients().connection({
      id: 5,
      at: 14,
      closeAt: 30,
      outcome: 'reset',
      pid: 102,
    }).events;
    const verdict = everyConnectionAnswered(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.details?.map((detail) => detail.connection)).toEqual([5]);
  });

  it('a run of misbehaving clients only proves nothing', () => {
    const events = history()
      .ready(master, workers)
      .connection({ id: 1, at: 10, closeAt: 12, outcome: 'timeout', pid: 101, clientFault: { kind: 'reset' } }).events;
    const verdict = everyConnectionAnswered(events);
    expect(verdict.status).toBe('unknown');
    expect(verdict.message).toContain('1 of misbehaving clients left out');
  });

  it('counts them in the run figures as client faults, not as judged', () => {
    expect(runFigures(burstWithMisbehavingClients().events).connections).toEqual({
      judged: 2,
      answered: 2,
      lost: 0,
      excused: {},
      clientFaults: 2,
    });
  });

  it('fairness counts only plain answers', () => {
    const builder = history().ready(master, workers).answered(workers, 0, 10);
    for (let index = 0; index < 10; index++)
      builder.connection({ at: 200 + index, closeAt: 205 + index, pid: 101, clientFault: { kind: 'half-close' } });
    const verdict = fairness(builder.events);
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toContain('pid 101: 5, pid 102: 5');
  });

  it('handled-once leaves them out', () => {
    const events = history()
      .ready(master, workers)
      .connection({ id: 1, at: 10, closeAt: 20, pid: 101 })
      .connection({ id: 2, at: 30, closeAt: 40, pid: 101, clientFault: { kind: 'reset' } })
      .handled(102, 2, 31, 'accept').events;
    expect(handledOnce(events).status).toBe('pass');
  });

  it("a misbehaving client's answer is no follow-up of a restore: a plain one must be answered", () => {
    const withFaultedFollowUp = history()
      .ready(master, workers)
      .crash(101, 100, { pid: 103, readyAt: 600 })
      .connection({ id: 5, at: 700, closeAt: 710, pid: 103, clientFault: { kind: 'half-close' } });
    expect(workerCountRestored(withFaultedFollowUp.events).status).not.toBe('pass');
    const plain = withFaultedFollowUp.connection({ id: 6, at: 720, closeAt: 730, pid: 103 });
    expect(workerCountRestored(plain.events).message).toContain('follow-up #6');
  });

  it('the text of the history names the fault', () => {
    const text = formatEvents(burstWithMisbehavingClients().events);
    expect(text).toContain('connection #3 opened (tcp), misbehaving client: connect-then-silence');
    expect(text).toContain('connection #2 timeout after 1.0 ms (client fault reset, took effect at 11.5 ms)');
  });
});
