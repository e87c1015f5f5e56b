// A realistic sample report (a restart master that loses a connection when a worker is killed), to look at the output.

import type { FaultKind, HistoryEvent } from '../../src/history/events.js';
import type { Verdict, VerdictStatus } from '../../src/invariants/verdict.js';
import type { CampaignTotals, Problem, ResilienceResult, RunRow } from '../../src/property/resilience-result.js';
import { formatStep, type Schedule, type Step } from '../../src/property/schedule.js';
import { resilienceReportInput, type ReportInput } from '../../src/report/index.js';
import { injectedTrace, platformProblem, totals } from './_campaigns.js';
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
        builder.connection({
          at,
          lasts: 1.4,
          outcome: 'reset',
          dispatcher: master,
          pid: pickWorker(index, at),
          ...burstField,
        });
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
      ('connection' in event && event.connection === id) ||
      (event.type === 'connection-handled' && event.clientPort === port),
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
    {
      invariant: 'master-survived',
      status: 'pass',
      message: `master ${master} was alive from ready to stop`,
      evidence: [],
    },
    {
      invariant: 'no-orphans',
      status: 'pass',
      message: 'every process of the cluster was gone within the grace period',
      evidence: [],
    },
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
  {
    type: 'burst',
    count: 31,
    concurrency: 8,
    keepAlive: true,
    crash: { fault: { kind: 'SIGKILL', target: 'oldest' }, after: 17 },
  },
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
    replay: (path: string | undefined) =>
      `npx cluster-chaos check ${target} --workers 2 --seed 1733244${path === undefined ? '' : ` --path ${path}`}`,
  };
}

/** The kinds of fault the sample campaigns land, with how often (a worker kill is the most common). */
const kindsByWeight: FaultKind[] = [
  'SIGKILL',
  'SIGKILL',
  'SIGKILL',
  'SIGTERM',
  'exit',
  'exit',
  'uncaught-exception',
  'unhandled-rejection',
  'ipc-disconnect',
  'hang',
];

/** One generated step, and the kind of the fault it lands, if any. */
function sampleStep(random: () => number): { step: Step; fault?: FaultKind } {
  const pick = random();
  const kind = kindsByWeight[Math.floor(random() * kindsByWeight.length)]!;
  const target = random() < 0.5 ? 'oldest' : 'newest';
  const count = 4 + Math.floor(random() * 20);
  const concurrency = 1 + Math.floor(random() * 6);
  if (pick < 0.35) return { step: { type: 'burst', count, concurrency } };
  if (pick < 0.6) {
    const inFlight = random() < 0.3;
    return {
      step: {
        type: 'burst',
        count,
        concurrency,
        crash: {
          fault: { kind, target, ...(inFlight ? { inFlight } : {}) },
          after: 1 + Math.floor(random() * (count - 1)),
        },
      },
      fault: kind,
    };
  }
  if (pick < 0.8) return { step: { type: 'crash', fault: { kind, target } }, fault: kind };
  return { step: { type: 'pause', ms: 10 * (1 + Math.floor(random() * 30)) } };
}

/**
 * A row per run of a 2-worker campaign, seeded: 1 to 4 steps each, at most 2 faults, every one landed, a restore for every worker
 * fault but a hang (the worker lives on), the first two runs on fresh clusters; `special` replaces given rows.
 */
function sampleRunLog(
  count: number,
  statuses: Readonly<Record<number, VerdictStatus>>,
  special: readonly RunRow[] = [],
): RunRow[] {
  const random = numbers(2025);
  return Array.from({ length: count }, (_, index): RunRow => {
    // At most two faults a run: a third step with one is a plain burst (the shown run, with three, stands out).
    let faulty = 0;
    const steps = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
      const generated = sampleStep(random);
      if (!generated.fault || ++faulty <= 2) return generated;
      return { step: { type: 'burst', count: 10, concurrency: 2 } as Step };
    });
    const faultsLanded: Partial<Record<FaultKind, number>> = {};
    const restoreMs: number[] = [];
    for (const { fault } of steps) {
      if (!fault) continue;
      faultsLanded[fault] = (faultsLanded[fault] ?? 0) + 1;
      // Mostly 100 to 250 ms (a fork and the app's start-up), now and then a slow one.
      if (fault !== 'hang') restoreMs.push(Math.round(95 + 150 * random() + (random() < 0.08 ? 180 * random() : 0)));
    }
    const status = statuses[index] ?? 'pass';
    const judged = 12 + Math.floor(random() * 40);
    const excused: Record<string, number> = random() < 0.12 && restoreMs.length > 0 ? { 'fault-on-holder': 1 } : {};
    const lost = status === 'fail' ? 1 + Math.floor(random() * 2) : 0;
    const excusedCount = Object.values(excused).reduce((sum, value) => sum + value, 0);
    const schedule = steps.map(({ step }) => step);
    const row: RunRow = {
      index,
      schedule,
      status,
      cluster: index < 2 ? 'fresh' : 'reused',
      figures: {
        connections: { judged, answered: judged - lost - excusedCount, lost, excused },
        faultsLanded,
        restoreMs,
        reloads: { started: 0, completed: 0 },
      },
      durationMs: Math.round(180 + 60 * schedule.length + 500 * random()),
    };
    return special.find((other) => other.index === index) ?? row;
  });
}

