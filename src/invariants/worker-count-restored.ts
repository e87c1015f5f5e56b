// The invariant "worker count restored": after each worker fault, and each reload, the cluster is back to exactly its baseline workers, stays there, and answers.

import { connectionRecords, type ConnectionRecord } from '../history/connections.js';
import type { FaultLandedEvent, HistoryEvent, Millis, ProcessExitEvent } from '../history/events.js';
import { detailsOf, groupCauses, type CauseOfFailure } from './_internals/causes.js';
import {
  clientEventsByConnection,
  count,
  describeConnection,
  describeFault,
  eventsOfConnection,
  evidenceOf,
  formatMs,
  listFirst,
} from './_internals/evidence.js';
import { disarmedFaults, faultKills, landedFaults, unlandedFaults, type LandedFault } from './_internals/faults.js';
import { liveWorkersAt, workerLives, type WorkerLife } from './_internals/processes.js';
import { reloadWindows, type ReloadWindow } from './_internals/reloads.js';
import { clusterReadyOf, inTimeOrder, judgedRun, ofTypes, type JudgedRun } from './_internals/timeline.js';
import { worstStatus, type Verdict, type VerdictStatus } from './verdict.js';

export interface WorkerCountRestoredOptions {
  /** How long after a fault lands the cluster has to be restored, in ms. Default 5000. */
  restoreWithinMs?: number;
}

/** The cause keys of worker-count-restored (stable: a campaign groups its failures by them). */
export type RestoreCauseKey =
  | 'worker-count-restored/not-restored'
  | 'worker-count-restored/too-many-workers'
  | 'worker-count-restored/not-answering-after-restore';

/** The fixes, by cause. */
export const restoreFixes = {
  notRestored:
    "Replace every worker that exits (fork again on its 'exit', once per worker) within restoreWithin, keep the replacement up, and make sure a faulted worker really goes: the live workers must come back to exactly the baseline and stay there.",
  tooManyWorkers:
    "Fork a replacement only for a worker that is gone, and only once (not on both 'disconnect' and 'exit'), and retire every old worker at the end of a reload: the live workers must come back to exactly the baseline, not more.",
  notAnsweringAfterRestore:
    'The cluster was back to its baseline workers but did not answer: check that a replacement listens (or is handed connections) once it is ready, and that a worker recovers from a pause.',
} as const;

