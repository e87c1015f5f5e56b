// The opt-in invariant "idle clients cut off": a client that goes silent (stall, connect-then-silence, a slow drip) is closed by the app in time.

import { connectionRecords, type ConnectionRecord } from '../history/connections.js';
import type { HistoryEvent, Millis } from '../history/events.js';
import { describeClientFault } from '../history/format.js';
import { detailsOf, groupCauses, type CauseOfFailure } from './_internals/causes.js';
import {
  clientEventsByConnection,
  count,
  describeConnection,
  eventsOfConnection,
  evidenceOf,
  formatMs,
  listFirst,
} from './_internals/evidence.js';
import { type LandedFault, landedFaults } from './_internals/faults.js';
import { firstOfType, inTimeOrder } from './_internals/timeline.js';
import type { Verdict } from './verdict.js';

export interface IdleClientsCutOffOptions {
  /** How long after an idle client's last byte the app must have closed its connection, in ms. Default 2000. */
  maxIdleMs?: number;
}

export const defaultMaxIdleMs = 2000;

/** The fix for an idle client the app did not cut off. */
export const idleFix =
  'Bound how long a connection may sit idle: server.setTimeout(ms) (an HTTP server destroys a socket idle that long; headersTimeout and requestTimeout bound a request that never completes) or socket.setTimeout(ms, () => socket.destroy()) on a TCP socket, below the bound checked; a client that sends nothing must not hold a socket, and a worker, for as long as it likes.';

/** An idle client's connection as judged: cut off in time, or a violation, or not judgeable (and why). */
type IdleJudgement =
  | { kind: 'cut'; record: ConnectionRecord; afterMs: Millis }
  | { kind: 'violation'; record: ConnectionRecord; cause: CauseOfFailure; line: string }
  | { kind: 'not-judged'; record: ConnectionRecord; why: string };

/**
 * Every connection whose client went idle on purpose was closed by the app within `maxIdleMs` (default 2000) of the
 * client's last byte.
 *
 * - Idle clients: connections opened before the first `stop-requested` with a client fault `stall` (silent after
 *   part of the request), `connect-then-silence` (silent from the connect), or `slow-drip` with a byte every
 *   `intervalMs` >= `maxIdleMs` (silent that long between two bytes). The client went idle at the fault's
 *   `clientFaultAt` (the last byte before the silence, the connect, the first byte). A slow drip faster than that is
 *   never idle for `maxIdleMs`: an idle timeout cannot cut it (a slowloris), so it is not judged here, and the message
 *   says how many were left out. So is a connection whose fault never took effect (no `clientFaultAt`), or that
 *   never closed.
 * - Cut off: the connection ended by the app's doing (any outcome but `timeout`: the server closed, reset or
 *   answered it; its holder died) at most `maxIdleMs` after it went idle. The app's close is seen by the client, so
 *   the time is the client's `connection-close`. The time an injected hang paused its holder meanwhile is not
 *   counted: a paused process cuts off afterwards, as it answers afterwards.
 * - Violation: still open more than `maxIdleMs` after it went idle: ended `timeout` (the client gave up, the app never
 *   closed it; cause `idle-clients-cut-off/held-open`) or closed by the app later than that
 *   (`idle-clients-cut-off/cut-late`). A connection whose client gave up before `maxIdleMs` had passed is not judged
 *   (choose `maxIdleMs` below the connection timeout).
 *
 * `fail` with any violation (evidence: the first connections' events; `details`: every one). Otherwise `pass`, even
 * with no idle client to judge (the run had none: there is nothing to hold the app to, and a campaign's runs without
 * one must not make it inconclusive); the message says how many were judged and left out.
 */
