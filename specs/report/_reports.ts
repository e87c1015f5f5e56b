// Report inputs for the report specs: a failing run with a shrunk schedule, a passing one, an unknown one.

import type { HistoryEvent } from '../../src/history/events.js';
import type { Verdict } from '../../src/invariants/verdict.js';
import type { Schedule } from '../../src/property/schedule.js';
import type { ReportInput } from '../../src/report/index.js';
import { crashHistory } from './_histories.js';

export const shrunkSchedule: Schedule = [
  { type: 'burst', count: 4, concurrency: 2 },
  { type: 'crash', fault: { kind: 'SIGKILL', target: 'oldest' } },
];

export const originalSchedule: Schedule = [
  { type: 'burst', count: 10, concurrency: 3 },
  { type: 'pause', ms: 200 },
  { type: 'burst', count: 4, concurrency: 2 },
  { type: 'crash', fault: { kind: 'SIGKILL', target: 'oldest' } },
  { type: 'crash', fault: { kind: 'exit', code: 3, target: 'newest' } },
  { type: 'pause', ms: 50 },
];

/** The events of connection `id` (open, connected, close) in a history. */
export function eventsOfConnection(events: readonly HistoryEvent[], id: number): HistoryEvent[] {
  return events.filter((event) => 'connection' in event && event.connection === id);
}

/** A failing run of `crashHistory`: the master's closed-empty connection is the unexcused loss. */
export function failingReport(overrides: Partial<ReportInput> = {}): ReportInput {
  const { events, lostIds } = crashHistory();
  const lost = lostIds[1]!;
  const fault = events.find((event) => event.type === 'fault-landed')!;
  const verdicts: Verdict[] = [
    {
      invariant: 'every-connection-answered',
      status: 'fail',
      message: `1 connection lost with no fault to excuse it (first: #${lost} closed-empty on master 100 at 320.0 ms)`,
      evidence: [fault, ...eventsOfConnection(events, lost)],
    },
    {
      invariant: 'worker-count-restored',
      status: 'pass',
      message: '2 workers again 80 ms after fault #1',
      evidence: [fault],
    },
    { invariant: 'master-survived', status: 'pass', message: 'master 100 was alive from ready to stop', evidence: [] },
  ];
  return {
    target: 'fixtures/x/master.js',
    workers: 2,
    protocol: 'tcp',
    status: 'fail',
    verdicts,
    events,
    schedule: shrunkSchedule,
    originalSchedule,
    runs: 3,
    shrinks: 5,
    seed: 42,
    path: '0:1:1',
    replay: 'cluster-chaos check fixtures/x/master.js --workers 2 --seed 42 --path "0:1:1"',
    outputTail: 'master listening\nworker 101 ready\nworker 102 ready\n',
    durationMs: 12_345,
    generatedAt: '2025-11-25T12:00:00.000Z',
    ...overrides,
  };
}

/** A run in which every invariant held. */
export function passingReport(overrides: Partial<ReportInput> = {}): ReportInput {
  const { events } = crashHistory();
  return {
    target: 'fixtures/corrected/master.js',
    workers: 2,
    protocol: 'http',
    status: 'pass',
    verdicts: [
      {
        invariant: 'every-connection-answered',
        status: 'pass',
        message: '11 connections answered; 1 loss excused by fault #1',
        evidence: [],
      },
      {
        invariant: 'master-survived',
        status: 'pass',
        message: 'master 100 was alive from ready to stop',
        evidence: [],
      },
    ],
    events,
    schedule: shrunkSchedule,
    runs: 100,
    seed: 7,
    durationMs: 800,
    ...overrides,
  };
}