/**
 * After each fault that landed on a worker, within `restoreWithinMs` (default 5000 ms), the cluster is restored to
 * exactly its baseline workers and stays there until the next disturbance; and after each reload's end likewise.
 *
 * Only the events before the first `stop-requested` are read (a shutdown is not a fault). The baseline is the number
 * of workers of the first `cluster-ready`. A worker is live from its `worker-ready` (a baseline worker without one:
 * from `cluster-ready`) until its `process-exit`. Faults on the master are `master-survived`'s business and ignored.
 *
 * - Killing faults (every kind but `hang`): restored at the first moment r in [fault, fault + restoreWithinMs] at
 *   which the faulted pid has exited and exactly the baseline number of workers is live. Each fault has its own
 *   deadline: with two faults close together, each must see such a moment before its own deadline (a moment before
 *   the second fault lands counts for the first). Then a follow-up connection opened at or after r must be answered:
 *   at least one closed, non-aborted connection opened in [r, stop) ended `answered` (any later one will do: the
 *   settle burst comes after the deadline); if some were opened and none was answered, `fail`; if none, `unknown`.
 * - `hang` (the process survives): restored at the first moment r by the deadline at which the baseline number of
 *   workers is live and either the hung pid answered again (a connection attributed to it ended `answered` at or after
 *   the hang's end, i.e. landing + the request's `durationMs`), which is its own follow-up, or the hang is over (r is
 *   at or after its end), then with the follow-up rule of the killing faults (the cluster answers a connection opened
 *   at or after r: with OS-balanced accepts nothing steers a connection to the hung pid itself), or it was replaced
 *   (it exited, then the killing rule above applies). A hang that outlasts the deadline without a replacement fails.
 * - Exactly the baseline, held: from r until the next disturbance (the next fault landing after r, on any process;
 *   the next reload start; the stop request; or, with none of these, the end of the history; and at once, r itself,
 *   when another fault is still at work at r: its target not yet gone, or its hang not over, since what that target
 *   does next, a drain's exit or a surge replacement, is that fault's to judge) the live count is the
 *   baseline at every moment (r and every `worker-ready` or `process-exit` before the disturbance): a moment with
 *   more workers fails (`too-many-workers`), one with fewer fails (`not-restored`). A restore inside a reload window
 *   (between its start and its end or failure) is held only at r: the reload's own workers come and go until it ends,
 *   and its end is judged instead.
 * - Reloads: from each `reload end` until the next disturbance after it, the live count is exactly the baseline by the
 *   same rule (a reload that ends with 3 workers instead of 2 fails `too-many-workers`). A failed or unended reload is
 *   `every-reload-completes`' business.
 * - A fault withdrawn on purpose (`fault-disarmed`) or never requested (`fault-skipped`) is no fault of the run.
 *
 * Verdict: `pass` when nothing had to be restored (no fault requested, no reload ended; the message says so) or when
 * every worker fault was restored, held and followed up and every reload ended at the baseline. `unknown` when a
 * fault was requested but never landed, when the run ended (stop or end of history) before a fault's deadline with
 * the count not yet restored, or when nothing proves the restored cluster answers. `fail` when a deadline passed
 * unrestored (`not-restored`; evidence: the fault, the exits and `worker-ready` events between the fault and the
 * deadline; the deadline and live workers are in the message), when the count left the baseline before the next
 * disturbance (`too-many-workers` / `not-restored`; evidence: the events that made the count wrong), or when every
 * follow-up connection was lost or a hung worker did not answer after its hang (`not-answering-after-restore`).
 * `causes` groups the failures by key (most frequent first), `details` lists each failure.
 */
export function workerCountRestored(events: readonly HistoryEvent[], options: WorkerCountRestoredOptions = {}): Verdict {
  const restores = judgeRestores(events, options);
  const { restoreWithinMs } = restores;
  if (restores.kind === 'nothing-to-restore') {
    return { invariant: 'worker-count-restored', status: 'pass', message: restores.message, evidence: [] };
  }
  if (restores.kind === 'no-baseline') {
    return { invariant: 'worker-count-restored', status: 'unknown', message: restores.message, evidence: evidenceOf(restores.evidence) };
  }

  const { findings, baseline, ignored } = restores;
  const faultFindings = findings.filter((finding) => finding.reload === undefined);
  const reloadFindings = findings.filter((finding) => finding.reload !== undefined);
  if (findings.length === 0) {
    return {
      invariant: 'worker-count-restored',
      status: 'pass',
      message: `no fault landed on a worker${ignored}: nothing had to be restored`,
      evidence: [],
    };
  }
  const status = worstStatus(findings.map((finding) => finding.status));
  const shown = findings.filter((finding) => finding.status === status);
  const shownFaults = shown.filter((finding) => finding.reload === undefined).length;
  const shownReloads = shown.length - shownFaults;
  const reloadsPart = (verb: string): string =>
    `${reloadFindings.length === 1 ? 'the reload' : `${shownReloads} of ${count(reloadFindings.length, 'reload')}`} ${verb} the baseline ${baseline} workers`;
  const head =
    status === 'pass'
      ? [
          ...(faultFindings.length > 0 ? [`all ${count(faultFindings.length, 'worker fault')} restored to ${baseline} workers within ${formatMs(restoreWithinMs)}`] : []),
          ...(reloadFindings.length > 0 ? [reloadsPart('ended at')] : []),
        ].join('; ') + ignored
      : [
          ...(shownFaults > 0
            ? [`${shownFaults} of ${count(faultFindings.length, 'fault')} ${status === 'fail' ? 'not restored' : 'not proven restored'} within ${formatMs(restoreWithinMs)} (baseline ${baseline} workers)`]
            : []),
          ...(shownReloads > 0 ? [reloadsPart('did not end at')] : []),
        ].join('; ') + ignored;
  const failures = shown.flatMap((finding) => (finding.cause ? [{ ...finding.cause, line: finding.text }] : []));
  return {
    invariant: 'worker-count-restored',
    status,
    message: `${head}: ${listFirst(shown.map((finding) => finding.text), 3)}`,
    evidence: evidenceOf([restores.ready, ...shown.flatMap((finding) => finding.evidence)]),
    ...(status === 'fail' ? { causes: groupCauses(failures), details: detailsOf(failures) } : {}),
  };
}

