// The invariant "every connection answered": a lost connection is a violation unless an injected fault explains it.

import { connectionRecords, type ConnectionRecord } from '../history/connections.js';
import type { HistoryEvent } from '../history/events.js';
import {
  clientEventsByConnection,
  count,
  describeConnection,
  eventsOfConnection,
  evidenceOf,
  formatMs,
  listFirst,
} from './_internals/evidence.js';
import { describeExcuse, excuseForLoss, type LossExcuse } from './_internals/excuse.js';
import { faultsDuring, landedFaults } from './_internals/faults.js';
import { exitOf } from './_internals/processes.js';
import { clusterReadyOf, firstOfType, inTimeOrder, ofTypes } from './_internals/timeline.js';
import type { Verdict } from './verdict.js';

export interface EveryConnectionAnsweredOptions {
  /**
   * `false` (the default, lenient): a lost connection is excused when an injected fault explains it (see
   * `everyConnectionAnswered`). `true` (strict): no loss at all, faults excuse nothing.
   */
  strict?: boolean;
}

/** How many lost connections a message names before it says "and N more". */
const namedInMessage = 3;

/**
 * Every connection the load driver opened before the stop request ended `answered`, or its loss is excused.
 *
 * - Judged: each connection opened before the first `stop-requested` (all of them if there is none). Connections
 *   opened after it are out of the run; a `clientAborted` connection (the client gave up on purpose) is neither an
 *   answer nor a loss and is ignored.
 * - Loss: a closed connection whose outcome is not `answered` (`refused`, `reset`, `closed-empty`, `timeout`). A
 *   `refused` connection while the master is alive is a loss like any other.
 * - Excused (lenient mode only): a loss that ended at or after the stop request (the harness's shutdown cut it); a loss
 *   attributed to a pid on which a fault acted while the connection was open ([openedAt, closedAt], ends included;
 *   a kill acts at the instant it lands, a hang from landing for its `durationMs`); with no attribution, a loss during
 *   which a fault acted on any process; a refusal at or after the master's exit when a fault had landed on the master.
 *   A fault that landed on the holder before the connection opened excuses nothing. A reload excuses nothing either:
 *   a loss across a `reload` window is judged by the same rule (and named as such in the message).
 * - Strict mode: every loss is a violation; the message still names the fault that cut it.
 *
 * Verdict: `fail` with at least one unexcused loss (evidence: each such connection's open, connected, handled and
 * close events, the exit of its holder, the faults that landed during or just before it, the reloads it overlapped).
 * Otherwise `unknown` when a judged connection never closed (the load driver closes every connection with an
 * outcome, so the history is incomplete: a harness defect), or when no connection was answered at all (a run that
 * proves nothing). Otherwise `pass`, naming how many losses were excused and why.
 */
