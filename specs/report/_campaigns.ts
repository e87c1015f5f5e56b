// Hand-built campaign results for the report specs: a pass with totals, a failure with an app and a platform problem, unknown runs, harness errors.

import type { FaultKind, HistoryEvent } from '../../src/history/events.js';
import type { FailureCause, Verdict, VerdictStatus } from '../../src/invariants/verdict.js';
import type {
  CampaignTotals,
  HarnessFailure,
  Problem,
  ResilienceResult,
  RunRow,
  RunSummary,
} from '../../src/property/resilience-result.js';
import type { Schedule } from '../../src/property/schedule.js';
import { resilienceReportInput, type ReportInput } from '../../src/report/index.js';
import { history } from './_histories.js';

export const target = 'fixtures/x/master.js';

/** The CLI's replay line, as the report receives it. */
export function replayLine(path: string | undefined): string {
  return `cluster-chaos check ${target} --workers 2 --seed 42${path === undefined ? '' : ` --path ${path}`}`;
}

/** The events of connection `id` and the probe events about its client port. */
export function eventsAbout(events: readonly HistoryEvent[], id: number): HistoryEvent[] {
  const connected = events.find((event) => event.type === 'connection-connected' && event.connection === id);
  const port = connected?.type === 'connection-connected' ? connected.clientPort : -1;
  return events.filter(
    (event) =>
      ('connection' in event && event.connection === id) ||
      ((event.type === 'connection-handled' || event.type === 'connection-dispatched') && event.clientPort === port),
  );
}

function passing(invariant: Verdict['invariant'], message: string, evidence: HistoryEvent[] = []): Verdict {
  return { invariant, status: 'pass', message, evidence };
}

/** An injected uncaught exception as Node prints it, through the output buffer's tail (`! ` marks stderr). */
export const injectedTrace = [
  '! /work/main/src/cluster/probe.cjs:94',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the app's output quotes its source, template literal and all.
  '!           throw new InjectedFault(`cluster-chaos: injected uncaught exception (fault ${fault.fault})`);',
  '!           ^',
  '! ',
  '! InjectedFault [Error]: cluster-chaos: injected uncaught exception (fault 2)',
  '!     at Timeout._onTimeout (/work/main/src/cluster/probe.cjs:94:17)',
  '!     at listOnTimeout (node:internal/timers:581:17)',
  '!     at process.processTimers (node:internal/timers:519:7)',
  '! ',
  '! Node.js v20.20.2',
];

export const sigtermCause: FailureCause = {
  key: 'every-connection-answered/dropped-during-sigterm',
  origin: 'app',
  summary: 'worker 101 had received SIGTERM (fault #1) and dropped the 2 connections it held instead of finishing them',
  fix: 'drain on SIGTERM: stop accepting, finish what you hold, then exit',
  count: 2,
};

export const deadWorkerCause: FailureCause = {
  key: 'every-connection-answered/handed-to-dead-worker',
  origin: 'platform',
  summary:
    "node:cluster's round robin handed connection #9 to worker 202, which had just died (fault #1, SIGKILL); Node never closes it nor hands it to another worker",
  fix: 'SCHED_NONE (NODE_CLUSTER_SCHED_POLICY=none), or a master that owns the listening socket',
  count: 1,
};

/**
 * The app problem's run, on a fresh cluster: worker 101 gets SIGTERM at 300 ms and drops the two connections it holds
 * (#7 closed-empty, #8 reset), exits with code 0 before the stop, and 103 replaces it; then the normal stop.
 */