/** One judged fault or reload end. */
export interface RestoreFinding {
  status: VerdictStatus;
  text: string;
  /** Most relevant first. */
  evidence: (HistoryEvent | undefined)[];
  /** For `fail`: why. */
  cause?: CauseOfFailure & { key: RestoreCauseKey };
  /** The worker fault judged (absent for a reload end, or a fault that never landed). */
  fault?: LandedFault;
  /** The reload whose end was judged. */
  reload?: ReloadWindow;
  /** The restore moment r of a worker fault, when one was reached. */
  restoredAt?: Millis;
}

export type RestoreJudgement =
  | { kind: 'nothing-to-restore'; message: string; restoreWithinMs: Millis }
  | { kind: 'no-baseline'; message: string; evidence: HistoryEvent[]; restoreWithinMs: Millis }
  | {
      kind: 'judged';
      findings: RestoreFinding[];
      baseline: number;
      ready: HistoryEvent;
      /** The note on faults left to master-survived, for the message (empty or starting with a space). */
      ignored: string;
      restoreWithinMs: Millis;
    };

/** Judges every worker fault and reload end of a history (see `workerCountRestored`): the verdict and the run's figures read this. */
export function judgeRestores(events: readonly HistoryEvent[], options: WorkerCountRestoredOptions = {}): RestoreJudgement {
  const restoreWithinMs = options.restoreWithinMs ?? 5000;
  const timeline = inTimeOrder(events);
  const run = judgedRun(timeline);
  const disarmed = new Set(disarmedFaults(run.events).map((fault) => fault.fault));
  const requested = ofTypes(run.events, 'fault-requested').filter((fault) => !disarmed.has(fault.fault));
  const reloads = reloadWindows(run.events);
  // The run's events stop before the stop request, so each of these ended before it.
  const reloadEnds = reloads.filter((reload) => reload.close?.phase === 'end');
  if (requested.length === 0 && reloadEnds.length === 0) {
    const note = disarmed.size > 0 ? ` (${count(disarmed.size, 'fault')} disarmed before landing)` : '';
    return { kind: 'nothing-to-restore', message: `no fault was requested before the stop${note}: nothing had to be restored`, restoreWithinMs };
  }
  const ready = clusterReadyOf(run.events);
  if (!ready) {
    return {
      kind: 'no-baseline',
      message: `${count(requested.length, 'fault')} requested${reloadEnds.length > 0 ? ` and ${count(reloadEnds.length, 'reload')} ended` : ''}, but the history has no cluster-ready event: there is no baseline worker count to restore`,
      evidence: requested,
      restoreWithinMs,
    };
  }

  const judgement: Judgement = {
    run,
    clientEvents: clientEventsByConnection(timeline),
    baseline: ready.workers.length,
    restoreWithinMs,
    lives: workerLives(run.events),
    // Connections opened before the stop may close after it: their outcome still counts.
    records: connectionRecords(timeline).filter((record) => record.openedAt < run.end),
    faults: landedFaults(run.events),
    reloads,
  };
  // A fault whose target exited before it could land (it was dying already, of another fault or of its own accord)
  // did what it was asked for: the cluster must restore from that exit, as if the fault had landed then.
  const unlanded = unlandedFaults(run.events);
  const moot = unlanded.flatMap((fault) => {
    const exit = fault.pid === null ? undefined : run.events.find((event): event is ProcessExitEvent => event.type === 'process-exit' && event.pid === fault.pid && event.t >= fault.t);
    return exit && fault.role === 'worker' ? [{ request: fault, exit }] : [];
  });
  if (moot.length > 0) {
    const asLanded = moot.map(({ request, exit }): LandedFault => {
      const landed: FaultLandedEvent = { type: 'fault-landed', t: exit.t, fault: request.fault, kind: request.kind, pid: exit.pid, role: 'worker' };
      return { landed, requested: request, until: exit.t, exit };
    });
    judgement.faults = [...judgement.faults, ...asLanded].sort((a, b) => a.landed.t - b.landed.t);
  }
  const findings: RestoreFinding[] = [
    ...unlanded
      .filter((fault) => !moot.some(({ request }) => request === fault))
      .map(
        (fault): RestoreFinding => ({
          status: 'unknown',
          text: `fault #${fault.fault} (${fault.kind}) on ${fault.target} was requested at ${formatMs(fault.t)} but never landed`,
          evidence: [fault],
        }),
      ),
    ...judgement.faults.filter((fault) => fault.landed.role === 'worker').map((fault) => judgeFault(fault, judgement)),
    ...reloadEnds.map((reload) => judgeReloadEnd(reload, judgement)),
  ];
  const masterFaults = judgement.faults.filter((fault) => fault.landed.role !== 'worker').length;
  const ignored = masterFaults > 0 ? ` (${count(masterFaults, 'fault')} on non-worker processes left to master-survived)` : '';
  return { kind: 'judged', findings, baseline: judgement.baseline, ready, ignored, restoreWithinMs };
}