/** The totals the runner would give those rows. */
function totalsOfRows(rows: readonly RunRow[]): CampaignTotals {
  const result = totals({
    runs: rows.length,
    passed: 0,
    failed: 0,
    unknown: 0,
    connections: { judged: 0, answered: 0, lost: 0, excused: {} },
    faults: {},
  });
  const restores: number[] = [];
  for (const row of rows) {
    result[row.status === 'pass' ? 'passed' : row.status === 'fail' ? 'failed' : 'unknown']++;
    const { connections } = row.figures;
    result.connections.judged += connections.judged;
    result.connections.answered += connections.answered;
    result.connections.lost += connections.lost;
    for (const [kind, count] of Object.entries(connections.excused))
      result.connections.excused[kind] = (result.connections.excused[kind] ?? 0) + count;
    for (const [kind, count] of Object.entries(row.figures.faultsLanded) as [FaultKind, number][])
      result.faults[kind] = (result.faults[kind] ?? 0) + count;
    restores.push(...row.figures.restoreMs);
  }
  restores.sort((a, b) => a - b);
  const middle = restores.length / 2;
  result.restores = {
    count: restores.length,
    medianMs:
      restores.length === 0
        ? undefined
        : restores.length % 2 === 1
          ? restores[Math.floor(middle)]
          : (restores[middle - 1]! + restores[middle]!) / 2,
    maxMs: restores.at(-1),
  };
  return result;
}

/** A campaign that found two problems: the restart master's lost hand-off (app), node:cluster's hand-off to a dead worker (platform). */
export function sampleCampaignFailure(): ReportInput {
  const problems = [sampleProblem(), platformProblem()];
  // The app problem was seen in runs 4, 42 and 53 (its path starts at run 4), the platform one in run 24.
  const runLog = sampleRunLog(64, { 3: 'fail', 23: 'fail', 41: 'fail', 52: 'fail' });
  const result: ResilienceResult = {
    status: 'fail',
    runs: 64,
    totalRuns: 91,
    seed: 1_733_244,
    problems,
    unknownRuns: [],
    runLog,
    totals: totalsOfRows(runLog),
    runsAsked: 100,
    seedFrom: 'options',
    durationMs: 48_200,
    shrinks: problems[0]!.shrinks,
    shrinkBudgetExhausted: false,
    verdicts: problems[0]!.verdicts,
    events: problems[0]!.events,
    outputTail: problems[0]!.outputTail,
  };
  return {
    ...resilienceReportInput(result, sampleTarget('fixtures/tutorial/restart/master.js')),
    generatedAt: '2025-12-01T15:40:00.000Z',
  };
}

/** The schedule of the pass sample's shown run: three faults, the most of the campaign. */
const shownSchedule: Schedule = [
  {
    type: 'burst',
    count: 16,
    concurrency: 4,
    crash: { fault: { kind: 'SIGTERM', target: 'newest', inFlight: true }, after: 5 },
  },
  { type: 'crash', fault: { kind: 'uncaught-exception', target: 'oldest' } },
  { type: 'pause', ms: 120 },
  { type: 'burst', count: 12, concurrency: 4, crash: { fault: { kind: 'SIGKILL', target: 'oldest' }, after: 6 } },
];

/**
 * The pass sample's shown run (run 38 of 100), on the campaign's cluster reused since 19.6 s, as the runner slices it:
 * a baseline `cluster-ready` and the `run start` mark, a mark per step, three faults (a SIGTERM the corrected worker
 * drains, an uncaught exception, a SIGKILL that resets the connection its worker held: excused), each worker replaced,
 * the settle and final burst, `run end`.
 */