export function sigtermRun(): { events: HistoryEvent[]; lost: number[]; verdicts: Verdict[] } {
  const lost: number[] = [];
  const events = history()
    .start(100, 'master', 0, { command: 'node fixtures/x/master.js' })
    .worker(101, 40, 30, 100)
    .worker(102, 45, 35, 100)
    .ready(100, [101, 102], 90)
    .mark(92, 'run start')
    .answered([101, 102], 120, 6, 25)
    .connection({ at: 294, lasts: 30, outcome: 'closed-empty', pid: 101, dispatcher: 100 }, (id) => lost.push(id))
    .connection({ at: 296, lasts: 29, outcome: 'reset', pid: 101, dispatcher: 100 }, (id) => lost.push(id))
    .fault({ at: 300, pid: 101, kind: 'SIGTERM', target: 'oldest worker' })
    .exit(101, 325, 'worker', null, 0)
    .worker(103, 340, 40, 100)
    .answered([102, 103], 400, 4, 20)
    .mark(480, 'run end')
    .stop(500)
    .exit(102, 520, 'worker', null, 0)
    .exit(103, 521, 'worker', null, 0)
    .exit(100, 530, 'master', null, 0)
    .stopped(531).events;
  const landed = events.find((event) => event.type === 'fault-landed')!;
  const exit101 = events.find((event) => event.type === 'process-exit' && event.pid === 101)!;
  const masterEnd = events.filter(
    (event) =>
      event.type === 'cluster-ready' ||
      event.type === 'stop-requested' ||
      (event.type === 'process-exit' && event.pid === 100),
  );
  const verdicts: Verdict[] = [
    {
      invariant: 'every-connection-answered',
      status: 'fail',
      message: `2 connections lost while worker 101 was stopping after SIGTERM (#${lost[0]} closed-empty, #${lost[1]} reset)`,
      evidence: [landed, ...lost.flatMap((id) => eventsAbout(events, id)), exit101].sort((a, b) => a.t - b.t),
      causes: [sigtermCause],
    },
    passing('worker-count-restored', '2 workers again 80 ms after fault #1'),
    passing('master-survived', 'master 100 was alive from ready to stop', masterEnd),
    passing('no-orphans', 'every process of the cluster was gone within the grace period'),
    passing('every-reload-completes', 'no reload was asked for'),
  ];
  return { events, lost, verdicts };
}

/**
 * The platform problem's run, on a cluster reused for 20 s: its events are a 3.5 s slice of that cluster's history
 * (no process starts in it but the replacement). node:cluster hands #9 to worker 202 just as it is SIGKILLed; the
 * client times out 3 s later.
 */
export function deadWorkerRun(): { events: HistoryEvent[]; lost: number; verdicts: Verdict[] } {
  let lost = -1;
  const builder = history().ready(200, [201, 202], 20_000).mark(20_000, 'run start');
  for (let index = 0; index < 8; index++)
    builder.connection({ at: 20_010 + index * 4, lasts: 3, pid: index % 2 === 0 ? 201 : 202, dispatcher: 200 });
  // Connection ids start at 1 in each builder; skip to #9 so that the ids of the two runs differ.
  const events = builder
    .fault({ at: 20_050, pid: 202, target: 'newest worker' })
    .connection(
      { at: 20_050.2, lasts: 3000, outcome: 'timeout', dispatcher: 200, sentTo: 202, sentBy: 'node:cluster' },
      (id) => (lost = id),
    )
    .exit(202, 20_051.5)
    .worker(203, 20_070, 50, 200)
    .answered([201, 203], 20_200, 4, 20)
    .mark(23_100, 'settled: final burst')
    .answered([201, 203], 23_110, 4, 5)
    .mark(23_140, 'run end').events;
  const landed = events.find((event) => event.type === 'fault-landed')!;
  const exit202 = events.find((event) => event.type === 'process-exit' && event.pid === 202)!;
  const verdicts: Verdict[] = [
    {
      invariant: 'every-connection-answered',
      status: 'fail',
      message: `1 connection lost: #${lost} timeout, sent by node:cluster to worker 202 as it died`,
      evidence: [landed, ...eventsAbout(events, lost), exit202].sort((a, b) => a.t - b.t),
      causes: [deadWorkerCause],
    },
    passing('worker-count-restored', '2 workers again 70 ms after fault #1'),
    passing('master-survived', 'master 200 was alive from ready to the end of the run'),
    passing('no-orphans', 'no stop in this run'),
    passing('every-reload-completes', 'no reload was asked for'),
  ];
  return { events, lost, verdicts };
}

export const sigtermCounterexample: Schedule = [
  { type: 'burst', count: 6, concurrency: 2 },
  { type: 'burst', count: 4, concurrency: 2, crash: { fault: { kind: 'SIGTERM', target: 'oldest' }, after: 2 } },
];