interface Judgement {
  run: JudgedRun;
  baseline: number;
  restoreWithinMs: Millis;
  lives: ReadonlyMap<number, WorkerLife>;
  records: readonly ConnectionRecord[];
  clientEvents: ReadonlyMap<number, HistoryEvent[]>;
  /** The worker faults judged: those that landed, and those whose target exited before they could (landed at that exit). */
  faults: readonly LandedFault[];
  reloads: readonly ReloadWindow[];
}

const notRestored = (text: string): RestoreFinding['cause'] => ({
  key: 'worker-count-restored/not-restored',
  origin: 'app',
  text,
  fix: restoreFixes.notRestored,
});
const notAnswering = (text: string): RestoreFinding['cause'] => ({
  key: 'worker-count-restored/not-answering-after-restore',
  origin: 'app',
  text,
  fix: restoreFixes.notAnsweringAfterRestore,
});

function judgeFault(fault: LandedFault, judgement: Judgement): RestoreFinding {
  const { run, baseline, lives, records } = judgement;
  const { landed } = fault;
  const pid = landed.pid;
  const deadline = landed.t + judgement.restoreWithinMs;
  const horizon = Math.min(deadline, run.end);
  const exit = lives.get(pid)?.exit ?? run.events.find((event) => event.type === 'process-exit' && event.pid === pid);
  const gone = (t: Millis): boolean => exit !== undefined && exit.t <= t;
  const kills = faultKills(landed.kind);
  const hangEnd = fault.until;
  const answersAgain = (t: Millis): ConnectionRecord | undefined =>
    kills
      ? undefined
      : records.find(
          (record) =>
            record.attributedPid === pid &&
            record.outcome === 'answered' &&
            !record.clientAborted &&
            record.closedAt !== undefined &&
            record.closedAt >= hangEnd &&
            record.closedAt <= t,
        );

  const lifecycle = run.events.filter(
    (event) => (event.type === 'worker-ready' || event.type === 'process-exit') && event.t >= landed.t && event.t <= horizon,
  );
  const moments = [
    landed.t,
    ...lifecycle.map((event) => event.t),
    ...(kills ? [] : records.flatMap((record) => (record.attributedPid === pid && record.closedAt !== undefined && record.closedAt <= horizon ? [record.closedAt] : []))),
    ...(kills ? [] : [hangEnd]),
  ]
    .filter((t) => t >= landed.t && t <= horizon)
    .sort((a, b) => a - b);

  const readies = lifecycle.filter((event) => event.type === 'worker-ready');
  const evidence: (HistoryEvent | undefined)[] = [landed, exit, ...readies, ...lifecycle, fault.requested];
  const subject = describeFault(fault);

  for (const moment of moments) {
    const live = liveWorkersAt(lives, moment);
    if (live.length !== baseline) continue;
    const proof = answersAgain(moment);
    if (proof) {
      const broken = heldAtBaseline(fault, moment, live, judgement, evidence);
      if (broken) return broken;
      return {
        status: 'pass',
        text: `${subject}: answered again with ${describeConnection(proof)}, ${baseline} workers live`,
        evidence: [landed, ...eventsOfConnection(proof, judgement.clientEvents), ...evidence],
        fault,
        restoredAt: moment,
      };
    }
    if (gone(moment)) return heldAtBaseline(fault, moment, live, judgement, evidence) ?? followUp(fault, moment, live, judgement, evidence);
  }

  if (!kills && !gone(horizon)) {
    // The hung worker took a connection opened after its hang and did not answer it: it has not recovered.
    const stuck = records.find(
      (record) => record.attributedPid === pid && record.openedAt >= hangEnd && record.closedAt !== undefined && record.outcome !== 'answered' && !record.clientAborted,
    );
    const over = moments.find((moment) => moment >= hangEnd && liveWorkersAt(lives, moment).length === baseline);
    if (stuck) {
      const text = `${subject}: after its hang it took ${describeConnection(stuck)} and did not answer it`;
      return {
        status: 'fail',
        text,
        evidence: [landed, ...eventsOfConnection(stuck, judgement.clientEvents), ...evidence],
        cause: notAnswering(text),
        fault,
      };
    }
    if (over !== undefined) {
      const live = liveWorkersAt(lives, over);
      return heldAtBaseline(fault, over, live, judgement, evidence) ?? followUp(fault, over, live, judgement, evidence);
    }
  }

  const liveAtHorizon = liveWorkersAt(lives, horizon);
  const state = `live workers at ${formatMs(horizon)}: [${liveAtHorizon.join(', ')}] (${liveAtHorizon.length} of ${baseline}); ${
    exit ? `pid ${pid} exited at ${formatMs(exit.t)}` : `pid ${pid} never exited`
  }; worker-ready after the fault: ${readies.length === 0 ? 'none' : readies.map((event) => `pid ${event.pid} at ${formatMs(event.t)}`).join(', ')}`;
  if (deadline > run.end) {
    return {
      status: 'unknown',
      text: `${subject}: the run ended at ${formatMs(run.end)}, before the deadline ${formatMs(deadline)}, not yet restored (${state})`,
      evidence,
      fault,
    };
  }
  if (!kills && hangEnd <= deadline) {
    const reached = records.filter(
      (record) => record.attributedPid === pid && record.closedAt !== undefined && record.closedAt >= hangEnd && record.closedAt <= deadline,
    );
    if (reached.length === 0) {
      return {
        status: 'unknown',
        text: `${subject}: no connection reached pid ${pid} between the hang's end and the deadline ${formatMs(deadline)}, so nothing shows it answers again (${state})`,
        evidence,
        fault,
      };
    }
  }
  const why = !kills && hangEnd > deadline ? `hung past the deadline and was not replaced; ` : '';
  const text = `${subject}: not restored by the deadline ${formatMs(deadline)}: ${why}${state}`;
  // The faulted worker went but more than the baseline stayed live: too many, not too few.
  const tooMany = kills && gone(horizon) && liveAtHorizon.length > baseline;
  return {
    status: 'fail',
    text,
    evidence,
    cause: tooMany ? { key: 'worker-count-restored/too-many-workers', origin: 'app', text, fix: restoreFixes.tooManyWorkers } : notRestored(text),
    fault,
  };
}

