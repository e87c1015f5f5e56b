// What explains a process's death: an injected fault, its master's death, the stop, a reload, or the process it wraps.

import type {
  FaultRequestedEvent,
  HistoryEvent,
  Millis,
  ProcessExitEvent,
  ProcessStartEvent,
  StopRequestedEvent,
} from '../../history/events.js';
import { formatMs } from './evidence.js';
import { faultKills, type LandedFault, landedFaults } from './faults.js';
import { type ReloadWindow, reloadWindows } from './reloads.js';

/**
 * How long after its landing a fault that ends its process abruptly (every ending kind but SIGTERM) still explains
 * that process's exit. Such a process dies at once; the bound is wide for a loaded machine, and keeps a process that
 * survived the fault (an app that catches `unhandledRejection`, as PM2 does) from having a later crash excused.
 */
export const abruptExitWithinMs: Millis = 5000;

/**
 * How long after a hang ends it still explains its process's exit: a master that kills an unresponsive worker does so
 * during the hang, and a signal the app handles runs once the loop runs again, then the app drains.
 */
export const hangExitGraceMs: Millis = 2000;

/** What explains one exit, for the pass message and its evidence. */
export interface DeathExplanation {
  by: 'fault' | 'hang' | 'master-fault' | 'parent-died' | 'stop' | 'reload' | 'wrapped-exited';
  /** In words, e.g. `fault #2 (SIGKILL) landed on it at 350ms`. */
  text: string;
  evidence: HistoryEvent[];
}

/** The facts of a history that explanations are read from, derived once. */
export interface DeathContext {
  landed: LandedFault[];
  requests: FaultRequestedEvent[];
  disarmed: Set<number>;
  exits: Map<number, ProcessExitEvent>;
  starts: Map<number, ProcessStartEvent>;
  reloads: ReloadWindow[];
  stop?: StopRequestedEvent;
  masterPid: number;
}

export function deathContext(timeline: readonly HistoryEvent[], masterPid: number): DeathContext {
  const exits = new Map<number, ProcessExitEvent>();
  const starts = new Map<number, ProcessStartEvent>();
  const requests: FaultRequestedEvent[] = [];
  const disarmed = new Set<number>();
  let stop: StopRequestedEvent | undefined;
  for (const event of timeline) {
    if (event.type === 'process-exit' && !exits.has(event.pid)) exits.set(event.pid, event);
    else if (event.type === 'process-start' && !starts.has(event.pid)) starts.set(event.pid, event);
    else if (event.type === 'fault-requested') requests.push(event);
    else if (event.type === 'fault-disarmed') disarmed.add(event.fault);
    else if (event.type === 'stop-requested' && stop === undefined) stop = event;
  }
  return {
    landed: landedFaults(timeline),
    requests,
    disarmed,
    exits,
    starts,
    reloads: reloadWindows(timeline),
    ...(stop ? { stop } : {}),
    masterPid,
  };
}

/** Whether a landed fault that ends processes explains an exit of its pid at `t` (see `explainDeath`). */
function landingExplains(fault: LandedFault, t: Millis): boolean {
  const { kind } = fault.landed;
  if (!faultKills(kind) || fault.landed.t > t) return false;
  return kind === 'SIGTERM' || t - fault.landed.t <= abruptExitWithinMs;
}

/**
 * The first rule that explains `exit`, or undefined when nothing does. In order:
 * 1. the stop: the exit is at or after the first `stop-requested`;
 * 2. a fault on that pid: a fault of an ending kind (every kind but `hang`) that landed on it at or before the exit
 *    (SIGTERM: however long before, a drain takes as long as what the process holds; the other kinds: at most
 *    `abruptExitWithinMs` before), or that was requested on it at or before the exit and whose landing on it is
 *    recorded only after the exit or never (a process that dies at once may die before its landing is read), unless
 *    it was withdrawn (`fault-disarmed`);
 * 3. a hang on that pid: the exit is between the hang's landing and `hangExitGraceMs` after its end;
 * 4. for any process but the master: a fault of an ending kind that landed on the master or on its parent at or
 *    before the exit (a master told to stop stops its workers first), or the exit of its parent or of the master at or
 *    before its own (workers of a dead master exit, however late);
 * 5. a reload: the exit is between a reload's start and its end or failure (open-ended while it has neither);
 * 6. for a launcher: a process it wraps (the master, or a child of the launcher) exited at or before it.
 */