export function idleClientsCutOff(events: readonly HistoryEvent[], options: IdleClientsCutOffOptions = {}): Verdict {
  const maxIdleMs = options.maxIdleMs ?? defaultMaxIdleMs;
  const timeline = inTimeOrder(events);
  const stop = firstOfType(timeline, 'stop-requested');
  const idle = connectionRecords(timeline).filter(
    (record) =>
      (stop === undefined || record.openedAt < stop.t) &&
      (record.clientFault?.kind === 'stall' ||
        record.clientFault?.kind === 'connect-then-silence' ||
        record.clientFault?.kind === 'slow-drip'),
  );
  const hangs = landedFaults(timeline).filter((fault) => fault.landed.kind === 'hang');
  const judgements = idle.map((record) => judgeIdle(record, maxIdleMs, hangs));
  const violations = judgements.flatMap((judgement) => (judgement.kind === 'violation' ? [judgement] : []));
  const cut = judgements.flatMap((judgement) => (judgement.kind === 'cut' ? [judgement] : []));
  const notJudged = judgements.flatMap((judgement) => (judgement.kind === 'not-judged' ? [judgement] : []));
  const clientEvents = clientEventsByConnection(timeline);
  const left =
    notJudged.length > 0
      ? `; ${count(notJudged.length, 'idle client')} not judged (${listFirst(
          notJudged.map(({ record, why }) => `#${record.connection}: ${why}`),
          2,
        )})`
      : '';

  if (violations.length > 0) {
    return {
      invariant: 'idle-clients-cut-off',
      status: 'fail',
      message: `${count(violations.length, 'idle client')} not cut off within ${maxIdleMs} ms of its last byte (${cut.length} cut off in time${left}): ${listFirst(
        violations.map(({ line }) => line),
        3,
      )}`,
      evidence: evidenceOf(violations.slice(0, 3).flatMap(({ record }) => eventsOfConnection(record, clientEvents))),
      causes: groupCauses(violations.map(({ cause }) => cause)),
      details: detailsOf(
        violations.map(({ cause, line, record }) => ({ ...cause, line, connection: record.connection })),
      ),
    };
  }
  const slowest = cut.reduce((max, { afterMs }) => Math.max(max, afterMs), 0);
  return {
    invariant: 'idle-clients-cut-off',
    status: 'pass',
    message:
      cut.length === 0
        ? `no idle client to judge in this run (the bound: ${maxIdleMs} ms)${left}`
        : `${count(cut.length, 'idle client')} cut off within ${maxIdleMs} ms of the last byte (the slowest after ${Math.round(slowest)} ms)${left}`,
    evidence: evidenceOf(cut.slice(0, 3).flatMap(({ record }) => eventsOfConnection(record, clientEvents))),
  };
}

/** How long the holder of a connection was paused by an injected hang between `from` and `to`, in ms. */
function pausedMs(record: ConnectionRecord, from: Millis, to: Millis, hangs: readonly LandedFault[]): Millis {
  let paused = 0;
  for (const hang of hangs)
    if (hang.landed.pid === record.attributedPid)
      paused += Math.max(0, Math.min(hang.until, to) - Math.max(hang.landed.t, from));
  return paused;
}

/** One idle client's connection against the bound (the time an injected hang paused its holder not counted). */
function judgeIdle(record: ConnectionRecord, maxIdleMs: number, hangs: readonly LandedFault[]): IdleJudgement {
  const fault = record.clientFault!;
  if (fault.kind === 'slow-drip' && fault.intervalMs < maxIdleMs)
    return { kind: 'not-judged', record, why: `a byte every ${fault.intervalMs} ms is never idle that long` };
  if (record.clientFaultAt === undefined)
    return { kind: 'not-judged', record, why: `it ended (${record.outcome ?? 'open'}) before it went idle` };
  if (record.closedAt === undefined) return { kind: 'not-judged', record, why: 'it never closed' };
  const paused = pausedMs(record, record.clientFaultAt, record.closedAt, hangs);
  const afterMs = record.closedAt - record.clientFaultAt - paused;
  const pausedNote =
    paused > 0 ? ` (not counting ${Math.round(paused)} ms its holder was hung by an injected fault)` : '';
  const who = `${describeConnection(record)}, a ${describeClientFault(fault)} client idle from ${formatMs(record.clientFaultAt)}`;
  if (record.outcome === 'timeout') {
    if (afterMs <= maxIdleMs)
      return {
        kind: 'not-judged',
        record,
        why: `its client gave up after ${Math.round(afterMs)} ms, before the bound`,
      };
    const text = `${who}: the app never closed it; the client gave up ${Math.round(afterMs)} ms later${pausedNote}`;
    return {
      kind: 'violation',
      record,
      line: text,
      cause: { key: 'idle-clients-cut-off/held-open', origin: 'app', text, fix: idleFix },
    };
  }
  if (afterMs <= maxIdleMs) return { kind: 'cut', record, afterMs };
  const text = `${who}: the app closed it only ${Math.round(afterMs)} ms later${pausedNote}`;
  return {
    kind: 'violation',
    record,
    line: text,
    cause: { key: 'idle-clients-cut-off/cut-late', origin: 'app', text, fix: idleFix },
  };
}