/** What ends a stretch that must hold the baseline: the first disturbance strictly after `from`. */
interface Disturbance {
  t: Millis;
  what: string;
}

function nextDisturbance(from: Millis, judgement: Judgement, judged?: LandedFault): Disturbance {
  // Another fault still at work at `from` (its target not yet gone, a hang not yet over): what its target does next
  // (drains and exits, is replaced, a surge replacement comes first) is that fault's to judge, so the stretch that
  // must hold the baseline ends at once.
  const atWork = judgement.faults.find(
    (fault) =>
      fault !== judged &&
      fault.landed.role === 'worker' &&
      fault.landed.t <= from &&
      (faultKills(fault.landed.kind) ? isWorkerAlive(fault.landed.pid, from, judgement) : fault.until > from),
  );
  if (atWork !== undefined) {
    return { t: from, what: `${describeFault(atWork)}, still at work at ${formatMs(from)}` };
  }
  const candidates: Disturbance[] = [
    ...judgement.faults.filter((fault) => fault.landed.t > from).map((fault) => ({ t: fault.landed.t, what: `fault #${fault.landed.fault} landed at ${formatMs(fault.landed.t)}` })),
    ...judgement.reloads.filter((reload) => reload.start.t > from).map((reload) => ({ t: reload.start.t, what: `the reload "${reload.start.how}" started at ${formatMs(reload.start.t)}` })),
    ...(judgement.run.stop ? [{ t: judgement.run.stop.t, what: `the stop requested at ${formatMs(judgement.run.stop.t)}` }] : []),
  ];
  const first = candidates.sort((a, b) => a.t - b.t)[0];
  return first ?? { t: Number.POSITIVE_INFINITY, what: `the end of the history at ${formatMs(judgement.run.end)}` };
}