function sampleShownRun(): { events: HistoryEvent[]; row: RunRow; verdicts: Verdict[] } {
  const random = numbers(38);
  const [oldWorker, newWorker, replacement1, replacement2, replacement3] = [4131, 4135, 4140, 4141, 4142] as const;
  const t0 = 19_612.4;
  const builder = history().ready(master, [oldWorker, newWorker], t0).mark(t0, 'run start');
  const step = (at: number, index: number) =>
    builder.mark(at, `step ${index + 1}: ${formatStep(shownSchedule[index]!)}`);

  step(t0 + 0.6, 0);
  // Step 1: the SIGTERM is armed in the newest worker after 5 connections and lands as it receives the next one;
  // the worker finishes what it holds, then exits 0.
  builder.fault({
    at: t0 + 9.5,
    pid: newWorker,
    kind: 'SIGTERM',
    target: 'newest worker',
    inFlight: true,
    landsAt: t0 + 12.1,
  });
  let t = burst(
    builder,
    t0 + 1,
    16,
    4,
    random,
    (index, at) => (at > t0 + 12 ? oldWorker : index % 2 === 0 ? oldWorker : newWorker),
    undefined,
    1,
  );
  builder.exit(newWorker, t0 + 31.8, 'worker', null, 0).worker(replacement1, t0 + 34, 118, master);

  // Step 2: an uncaught exception in the oldest worker, which exits 1 and is replaced.
  step(t + 1, 1);
  const crashAt = t + 1.5;
  builder
    .fault({ at: crashAt, pid: oldWorker, kind: 'uncaught-exception', target: 'oldest worker' })
    .exit(oldWorker, crashAt + 1.9, 'worker', null, 1);
  builder.worker(replacement2, crashAt + 5, 104, master);

  // Step 3: a pause while the replacements start.
  step(crashAt + 3, 2);
  t = crashAt + 3 + 120;

  // Step 4: a SIGKILL on the oldest worker (the first replacement) after 6 connections; it held the 7th, which is reset.
  step(t, 3);
  t = burst(builder, t + 1, 6, 4, random, (index) => (index % 2 === 0 ? replacement1 : replacement2), undefined, 2);
  builder.connection({ at: t, lasts: 1.6, outcome: 'reset', dispatcher: master, pid: replacement1, burst: 2 });
  const killAt = t + 1.2;
  builder.fault({ at: killAt, pid: replacement1, target: 'oldest worker' }).exit(replacement1, killAt + 1.3);
  builder.worker(replacement3, killAt + 4, 121, master);
  t = burst(builder, killAt + 2, 5, 4, random, () => replacement2, undefined, 2);

  // The end of the run: wait for two workers, then a final burst.
  const settled = Math.max(t + 10, killAt + 4 + 121 + 6);
  builder.mark(settled, 'settled: final burst');
  t = burst(
    builder,
    settled + 1,
    4,
    2,
    random,
    (index) => (index % 2 === 0 ? replacement2 : replacement3),
    undefined,
    3,
  );
  builder.mark(t + 2, 'run end');
  const events = builder.events;

  const restoreMs = [t0 + 34 + 118 - (t0 + 12.1), crashAt + 5 + 104 - crashAt, killAt + 4 + 121 - killAt].map((ms) =>
    Number(ms.toFixed(1)),
  );
  const judged = events.filter((event) => event.type === 'connection-close').length;
  const reset = events.find((event) => event.type === 'connection-close' && event.outcome === 'reset');
  const resetId = reset?.type === 'connection-close' ? reset.connection : -1;
  const verdicts: Verdict[] = [
    {
      invariant: 'every-connection-answered',
      status: 'pass',
      message: `${judged} connections judged: ${judged - 1} answered, 1 loss excused (#${resetId} reset: its holder ${replacement1} was ended by fault #3, SIGKILL)`,
      evidence: [],
    },
    {
      invariant: 'worker-count-restored',
      status: 'pass',
      message: `2 workers again after each of 3 faults (${restoreMs.map((ms) => `${Math.round(ms)} ms`).join(', ')}), and a follow-up connection was answered each time`,
      evidence: [],
    },
    {
      invariant: 'master-survived',
      status: 'pass',
      message: `master ${master} was alive for the whole run`,
      evidence: [],
    },
    {
      invariant: 'no-orphans',
      status: 'pass',
      message: 'no stop in this run (the reused cluster is checked for orphans when it stops)',
      evidence: [],
    },
    { invariant: 'every-reload-completes', status: 'pass', message: 'no reload was asked for', evidence: [] },
  ];
  const row: RunRow = {
    index: 37,
    schedule: shownSchedule,
    status: 'pass',
    cluster: 'reused',
    figures: {
      connections: { judged, answered: judged - 1, lost: 0, excused: { 'fault-on-holder': 1 } },
      faultsLanded: { SIGTERM: 1, 'uncaught-exception': 1, SIGKILL: 1 },
      restoreMs,
      reloads: { started: 0, completed: 0 },
    },
    durationMs: Math.round(t + 2 - t0),
  };
  return { events, row, verdicts };
}

/** A campaign of 100 runs in which every run passed: totals and a row per run, and run 38, the one with the most faults. */
export function sampleCampaignPass(): ReportInput {
  const shown = sampleShownRun();
  const runLog = sampleRunLog(100, {}, [shown.row]);
  const result: ResilienceResult = {
    status: 'pass',
    runs: 100,
    totalRuns: 100,
    seed: 1_733_244,
    problems: [],
    unknownRuns: [],
    runLog,
    representativeRun: shown.row.index,
    totals: totalsOfRows(runLog),
    runsAsked: 100,
    seedFrom: 'options',
    durationMs: 41_900,
    shrinks: 0,
    shrinkBudgetExhausted: false,
    verdicts: shown.verdicts,
    events: shown.events,
    outputTail: [
      `[master ${master}] worker 4135 got SIGTERM: finishing 1 connection, then exiting`,
      `[master ${master}] worker 4135 exited (code 0), forking a new one`,
      ...injectedTrace,
      `[master ${master}] worker 4131 exited (code 1), forking a new one`,
      `[master ${master}] worker 4140 died (SIGKILL), forking a new one`,
    ].join('\n'),
  };
  return {
    ...resilienceReportInput(result, sampleTarget('fixtures/corrected/restart/master.js')),
    generatedAt: '2025-12-01T15:40:00.000Z',
  };
}
