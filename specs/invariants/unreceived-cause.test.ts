// Specs for the cause of a loss no process received: the master gone, no worker to take it, or nothing to explain it.

import { describe, expect, it } from 'vitest';
import { connectionRecords } from '../../src/history/connections.js';
import type { HistoryEvent } from '../../src/history/events.js';
import { unreceivedCause } from '../../src/invariants/_internals/unreceived-cause.js';
import { lossFixes } from '../../src/invariants/_internals/loss-fixes.js';
import { history } from './_build.js';
import { lossContextOf } from './_facts.js';

const master = 100;

function causeOfOnlyConnection(events: HistoryEvent[], options: { nodeCluster?: boolean } = {}) {
  const [record] = connectionRecords(events);
  if (!record) throw new Error('the history has no connection');
  return unreceivedCause(record, record.closedAt ?? Number.POSITIVE_INFINITY, lossContextOf(events, options));
}

describe('unreceivedCause', () => {
  it('is refused-master-gone for a refusal after the master exited of its own accord', () => {
    const events = history()
      .ready(master, [101])
      .exit(master, 100, 'master')
      .connection({ at: 200, closeAt: 201, outcome: 'refused' }).events;
    expect(causeOfOnlyConnection(events)).toEqual({
      key: 'every-connection-answered/refused-master-gone',
      origin: 'app',
      text: 'refused after master 100 exited at 100ms with no fault injected into it',
      fix: lossFixes.refusedMasterGone,
    });
  });

  it('is refused-no-worker, platform for node:cluster workers, app otherwise, while no worker was live', () => {
    const events = history()
      .ready(master, [101])
      .crash(101, 100)
      .connection({ at: 200, closeAt: 201, outcome: 'refused' }).events;
    expect(causeOfOnlyConnection(events, { nodeCluster: true })).toMatchObject({
      key: 'every-connection-answered/refused-no-worker',
      origin: 'platform',
    });
    expect(causeOfOnlyConnection(events)).toMatchObject({
      key: 'every-connection-answered/refused-no-worker',
      origin: 'app',
    });
  });

  it('is unexplained when the master and a worker lived and no fault was near', () => {
    const events = history().ready(master, [101]).connection({ at: 200, closeAt: 201, outcome: 'refused' }).events;
    const cause = causeOfOnlyConnection(events);
    expect(cause.key).toBe('every-connection-answered/unexplained');
    expect(cause.text).toContain('refused while master 100 was alive and worker 101 was live');
    expect(cause.text).toContain('; no fault landed in this run');
  });
});