/** Whether a process has not exited by `t` (the history has no `process-exit` for it at or before `t`). */
function isWorkerAlive(pid: number, t: Millis, judgement: Judgement): boolean {
  const exit = judgement.run.events.find((event) => event.type === 'process-exit' && event.pid === pid);
  return exit === undefined || exit.t > t;
}

/** The first moment of [from, disturbance) at which the live count is not the baseline, if any. */
function firstDeparture(from: Millis, judgement: Judgement, judged?: LandedFault): { t: Millis; live: number[]; events: HistoryEvent[]; until: Disturbance } | undefined {
  const until = nextDisturbance(from, judgement, judged);
  const lifecycle = judgement.run.events.filter(
    (event) => (event.type === 'worker-ready' || event.type === 'process-exit') && event.t > from && event.t < until.t,
  );
  for (const t of [from, ...lifecycle.map((event) => event.t)]) {
    const live = liveWorkersAt(judgement.lives, t);
    if (live.length !== judgement.baseline) {
      return { t, live, events: lifecycle.filter((event) => event.t <= t).slice(-6), until };
    }
  }
  return undefined;
}

/** The cause of a departure from the baseline. */
function departureCause(text: string, live: readonly number[], baseline: number): RestoreFinding['cause'] {
  return live.length > baseline
    ? { key: 'worker-count-restored/too-many-workers', origin: 'app', text, fix: restoreFixes.tooManyWorkers }
    : notRestored(text);
}