export const deadWorkerSchedule: Schedule = [
  { type: 'burst', count: 12, concurrency: 4 },
  { type: 'burst', count: 8, concurrency: 4, crash: { fault: { kind: 'SIGKILL', target: 'newest' }, after: 4 } },
  { type: 'pause', ms: 200 },
];

export function appProblem(overrides: Partial<Problem> = {}): Problem {
  const run = sigtermRun();
  return {
    cause: sigtermCause,
    status: 'confirmed',
    seenInRuns: 2,
    counterexample: sigtermCounterexample,
    originalCounterexample: [
      { type: 'pause', ms: 100 },
      ...sigtermCounterexample,
      { type: 'burst', count: 9, concurrency: 3 },
      { type: 'pause', ms: 50 },
      { type: 'crash', fault: { kind: 'exit', code: 3, target: 'newest' } },
      { type: 'pause', ms: 10 },
    ],
    path: '7:1:0',
    shrinks: 4,
    shrinkBudgetExhausted: false,
    verdicts: run.verdicts,
    events: run.events,
    outputTail:
      '[master 100] forking 2 workers\n[worker 101] SIGTERM: exiting now\n[master 100] worker 101 exited (code 0), forking a new one\n',
    ...overrides,
  };
}

export function platformProblem(overrides: Partial<Problem> = {}): Problem {
  const run = deadWorkerRun();
  return {
    cause: deadWorkerCause,
    status: 'not-reproduced',
    seenInRuns: 1,
    replayAttempts: 3,
    counterexample: deadWorkerSchedule,
    originalCounterexample: deadWorkerSchedule,
    path: '23',
    shrinks: 0,
    shrinkBudgetExhausted: false,
    verdicts: run.verdicts,
    events: run.events,
    outputTail: [
      '  [primary 200] worker 201 online',
      ...injectedTrace,
      '  [primary 200] worker 202 died (SIGKILL), forking',
    ].join('\n'),
    ...overrides,
  };
}

export function totals(overrides: Partial<CampaignTotals> = {}): CampaignTotals {
  return {
    runs: 40,
    passed: 40,
    failed: 0,
    unknown: 0,
    connections: { judged: 1234, answered: 1230, lost: 0, excused: { 'fault-on-holder': 3, stop: 1 } },
    faults: { SIGKILL: 8, exit: 3, 'uncaught-exception': 1 },
    restores: { count: 11, medianMs: 143.4, maxMs: 412 },
    reloads: { started: 0, completed: 0 },
    ...overrides,
  };
}

/** The runs of `runLog` that land a fault: their index, the fault's kind, and its restore time (none: not restored). */
export const faultRuns: readonly { index: number; kind: FaultKind; restoreMs?: number }[] = [
  { index: 1, kind: 'SIGKILL', restoreMs: 97 },
  { index: 4, kind: 'SIGKILL', restoreMs: 52 },
  { index: 6, kind: 'exit', restoreMs: 171 },
  { index: 10, kind: 'SIGKILL', restoreMs: 143.4 },
  { index: 13, kind: 'SIGKILL', restoreMs: 61 },
  { index: 17, kind: 'exit', restoreMs: 290 },
  { index: 20, kind: 'SIGKILL', restoreMs: 120 },
  { index: 25, kind: 'uncaught-exception', restoreMs: 200 },
  { index: 28, kind: 'SIGKILL', restoreMs: 80 },
  { index: 31, kind: 'exit' },
  { index: 34, kind: 'SIGKILL', restoreMs: 412 },
  { index: 36, kind: 'SIGKILL', restoreMs: 150 },
];

/** The runs whose fault ended a process holding a connection (one excused loss each); run 40 has a loss cut by the stop. */
const holderRuns = new Set([4, 13, 36]);

/**
 * A row per run, as the runner logs them: the first two on fresh clusters, the others on the reused one. Over 40 runs
 * the rows add up to `totals()`: 1234 judged, 1230 answered, 4 excused; 8 SIGKILL, 3 exit, 1 uncaught-exception; 11
 * restores, median 143.4 ms, max 412 ms. A run listed in `statuses` gets that status (a failed run: one loss).
 */
