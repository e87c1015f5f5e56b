// A realistic sample report (a restart master that loses a connection when a worker is killed), to look at the output.

import type { HistoryEvent } from '../../src/history/events.js';
import type { Verdict } from '../../src/invariants/verdict.js';
import type { Problem, ResilienceResult } from '../../src/property/resilience-result.js';
import type { Schedule } from '../../src/property/schedule.js';
import { resilienceReportInput, type ReportInput } from '../../src/report/index.js';
import { platformProblem, totals } from './_campaigns.js';
import { history, type HistoryBuilder } from './_histories.js';

const master = 4100;
const [first, second, replacement] = [4101, 4102, 4103] as const;

/** A deterministic stream of numbers in [0, 1): the sample must look the same every time. */
function numbers(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/**
 * A burst of `count` connections, `concurrency` at once, each dispatched by the master to `pickWorker(index, at)`
 * (or lost as `lose(index)` says). Returns when the burst ended.
 */
function burst(
  builder: HistoryBuilder,
  from: number,
  count: number,
  concurrency: number,
  random: () => number,
  pickWorker: (index: number, at: number) => number,
  lose: (index: number, at: number) => 'none' | 'reset' | 'closed-empty' = () => 'none',
  burstId?: number,
): number {
  let t = from;
  for (let wave = 0; wave * concurrency < count; wave++) {
    let waveEnd = t;
    for (let slot = 0; slot < concurrency && wave * concurrency + slot < count; slot++) {
      const index = wave * concurrency + slot;
      const at = t + slot * 0.4;
      const loss = lose(index, at);
      const burstField = burstId === undefined ? {} : { burst: burstId };
      if (loss === 'none') {
        const lasts = 4 + random() * 9;
        builder.connection({ at, lasts, dispatcher: master, pid: pickWorker(index, at), ...burstField });
        waveEnd = Math.max(waveEnd, at + lasts);
      } else if (loss === 'reset') {
        builder.connection({ at, lasts: 1.4, outcome: 'reset', dispatcher: master, pid: pickWorker(index, at), ...burstField });
        waveEnd = Math.max(waveEnd, at + 1.4);
      } else {
        // The master accepted it and handed it to a worker that is gone: nobody answers, the client sees EOF.
        builder.connection({ at, lasts: 26.5, outcome: 'closed-empty', pid: master, ...burstField });
        waveEnd = Math.max(waveEnd, at + 26.5);
      }
    }
    t = waveEnd + 2 + random() * 6;
  }
  return t;
}

/** The history: 2 workers, 40 connections in three bursts, a SIGKILL on the oldest worker, and its replacement. */
export function sampleHistory(): HistoryEvent[] {
  const random = numbers(7);
  const builder = history()
    .start(master, 'master', 0, { command: 'node fixtures/tutorial/restart/master.js' })
    .worker(first, 48, 171, master)
    .worker(second, 52, 184, master)
    .ready(master, [first, second], 240, 41_237)
    .mark(252, 'burst 1');

  let t = burst(builder, 260, 16, 4, random, (index) => (index % 2 === 0 ? first : second), undefined, 1);
  t = Math.max(t + 300, 700);
  builder.mark(t - 8, 'burst 2');

  const faultAt = t + 44.6;
  const replacementReady = faultAt + 160;
  builder.fault({ at: faultAt, pid: first, target: 'oldest worker' }).exit(first, faultAt + 2.6);
  builder.worker(replacement, faultAt + 15, replacementReady - faultAt - 15, master);
  let dispatched = 0;
  t = burst(
    builder,
    t,
    16,
    4,
    random,
    (_, at) => {
      dispatched++;
      if (at >= replacementReady) return dispatched % 2 === 0 ? second : replacement;
      if (at < faultAt) return dispatched % 2 === 0 ? first : second;
      return second;
    },
    (index) => (index === 11 ? 'reset' : index === 14 ? 'closed-empty' : 'none'),
    2,
  );

  builder.mark(Math.max(t + 20, replacementReady + 40), 'settle');
  const finalBurst = replacementReady + 420;
  builder.mark(finalBurst - 8, 'final burst');
  t = burst(builder, finalBurst, 8, 4, random, (index) => (index % 2 === 0 ? second : replacement), undefined, 3);

  const stopAt = t + 90;
  builder
    .stop(stopAt)
    .exit(second, stopAt + 41.2, 'worker', null, 0)
    .exit(replacement, stopAt + 43.9, 'worker', null, 0)
    .exit(master, stopAt + 58.3, 'master', null, 0)
    .stopped(stopAt + 58.9);
  return builder.events;
}

/** The verdicts a checker would give that history, built by hand from it. */
function sampleVerdicts(events: HistoryEvent[]): Verdict[] {
  const lostClose = events.find((event) => event.type === 'connection-close' && event.outcome === 'closed-empty');
  if (lostClose?.type !== 'connection-close') throw new Error('the sample history has no closed-empty connection');
  const id = lostClose.connection;
  const connected = events.find((event) => event.type === 'connection-connected' && event.connection === id);
  const port = connected?.type === 'connection-connected' ? connected.clientPort : -1;
  const lostEvents = events.filter(
    (event) =>
      (('connection' in event && event.connection === id) || (event.type === 'connection-handled' && event.clientPort === port)),
  );
  const landed = events.find((event) => event.type === 'fault-landed');
  const killed = events.find((event) => event.type === 'process-exit' && event.pid === first);
  const replacementReady = events.find((event) => event.type === 'worker-ready' && event.pid === replacement);
  const opened = lostEvents[0]!;
  return [
    {
      invariant: 'every-connection-answered',
      status: 'fail',
      message: `1 connection lost with no fault to excuse it (first: #${id} closed-empty on master ${master} at ${opened.t.toFixed(1)} ms); 1 loss excused by fault #1 (SIGKILL on worker ${first})`,
      evidence: [...lostEvents, ...(landed ? [landed] : []), ...(killed ? [killed] : [])].sort((a, b) => a.t - b.t),
    },
    {
      invariant: 'worker-count-restored',
      status: 'pass',
      message: `2 workers again ${replacementReady && landed ? (replacementReady.t - landed.t).toFixed(0) : '?'} ms after fault #1 (worker ${replacement} replaced ${first}), and a follow-up connection was answered`,
      evidence: [landed, killed, replacementReady].filter((event): event is HistoryEvent => event !== undefined),
    },
    { invariant: 'master-survived', status: 'pass', message: `master ${master} was alive from ready to stop`, evidence: [] },
    { invariant: 'no-orphans', status: 'pass', message: 'every process of the cluster was gone within the grace period', evidence: [] },
  ];
}

const shrunk: Schedule = [
  { type: 'burst', count: 16, concurrency: 4 },
  { type: 'burst', count: 16, concurrency: 4, crash: { fault: { kind: 'SIGKILL', target: 'oldest' }, after: 6 } },
];

const original: Schedule = [
  { type: 'burst', count: 23, concurrency: 5 },
  { type: 'pause', ms: 350 },
  { type: 'crash', fault: { kind: 'SIGTERM', target: 'newest' } },
  { type: 'burst', count: 31, concurrency: 8, keepAlive: true, crash: { fault: { kind: 'SIGKILL', target: 'oldest' }, after: 17 } },
  { type: 'pause', ms: 120 },
];

/** The sample report: what `cluster-chaos check fixtures/tutorial/restart/master.js` would print for that run. */
export function sampleReport(): ReportInput {
  const events = sampleHistory();
  const verdicts = sampleVerdicts(events);
  const outputTail = [
    `[master ${master}] listening on 127.0.0.1:41237, forking 2 workers`,
    `[worker ${first}] ready`,
    `[worker ${second}] ready`,
    `[master ${master}] worker ${first} died (SIGKILL), forking a new one`,
    `[master ${master}] dispatch: sending connection to worker ${first}`,
    `Error [ERR_IPC_CHANNEL_CLOSED]: Channel closed`,
    `    at ChildProcess.target.send (node:internal/child_process:753:16)`,
    `    at Server.<anonymous> (fixtures/tutorial/restart/master.js:31:28)`,
    `[worker ${replacement}] ready`,
    `[master ${master}] SIGTERM: stopping workers`,
  ].join('\n');
  return {
    target: 'fixtures/tutorial/restart/master.js',
    workers: 2,
    protocol: 'tcp',
    status: 'fail',
    verdicts,
    events,
    schedule: shrunk,
    originalSchedule: original,
    runs: 4,
    shrinks: 5,
    seed: 1_733_244,
    path: '3:0:0:1',
    replay: 'npx cluster-chaos check fixtures/tutorial/restart/master.js --workers 2 --seed 1733244 --path "3:0:0:1"',
    outputTail,
    durationMs: 18_342,
    generatedAt: '2025-11-25T15:40:00.000Z',
  };
}

/** The sample run as a campaign's app problem: the restart master handed a connection to a worker that had just died. */
function sampleProblem(): Problem {
  const report = sampleReport();
  const [lost, ...others] = report.verdicts;
  const cause = {
    key: 'every-connection-answered/handed-to-dead-worker',
    origin: 'app' as const,
    summary: `master ${master} handed a connection to worker ${first} after it died (fault #1, SIGKILL), and never re-dispatched it: the client got EOF`,
    fix: 'ack each hand-off, and re-dispatch to a live worker what a dead worker never took',
    count: 1,
  };
  return {
    cause,
    status: 'confirmed',
    seenInRuns: 3,
    counterexample: report.schedule!,
    originalCounterexample: report.originalSchedule!,
    path: report.path!,
    shrinks: report.shrinks!,
    shrinkBudgetExhausted: false,
    verdicts: [{ ...lost!, causes: [cause] }, ...others],
    events: report.events,
    outputTail: report.outputTail!,
  };
}

/** What the CLI passes for an entry: its replay lines name that entry. */
function sampleTarget(target: string) {
  return {
    target,
    workers: 2,
    protocol: 'tcp' as const,
    replay: (path: string | undefined) => `npx cluster-chaos check ${target} --workers 2 --seed 1733244${path === undefined ? '' : ` --path ${path}`}`,
  };
}

/** A campaign that found two problems: the restart master's lost hand-off (app), node:cluster's hand-off to a dead worker (platform). */
export function sampleCampaignFailure(): ReportInput {
  const problems = [sampleProblem(), platformProblem()];
  const result: ResilienceResult = {
    status: 'fail',
    runs: 64,
    totalRuns: 91,
    seed: 1_733_244,
    problems,
    unknownRuns: [],
        runLog: [],
        runsAsked: 100,
        seedFrom: 'options',
    totals: totals({
      runs: 64,
      passed: 60,
      failed: 4,
      connections: { judged: 2311, answered: 2302, lost: 5, excused: { 'fault-on-holder': 4 } },
      faults: { SIGKILL: 38, exit: 12, SIGTERM: 9, 'uncaught-exception': 7 },
      restores: { count: 57, medianMs: 171, maxMs: 468 },
    }),
    durationMs: 48_200,
    shrinks: problems[0]!.shrinks,
    shrinkBudgetExhausted: false,
    verdicts: problems[0]!.verdicts,
    events: problems[0]!.events,
    outputTail: problems[0]!.outputTail,
  };
  return { ...resilienceReportInput(result, sampleTarget('fixtures/tutorial/restart/master.js')), generatedAt: '2025-12-01T15:40:00.000Z' };
}

/** A campaign in which every run passed: totals over all runs, and the last run. */
export function sampleCampaignPass(): ReportInput {
  const events = sampleHistory();
  const reset = events.find((event) => event.type === 'connection-close' && event.outcome === 'reset');
  const resetId = reset?.type === 'connection-close' ? reset.connection : -1;
  const verdicts: Verdict[] = [
    { invariant: 'every-connection-answered', status: 'pass', message: `40 connections judged: 39 answered, 1 loss excused (#${resetId} reset: its holder ${first} was ended by fault #1, SIGKILL)`, evidence: [] },
    { invariant: 'worker-count-restored', status: 'pass', message: `2 workers again 160 ms after fault #1 (worker ${replacement} replaced ${first}), and a follow-up connection was answered`, evidence: [] },
    { invariant: 'master-survived', status: 'pass', message: `master ${master} was alive from ready to stop`, evidence: [] },
    { invariant: 'no-orphans', status: 'pass', message: 'every process of the cluster was gone within the grace period', evidence: [] },
    { invariant: 'every-reload-completes', status: 'pass', message: 'no reload was asked for', evidence: [] },
  ];
  // The pass sample's history is the same run with the lost hand-off answered: the corrected master re-dispatches it.
  const corrected = events.map((event) =>
    event.type === 'connection-close' && event.outcome === 'closed-empty' ? { ...event, outcome: 'answered' as const, reply: `hello from ${second}` } : event,
  );
  const result: ResilienceResult = {
    status: 'pass',
    runs: 100,
    totalRuns: 100,
    seed: 1_733_244,
    problems: [],
    unknownRuns: [],
        runLog: [],
        runsAsked: 100,
        seedFrom: 'options',
    totals: totals({ runs: 100, passed: 100, connections: { judged: 3712, answered: 3705, lost: 0, excused: { 'fault-on-holder': 6, stop: 1 } }, faults: { SIGKILL: 31, SIGTERM: 12, exit: 14, 'uncaught-exception': 9, 'unhandled-rejection': 7, 'ipc-disconnect': 5, hang: 4 }, restores: { count: 71, medianMs: 168, maxMs: 431 } }),
    durationMs: 41_900,
    shrinks: 0,
    shrinkBudgetExhausted: false,
    verdicts,
    events: corrected,
    outputTail: sampleReport().outputTail!,
  };
  return { ...resilienceReportInput(result, sampleTarget('fixtures/corrected/restart/master.js')), generatedAt: '2025-12-01T15:40:00.000Z' };
}