export function everyConnectionAnswered(
  events: readonly HistoryEvent[],
  options: EveryConnectionAnsweredOptions = {},
): Verdict {
  const strict = options.strict ?? false;
  const timeline = inTimeOrder(events);
  const stop = firstOfType(timeline, 'stop-requested');
  const ready = clusterReadyOf(timeline);
  const masterExit = ready ? exitOf(timeline, ready.masterPid) : undefined;
  const faults = landedFaults(timeline);
  const reloads = reloadWindows(timeline);
  const clientEvents = clientEventsByConnection(timeline);
  const context = {
    faults,
    ...(stop ? { stop } : {}),
    ...(ready ? { masterPid: ready.masterPid } : {}),
    ...(masterExit ? { masterExit } : {}),
  };

  const judged = connectionRecords(timeline).filter((record) => stop === undefined || record.openedAt < stop.t);
  let answered = 0;
  let aborted = 0;
  const unclosed: ConnectionRecord[] = [];
  const excused: { record: ConnectionRecord; excuse: LossExcuse }[] = [];
  const violations: { record: ConnectionRecord; excuse: LossExcuse | undefined }[] = [];

  for (const record of judged) {
    if (record.clientAborted) aborted++;
    else if (record.closedAt === undefined) unclosed.push(record);
    else if (record.outcome === 'answered') answered++;
    else {
      const excuse = excuseForLoss(record, context);
      if (excuse !== undefined && !strict) excused.push({ record, excuse });
      else violations.push({ record, excuse });
    }
  }

  const mode = strict ? 'strict' : 'lenient';
  const tally = `${answered} of ${count(judged.length, 'judged connection')} answered`;

  if (violations.length > 0) {
    const explained = violations.map(({ record, excuse }) => {
      const reload = reloads.find((window) => window.start.t <= (record.closedAt ?? record.openedAt) && window.endAt >= record.openedAt);
      const during = reload ? `, during the reload "${reload.start.how}" started at ${formatMs(reload.start.t)}` : '';
      const holderExit = record.attributedPid === undefined ? undefined : exitOf(timeline, record.attributedPid);
      return `${describeConnection(record)}: ${whyNotExcused(record, excuse, context.masterPid, masterExit?.t, holderExit?.t)}${during}`;
    });
    const evidence = evidenceOf(
      violations.slice(0, namedInMessage).flatMap(({ record }) => {
        const lifetimeEnd = record.closedAt ?? record.openedAt;
        const holderExit = record.attributedPid === undefined ? undefined : exitOf(timeline, record.attributedPid);
        const faultBefore = faults.filter((fault) => fault.landed.t < record.openedAt).at(-1);
        return [
          ...eventsOfConnection(record, clientEvents),
          holderExit,
          record.outcome === 'refused' ? masterExit : undefined,
          ...faultsDuring(faults, record.openedAt, lifetimeEnd).map((fault) => fault.landed),
          faultBefore?.landed,
          ...reloads.filter((window) => window.start.t <= lifetimeEnd && window.endAt >= record.openedAt).flatMap((window) => [window.start, window.end]),
        ];
      }),
    );
    return {
      invariant: 'every-connection-answered',
      status: 'fail',
      message: `${count(violations.length, 'connection')} lost with nothing to excuse ${violations.length === 1 ? 'it' : 'them'} (${mode} mode; ${tally}): ${listFirst(explained, namedInMessage)}`,
      evidence,
    };
  }

  if (unclosed.length > 0) {
    return {
      invariant: 'every-connection-answered',
      status: 'unknown',
      message: `${count(unclosed.length, 'connection')} never closed (${listFirst(unclosed.map((record) => `#${record.connection} opened at ${formatMs(record.openedAt)}`), namedInMessage)}): the load driver closes every connection with an outcome, so the history is incomplete (a harness defect) and their fate is unknown`,
      evidence: evidenceOf(unclosed.flatMap((record) => eventsOfConnection(record, clientEvents))),
    };
  }

  if (answered === 0) {
    return {
      invariant: 'every-connection-answered',
      status: 'unknown',
      message: `no connection was answered (${count(judged.length, 'judged connection')}, ${excused.length} lost and excused, ${aborted} client-aborted): the run proves nothing`,
      evidence: evidenceOf([ready, ...excused.flatMap(({ record, excuse }) => [...eventsOfConnection(record, clientEvents), excuseEvent(excuse)])]),
    };
  }

  const notes = [
    excused.length > 0
      ? `${count(excused.length, 'lost connection')} excused: ${listFirst(excused.map(({ record, excuse }) => `${describeConnection(record)} ${describeExcuse(excuse)}`), namedInMessage)}`
      : 'no loss',
    ...(aborted > 0 ? [`${aborted} client-aborted ignored`] : []),
  ];
  return {
    invariant: 'every-connection-answered',
    status: 'pass',
    message: `${tally} (${mode} mode); ${notes.join('; ')}`,
    evidence: evidenceOf(excused.flatMap(({ record, excuse }) => [excuseEvent(excuse), ...(clientEvents.get(record.connection) ?? [])])),
  };
}

/** A reload from its start to its end (or to the end of time, if it never ended). */
interface ReloadWindow {
  start: Extract<HistoryEvent, { type: 'reload' }>;
  end?: Extract<HistoryEvent, { type: 'reload' }>;
  endAt: number;
}

function reloadWindows(timeline: readonly HistoryEvent[]): ReloadWindow[] {
  const windows: ReloadWindow[] = [];
  for (const event of ofTypes(timeline, 'reload')) {
    if (event.phase === 'start') windows.push({ start: event, endAt: Number.POSITIVE_INFINITY });
    else {
      const open = windows.find((window) => window.end === undefined);
      if (open) {
        open.end = event;
        open.endAt = event.t;
      }
    }
  }
  return windows;
}

/** The event that carries an excuse (for evidence). */
function excuseEvent(excuse: LossExcuse): HistoryEvent {
  return excuse.kind === 'stop' ? excuse.stop : excuse.fault.landed;
}

/** Why a loss stands: the fault strict mode will not accept, or what the history shows instead of an excuse. */
function whyNotExcused(
  record: ConnectionRecord,
  excuse: LossExcuse | undefined,
  masterPid: number | undefined,
  masterExitAt: number | undefined,
  holderExitAt: number | undefined,
): string {
  if (excuse !== undefined) return `${describeExcuse(excuse)}, which strict mode does not excuse`;
  if (record.outcome === 'refused' && masterPid !== undefined && (masterExitAt === undefined || masterExitAt > record.openedAt)) {
    return `refused while master ${masterPid} was alive, and no fault landed while it was open`;
  }
  if (record.outcome === 'refused' && masterExitAt !== undefined) {
    return `refused after master ${masterPid ?? '?'} exited at ${formatMs(masterExitAt)} with no fault injected into it`;
  }
  if (record.attributedPid === undefined) return 'no process took it, and no fault landed while it was open';
  const closedAt = record.closedAt ?? Number.POSITIVE_INFINITY;
  const holderDied =
    holderExitAt !== undefined && holderExitAt <= closedAt ? `; it exited at ${formatMs(holderExitAt)}, before the connection closed` : '';
  return `no fault hit pid ${record.attributedPid} while it was open${holderDied}`;
}

