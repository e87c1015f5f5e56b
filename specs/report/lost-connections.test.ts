// Which lost connections a problem lists: every one its checker named (not only those in the bounded evidence).

import { describe, expect, test } from 'vitest';
import type { HistoryEvent } from '../../src/history/events.js';
import { connectionRecords } from '../../src/history/connections.js';
import type { Problem } from '../../src/property/resilience-result.js';
import { connectionsHeading, lostConnections } from '../../src/report/_internals/lost-connections.js';
import { connectionsInEvidence } from '../../src/report/_internals/evidence-connections.js';

const cause = {
  key: 'every-connection-answered/handed-to-dead-worker',
  origin: 'platform' as const,
  summary: 's',
  fix: 'f',
  count: 30,
};

function problem(verdictDetails: { key: string; text: string; connection?: number }[]): Problem & { replay: string } {
  return {
    cause,
    status: 'confirmed',
    seenInRuns: 1,
    counterexample: [],
    originalCounterexample: [],
    path: '0',
    shrinks: 0,
    shrinkBudgetExhausted: false,
    verdicts: [
      {
        invariant: 'every-connection-answered',
        status: 'fail',
        message: 'm',
        evidence: [],
        causes: [cause],
        details: verdictDetails,
      },
    ],
    events: [],
    outputTail: '',
    replay: 'cluster-chaos check x --seed 1 --path 0',
  };
}

describe('lostConnections', () => {
  test('lists every loss the checker named with this cause, however many, and no loss of another cause', () => {
    const details = Array.from({ length: 30 }, (_, index) => ({
      key: cause.key,
      text: `#${index + 1} timeout: handed to worker 7, which had died`,
      connection: index + 1,
    }));
    details.push({ key: 'every-connection-answered/dropped-by-holder', text: '#99 closed-empty', connection: 99 });
    const lost = lostConnections(problem(details));
    expect(lost).toHaveLength(30);
    expect(lost.at(-1)).toEqual({ connection: 30, description: '#30 timeout: handed to worker 7, which had died' });
    expect(connectionsHeading(problem(details))).toBe('Lost connections');
  });

  test('the idle clients an app did not cut off are headed as such', () => {
    const idle = { ...problem([]), cause: { ...cause, key: 'idle-clients-cut-off/held-open', origin: 'app' as const } };
    expect(connectionsHeading(idle)).toBe('Idle clients not cut off');
  });
});

describe('connectionsInEvidence', () => {
  test('a dispatch in the evidence names its connection', () => {
    const events: HistoryEvent[] = [
      { type: 'connection-open', t: 1, connection: 4, protocol: 'tcp' },
      { type: 'connection-connected', t: 2, connection: 4, clientPort: 50_000 },
      { type: 'connection-handled', t: 3, pid: 10, clientPort: 50_000, via: 'accept' },
      { type: 'connection-dispatched', t: 4, pid: 10, to: 11, clientPort: 50_000, by: 'node:cluster' },
      { type: 'connection-close', t: 3004, connection: 4, outcome: 'timeout', latencyMs: 3003 },
    ];
    const dispatch = events[3]!;
    expect(connectionsInEvidence([{ ...dispatch }], connectionRecords(events))).toEqual([4]);
  });
});