/** A failing finding if the count leaves the baseline after the restore at `restoredAt`, before the next disturbance. */
function heldAtBaseline(
  fault: LandedFault,
  restoredAt: Millis,
  live: readonly number[],
  judgement: Judgement,
  evidence: (HistoryEvent | undefined)[],
): RestoreFinding | undefined {
  // Inside a reload, the reload's own workers come and go until it ends: its end is judged instead.
  if (judgement.reloads.some((reload) => reload.start.t <= restoredAt && reload.closeAt > restoredAt)) return undefined;
  const departure = firstDeparture(restoredAt, judgement, fault);
  if (!departure) return undefined;
  const { baseline } = judgement;
  const text = `${describeFault(fault)}: restored at ${formatMs(restoredAt)} to [${live.join(', ')}], but at ${formatMs(departure.t)} ${count(departure.live.length, 'worker was', 'workers were')} live ([${departure.live.join(', ')}]), ${departure.live.length > baseline ? 'more' : 'fewer'} than the baseline ${baseline}, before ${departure.until.what}`;
  return {
    status: 'fail',
    text,
    evidence: [fault.landed, ...departure.events.reverse(), ...evidence.slice(1, 4)],
    cause: departureCause(text, departure.live, baseline),
    fault,
    restoredAt,
  };
}

/** From a reload's end until the next disturbance, exactly the baseline workers are live. */
function judgeReloadEnd(reload: ReloadWindow, judgement: Judgement): RestoreFinding {
  const end = reload.close!;
  const subject = `reload "${reload.start.how}" ended at ${formatMs(end.t)}`;
  const departure = firstDeparture(end.t, judgement);
  const { baseline } = judgement;
  if (!departure) {
    const live = liveWorkersAt(judgement.lives, end.t);
    return {
      status: 'pass',
      text: `${subject} with [${live.join(', ')}], the baseline ${baseline} workers, held until ${nextDisturbance(end.t, judgement).what}`,
      evidence: [reload.start, end],
      reload,
    };
  }
  const text = `${subject}, but at ${formatMs(departure.t)} ${count(departure.live.length, 'worker was', 'workers were')} live ([${departure.live.join(', ')}]), ${departure.live.length > baseline ? 'more' : 'fewer'} than the baseline ${baseline}, before ${departure.until.what}`;
  return {
    status: 'fail',
    text,
    evidence: [end, reload.start, ...departure.events.reverse()],
    cause: departureCause(text, departure.live, baseline),
    reload,
  };
}

/** After a restore at `restoredAt`, one connection opened since must have been answered. */
function followUp(
  fault: LandedFault,
  restoredAt: Millis,
  live: readonly number[],
  judgement: Judgement,
  evidence: (HistoryEvent | undefined)[],
): RestoreFinding {
  const subject = `${describeFault(fault)}: restored at ${formatMs(restoredAt)} to [${live.join(', ')}]`;
  const followUps = judgement.records.filter(
    (record) => record.openedAt >= restoredAt && !record.clientAborted && record.closedAt !== undefined,
  );
  const answered = followUps.find((record) => record.outcome === 'answered');
  if (answered) {
    return {
      status: 'pass',
      text: `${subject}, follow-up ${describeConnection(answered)} answered`,
      evidence: [fault.landed, ...evidence.slice(1, 6), ...eventsOfConnection(answered, judgement.clientEvents)],
      fault,
      restoredAt,
    };
  }
  if (followUps.length > 0) {
    const text = `${subject}, but none of the ${count(followUps.length, 'follow-up connection')} opened since was answered: ${listFirst(followUps.map(describeConnection), 3, ', ')}`;
    return {
      status: 'fail',
      text,
      evidence: [fault.landed, ...evidence.slice(1, 4), ...followUps.slice(0, 3).flatMap((record) => eventsOfConnection(record, judgement.clientEvents)), ...evidence.slice(4)],
      cause: notAnswering(text),
      fault,
      restoredAt,
    };
  }
  return {
    status: 'unknown',
    text: `${subject}, but no connection was opened after the restore: nothing proves the restored cluster answers`,
    evidence,
    fault,
    restoredAt,
  };
}