export function runLog(count: number, statuses: Readonly<Record<number, VerdictStatus>> = {}): RunRow[] {
  return Array.from({ length: count }, (_, index): RunRow => {
    const fault = faultRuns.find((run) => run.index === index);
    const status = statuses[index] ?? 'pass';
    const judged = index < 34 ? 31 : 30;
    const excused: Record<string, number> = {};
    if (holderRuns.has(index)) excused['fault-on-holder'] = 1;
    if (index === 39) excused.stop = 1;
    const lost = status === 'fail' ? 1 : 0;
    const excusedCount = Object.values(excused).reduce((sum, count) => sum + count, 0);
    const schedule: Schedule = fault
      ? [
          { type: 'burst', count: 12, concurrency: 4 },
          {
            type: 'burst',
            count: 9,
            concurrency: 3,
            crash: { fault: { kind: fault.kind, target: index % 2 === 0 ? 'oldest' : 'newest' }, after: 4 },
          },
        ]
      : [
          { type: 'burst', count: 9, concurrency: 3 },
          { type: 'pause', ms: 50 },
        ];
    return {
      index,
      schedule,
      status,
      cluster: index < 2 ? 'fresh' : 'reused',
      figures: {
        connections: { judged, answered: judged - excusedCount - lost, lost, excused },
        faultsLanded: fault ? { [fault.kind]: 1 } : {},
        restoreMs: fault?.restoreMs === undefined ? [] : [fault.restoreMs],
        reloads: { started: 0, completed: 0 },
      },
      durationMs: 400 + ((index * 37) % 300),
    };
  });
}

/**
 * The last run of a passing campaign, on a cluster reused for 8 s: worker 302 is SIGKILLed while it holds #5 (excused:
 * the fault ended its holder) and 303 replaces it; every other connection is answered.
 */
export function passingRun(): { events: HistoryEvent[]; verdicts: Verdict[] } {
  const builder = history().ready(300, [301, 302], 8000).mark(8000, 'run start').answered([301, 302], 8010, 4, 6);
  const events = builder
    .connection({ at: 8040, lasts: 3, outcome: 'reset', pid: 302, dispatcher: 300 })
    .fault({ at: 8041, pid: 302, target: 'newest worker' })
    .exit(302, 8042.5)
    .worker(303, 8050, 45, 300)
    .answered([301, 303], 8120, 6, 8)
    .mark(8180, 'settled: final burst')
    .answered([301, 303], 8185, 4, 4)
    .mark(8210, 'run end').events;
  const verdicts: Verdict[] = [
    passing(
      'every-connection-answered',
      '14 connections answered; 1 loss excused: #5 reset, its holder 302 ended by fault #1 (SIGKILL)',
    ),
    passing('worker-count-restored', '2 workers again 53 ms after fault #1 (worker 303 replaced 302)'),
    passing('master-survived', 'master 300 was alive for the whole run'),
    passing('no-orphans', 'no stop in this run'),
    passing('every-reload-completes', 'no reload was asked for'),
  ];
  return { events, verdicts };
}

/** A result with the shape the runner returns; the representative run is the first problem's, or the last run's. */
function result(fields: Partial<ResilienceResult> & Pick<ResilienceResult, 'status'>): ResilienceResult {
  const problems = fields.problems ?? [];
  const first = problems[0];
  const last = passingRun();
  return {
    runs: 40,
    totalRuns: 40,
    seed: 42,
    problems,
    unknownRuns: [],
    totals: totals(),
    runLog: runLog(fields.runs ?? 40),
    runsAsked: 40,
    seedFrom: 'options',
    durationMs: 12_345,
    shrinks: first?.shrinks ?? 0,
    shrinkBudgetExhausted: first?.shrinkBudgetExhausted ?? false,
    verdicts: first?.verdicts ?? last.verdicts,
    events: first?.events ?? last.events,
    outputTail:
      first?.outputTail ??
      ['  [master 300] worker 302 died (SIGKILL), forking', ...injectedTrace, '  [master 300] worker 303 online'].join(
        '\n',
      ),
    ...(first
      ? { path: first.path, counterexample: first.counterexample, originalCounterexample: first.originalCounterexample }
      : {}),
    ...fields,
  };
}