export function explainDeath(exit: ProcessExitEvent, context: DeathContext): DeathExplanation | undefined {
  const { pid, t } = exit;
  const { stop } = context;
  if (stop && t >= stop.t) {
    return { by: 'stop', text: `the stop requested at ${formatMs(stop.t)}`, evidence: [stop] };
  }

  const onPid = context.landed.filter((fault) => fault.landed.pid === pid);
  const landing = onPid.filter((fault) => landingExplains(fault, t)).at(-1);
  if (landing) {
    return {
      by: 'fault',
      text: `fault #${landing.landed.fault} (${landing.landed.kind}) landed on it at ${formatMs(landing.landed.t)}`,
      evidence: [landing.landed],
    };
  }
  const request = context.requests.find(
    (candidate) =>
      candidate.pid === pid &&
      faultKills(candidate.kind) &&
      candidate.t <= t &&
      !context.disarmed.has(candidate.fault) &&
      !onPid.some((fault) => fault.landed.fault === candidate.fault && fault.landed.t <= t),
  );
  if (request) {
    return {
      by: 'fault',
      text: `fault #${request.fault} (${request.kind}) requested on it at ${formatMs(request.t)}, its landing recorded only after the exit or never`,
      evidence: [request],
    };
  }
  const hang = onPid.find(
    (fault) => fault.landed.kind === 'hang' && fault.landed.t <= t && t <= fault.until + hangExitGraceMs,
  );
  if (hang) {
    return {
      by: 'hang',
      text: `fault #${hang.landed.fault} (hang) held it from ${formatMs(hang.landed.t)} to ${formatMs(hang.until)}`,
      evidence: [hang.landed],
    };
  }

  if (pid !== context.masterPid) {
    const parent = context.starts.get(pid)?.ppid;
    const above = [context.masterPid, ...(parent === undefined || parent === context.masterPid ? [] : [parent])];
    const masterFault = context.landed.find(
      (fault) => above.includes(fault.landed.pid) && faultKills(fault.landed.kind) && fault.landed.t <= t,
    );
    if (masterFault) {
      return {
        by: 'master-fault',
        text: `fault #${masterFault.landed.fault} (${masterFault.landed.kind}) landed on its ${masterFault.landed.role} ${masterFault.landed.pid} at ${formatMs(masterFault.landed.t)}`,
        evidence: [masterFault.landed],
      };
    }
    const parentExit = above
      .map((abovePid) => context.exits.get(abovePid))
      .find((candidate) => candidate && candidate.t <= t);
    if (parentExit) {
      return {
        by: 'parent-died',
        text: `its ${parentExit.role} ${parentExit.pid} exited at ${formatMs(parentExit.t)}`,
        evidence: [parentExit],
      };
    }
  }

  const reload = context.reloads.find((window) => window.start.t <= t && t <= window.closeAt);
  if (reload) {
    return {
      by: 'reload',
      text: `the reload "${reload.start.how}" in progress since ${formatMs(reload.start.t)}`,
      evidence: [reload.start],
    };
  }

  if (exit.role === 'launcher') {
    const wrapped = [...context.exits.values()].find(
      (candidate) =>
        candidate.t <= t &&
        candidate.pid !== pid &&
        (candidate.pid === context.masterPid || context.starts.get(candidate.pid)?.ppid === pid),
    );
    if (wrapped) {
      return {
        by: 'wrapped-exited',
        text: `the ${wrapped.role} ${wrapped.pid} it wraps exited at ${formatMs(wrapped.t)}`,
        evidence: [wrapped],
      };
    }
  }
  return undefined;
}
