// Whether the live workers stay at the baseline after a restore or a reload's end, until the next disturbance.

import type { HistoryEvent, Millis } from '../../history/events.js';
import { count, describeFault, formatMs } from './evidence.js';
import { faultKills, type LandedFault } from './faults.js';
import { liveWorkersAt } from './processes.js';
import type { ReloadWindow } from './reloads.js';
import { departureCause, type Judgement, type RestoreFinding } from './restore-finding.js';

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
  // So is a fault whose target is gone but not yet replaced, before its deadline: a reload that ends a moment after
  // a fault's target exited ends one worker short, and bringing the count back is that fault's to judge.
  const replacing = judgement.faults.find((fault) => fault !== judged && awaitsReplacement(fault, from, judgement));
  if (replacing !== undefined) {
    return {
      t: from,
      what: `${describeFault(replacing)}, whose worker exited at ${formatMs(replacing.exit!.t)} and was not yet replaced at ${formatMs(from)}`,
    };
  }
  const candidates: Disturbance[] = [
    ...judgement.faults
      .filter((fault) => fault.landed.t > from)
      .map((fault) => ({
        t: fault.landed.t,
        what: `fault #${fault.landed.fault} landed at ${formatMs(fault.landed.t)}`,
      })),
    ...judgement.reloads
      .filter((reload) => reload.start.t > from)
      .map((reload) => ({
        t: reload.start.t,
        what: `the reload "${reload.start.how}" started at ${formatMs(reload.start.t)}`,
      })),
    ...(judgement.run.stop
      ? [{ t: judgement.run.stop.t, what: `the stop requested at ${formatMs(judgement.run.stop.t)}` }]
      : []),
  ];
  const first = candidates.sort((a, b) => a.t - b.t)[0];
  return first ?? { t: Number.POSITIVE_INFINITY, what: `the end of the history at ${formatMs(judgement.run.end)}` };
}

/**
 * Whether a killing fault on a worker, landed by `from` and with its deadline still ahead, has had its target exit by
 * `from` with the cluster not back at the baseline at any moment since that exit (the exit itself, then every
 * `worker-ready` or `process-exit` up to `from`).
 */
function awaitsReplacement(fault: LandedFault, from: Millis, judgement: Judgement): boolean {
  const { landed, exit } = fault;
  if (landed.role !== 'worker' || !faultKills(landed.kind) || landed.t > from) return false;
  if (exit === undefined || exit.t > from || landed.t + judgement.restoreWithinMs < from) return false;
  const moments = [
    exit.t,
    ...judgement.run.events
      .filter(
        (event) =>
          (event.type === 'worker-ready' || event.type === 'process-exit') && event.t > exit.t && event.t <= from,
      )
      .map((event) => event.t),
  ];
  return !moments.some((t) => liveWorkersAt(judgement.lives, t).length === judgement.baseline);
}

/** Whether a process has not exited by `t` (the history has no `process-exit` for it at or before `t`). */
function isWorkerAlive(pid: number, t: Millis, judgement: Judgement): boolean {
  const exit = judgement.run.events.find((event) => event.type === 'process-exit' && event.pid === pid);
  return exit === undefined || exit.t > t;
}

/** The first moment of [from, disturbance) at which the live count is not the baseline, if any. */
function firstDeparture(
  from: Millis,
  judgement: Judgement,
  judged?: LandedFault,
): { t: Millis; live: number[]; events: HistoryEvent[]; until: Disturbance } | undefined {
  const until = nextDisturbance(from, judgement, judged);
  // Another fault at work at `from` ends the stretch at once: there is nothing to hold, `from` included.
  if (until.t <= from) return undefined;
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

/** A failing finding if the count leaves the baseline after the restore at `restoredAt`, before the next disturbance. */
export function heldAtBaseline(
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
export function judgeReloadEnd(reload: ReloadWindow, judgement: Judgement): RestoreFinding {
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