/** The report of a result, as the CLI makes it. */
export function reportOf(value: ResilienceResult, verbose = false): ReportInput {
  return {
    ...resilienceReportInput(value, { target, workers: 2, protocol: 'tcp', replay: replayLine, verbose }),
    generatedAt: '2025-12-01T12:00:00.000Z',
  };
}

/** Every run passed; the run shown is run 37 (index 36), the last of those with the most faults landed. */
export function passResult(): ResilienceResult {
  return result({ status: 'pass', representativeRun: 36 });
}

/** Two problems: the app's SIGTERM drop (confirmed) and node:cluster's hand-off to a dead worker (not reproduced). */
export function failResult(): ResilienceResult {
  return result({
    status: 'fail',
    // The platform problem first, as a runner might list them: the report puts app problems first all the same.
    problems: [platformProblem(), appProblem()],
    // The problems' paths start with their campaign runs: 7 and 23.
    runLog: runLog(40, { 7: 'fail', 23: 'fail' }),
    totals: totals({
      passed: 38,
      failed: 2,
      connections: { judged: 1200, answered: 1197, lost: 3, excused: { 'fault-on-holder': 2 } },
    }),
  });
}

export const unknownRuns: RunSummary[] = [
  {
    index: 3,
    schedule: [{ type: 'crash', fault: { kind: 'SIGKILL', target: 'oldest' } }],
    status: 'unknown',
    verdicts: [
      {
        invariant: 'every-connection-answered',
        status: 'unknown',
        message: 'no connection was answered: the run proves nothing',
        evidence: [],
      },
    ],
  },
  {
    index: 16,
    schedule: [{ type: 'pause', ms: 20 }],
    status: 'unknown',
    verdicts: [
      {
        invariant: 'every-connection-answered',
        status: 'unknown',
        message: 'no connection was answered: the run proves nothing',
        evidence: [],
      },
    ],
  },
  {
    index: 8,
    schedule: [
      {
        type: 'burst',
        count: 3,
        concurrency: 1,
        crash: { fault: { kind: 'SIGKILL', target: 'oldest', inFlight: true }, after: 1 },
      },
    ],
    status: 'unknown',
    verdicts: [
      {
        invariant: 'worker-count-restored',
        status: 'unknown',
        message: 'fault #2 (SIGKILL on the oldest worker) was asked for and never landed',
        evidence: [],
      },
    ],
  },
];

/** No run failed, three proved nothing. */
export function unknownResult(): ResilienceResult {
  return result({
    status: 'unknown',
    unknownRuns,
    runLog: runLog(40, { 3: 'unknown', 8: 'unknown', 16: 'unknown' }),
    representativeRun: 36,
    totals: totals({ passed: 37, unknown: 3 }),
  });
}

export const harnessFailure: HarnessFailure = {
  name: 'WaitTimeoutError',
  message: 'timed out after 5000 ms waiting for 2 workers to be ready (saw 1: 301)',
  run: 56,
  phase: 'running',
  detail:
    'WaitTimeoutError: timed out after 5000 ms waiting for 2 workers to be ready (saw 1: 301)\n    at waitForWorkers (src/cluster/start-cluster.ts:412:11)',
};

/** cluster-chaos failed in run 57 before any problem was seen. */
export function errorResult(): ResilienceResult {
  return result({ status: 'error', harnessFailure, runs: 56, totalRuns: 56, totals: totals({ runs: 56, passed: 56 }) });
}

/** A problem was seen, then cluster-chaos failed: the status is the problem's (fail), the error is reported too. */
export function failThenErrorResult(): ResilienceResult {
  return result({
    status: 'fail',
    problems: [appProblem()],
    harnessFailure: { ...harnessFailure, run: undefined, phase: 'shrinking' },
    runs: 12,
    totalRuns: 19,
    runLog: runLog(12, { 7: 'fail' }),
    totals: totals({ runs: 12, passed: 11, failed: 1 }),
  });
}
