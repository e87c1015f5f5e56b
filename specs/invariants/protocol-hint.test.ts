// The wrong protocol named when the losses look like it: an HTTP app checked over TCP, a TCP app checked over HTTP.

import { describe, expect, it } from 'vitest';
import type { ConnectionRecord } from '../../src/history/connections.js';
import { everyConnectionAnswered } from '../../src/invariants/every-connection-answered.js';
import { protocolHint } from '../../src/invariants/_internals/protocol-hint.js';
import { history } from './_build.js';

const master = 100;
const workers = [101, 102];

function record(overrides: Partial<ConnectionRecord>): ConnectionRecord {
  return {
    connection: 1,
    protocol: 'tcp',
    openedAt: 10,
    connectedAt: 10,
    closedAt: 3010,
    outcome: 'timeout',
    handledBy: [{ type: 'connection-handled', t: 11, pid: 101, clientPort: 40_001, via: 'accept' }],
    dispatches: [],
    dispatchesAfterReceipt: [],
    attributedPid: 101,
    receivedAt: 11,
    ...overrides,
  } as ConnectionRecord;
}

describe('protocolHint', () => {
  it('tcp: every connection taken and silent until its timeout, none answered: --protocol http?', () => {
    expect(protocolHint([], [record({}), record({ connection: 2 })])).toMatch(
      /^every connection was taken by the app and got no byte back in time: if the app speaks HTTP, check it with --protocol http/,
    );
  });

  it('tcp: not when some connection was answered, or a loss was refused or never taken', () => {
    expect(protocolHint([record({ outcome: 'answered', reply: 'hi' })], [record({})])).toBeUndefined();
    expect(protocolHint([], [record({}), record({ outcome: 'refused', handledBy: [] })])).toBeUndefined();
    expect(protocolHint([], [record({ handledBy: [] })])).toBeUndefined();
  });

  it('http: bytes that are not an HTTP response: --protocol tcp?', () => {
    const lost = record({ protocol: 'http', outcome: 'reset', reply: 'handle by worker: 101' });
    expect(protocolHint([], [lost])).toBe(
      'the app answered bytes that are not an HTTP response ("handle by worker: 101"): if it speaks plain TCP, check it with --protocol tcp (protocol: \'tcp\')',
    );
    expect(
      protocolHint([], [record({ protocol: 'http', outcome: 'answered', httpStatus: 503, reply: '503 busy' })]),
    ).toBeUndefined();
  });
});

describe('in the verdict', () => {
  it('an HTTP app checked over TCP: the failure says to try --protocol http, first in each fix', () => {
    const events = history()
      .ready(master, workers)
      .connection({ at: 10, closeAt: 3010, outcome: 'timeout', pid: 101 })
      .connection({ at: 20, closeAt: 3020, outcome: 'timeout', pid: 102 }).events;
    const verdict = everyConnectionAnswered(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toContain('if the app speaks HTTP, check it with --protocol http');
    expect(
      verdict.causes?.every((cause) =>
        cause.fix.startsWith('First the protocol: every connection was taken by the app'),
      ),
    ).toBe(true);
  });

  it('a real hang beside answered connections: no protocol hint', () => {
    const events = history()
      .ready(master, workers)
      .answered(workers, 0, 3)
      .connection({ at: 20, closeAt: 3020, outcome: 'timeout', pid: 102 }).events;
    const verdict = everyConnectionAnswered(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.message).not.toContain('--protocol');
  });
});
