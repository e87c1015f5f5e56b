// The invariant "every connection answered": a lost connection is a violation unless an injected fault that ended its holder explains it.

import type { ConnectionRecord } from '../history/connections.js';
import type { HistoryEvent } from '../history/events.js';
import { detailsOf, groupCauses } from './_internals/causes.js';
import { connectionFates, type ConnectionFates } from './_internals/connection-fates.js';
import {
  clientEventsByConnection,
  count,
  describeConnection,
  eventsOfConnection,
  evidenceOf,
  formatMs,
  listFirst,
} from './_internals/evidence.js';
import { describeExcuse, type LossExcuse } from './_internals/excuse.js';
import type { LossCause } from './_internals/loss-fixes.js';
import { protocolHint } from './_internals/protocol-hint.js';
import { reloadOverlapping } from './_internals/reloads.js';
import { clusterReadyOf } from './_internals/timeline.js';
import type { Verdict } from './verdict.js';

export interface EveryConnectionAnsweredOptions {
  /**
   * `false` (the default, lenient): a lost connection is excused when an injected fault explains it (see
   * `everyConnectionAnswered`). `true` (strict): no loss at all, faults excuse nothing.
   */
  strict?: boolean;
  /**
   * HTTP: the highest status that counts as an answer; an `answered` connection whose `httpStatus` is above it is a
   * loss (cause `http-server-error`). Default 499: a 5xx is not an answer. 599 counts every status as an answer.
   */
  maxAnsweredStatus?: number;
}

/** How many lost connections a message names before it says "and N more" (`details` lists them all). */
const namedInMessage = 3;

/**
 * Every connection the load driver opened before the stop request ended answered, or its loss is excused.
 *
 * - Judged: each connection opened before the first `stop-requested` (all of them if there is none), closed, not
 *   `clientAborted` (the client gave up on purpose: neither an answer nor a loss), and with no client fault (a
 *   misbehaving client's loss is its own; the other connections of its burst are judged as always).
 * - Loss: an outcome other than `answered` (`refused`, `reset`, `closed-empty`, `timeout`), or an HTTP answer whose
 *   `httpStatus` is above `maxAnsweredStatus` (default 499). A refusal while the master is alive is a loss.
 * - Who held it: the last process that received it (`connection-handled`, accept or hand-off). A connection
 *   dispatched (`connection-dispatched`) after its last receipt and never received by the addressee is in transit:
 *   its sender still holds it.
 * - Excused (lenient mode only), the first rule that applies:
 *   1. it ended at or after the stop request (the harness's shutdown cut it);
 *   2. refused at or after the master's exit, the master having died of a fault (not a hang) injected into it;
 *   3. its holder exited, an abrupt fault (SIGKILL, exit, uncaught-exception, unhandled-rejection, ipc-disconnect)
 *      landed on it at l, and [receivedAt, closedAt] intersects [l, exit]: the fault acts from its landing until its
 *      process is gone. A connection in transit is never excused by its addressee's death, only by its sender's;
 *   4. no process received it (no receipt, no dispatch) and an abrupt fault's span [l, exit] on any process
 *      intersects [openedAt, connectedAt + 100 ms] (`unattributedWindowMs`; openedAt + 100 ms when it never connected).
 *   SIGTERM and hang excuse nothing (a process told to stop drains what it holds; a paused one answers afterwards),
 *   nor does a fault whose process never exited. Nothing excuses a loss across a reload.
 * - Strict mode: every loss is a violation.
 * - The cause of each violation (keys `every-connection-answered/<kind>`; the first that applies):
 *   `cut-by-stop` / `cut-by-fault` (strict mode: what lenient mode would have excused, by the stop or by a fault);
 *   `http-server-error` (an HTTP answer above `maxAnsweredStatus`);
 *   `handed-to-dead-worker` (in transit to an addressee that had exited, or had a fault other than a hang land on
 *   it, by the close; origin `platform` for node:cluster's round robin, `app` for an app's hand-off; in transit to a
 *   live addressee that a hang paused, `dropped-by-holder`);
 *   with no process receiving it: `refused-master-gone` (refused after the master's exit), `refused-no-worker`
 *   (refused or reset while the master lived and no worker was live; origin `platform` for node:cluster workers);
 *   with a holder: `dropped-during-sigterm` (a SIGTERM landed on it by the close), then for a master that accepted it
 *   and never sent it on `refused-no-worker` (node:cluster's primary, no worker live meanwhile) or
 *   `accepted-never-handed-on` (origin `platform` for node:cluster's primary), `holder-died-without-fault` (its holder
 *   exited by the close), `dropped-by-holder` (its holder lived; a hang on it is named);
 *   `lost-during-reload` for what would be `unexplained` during a reload window; otherwise `unexplained`, with what
 *   was seen (the nearest fault). The exact conditions are `causeOfLoss`'s.
 *
 * Verdict: `fail` with at least one violation. `causes` groups the violations by key and origin, most frequent
 * first, each with a summary and a fix; `details` has one line per violation, all of them; the
 * message names the first three (the first of each cause first) and whether each happened during a reload. Evidence
 * (at most 20 events, those of the connections the message names first): each one's client events, receipts and
 * dispatches, the exits of its holder and addressee, the faults on them (or, for a connection no process received,
 * the nearest fault), the master's exit for a refusal, the reloads it overlapped. Otherwise `unknown` when a judged
 * connection never closed (the history is incomplete: a harness defect), or when no connection was answered at all
 * (a run that proves nothing). Otherwise `pass`, naming how many losses were excused and why.
 */
export function everyConnectionAnswered(
  events: readonly HistoryEvent[],
  options: EveryConnectionAnsweredOptions = {},
): Verdict {
  const fates = connectionFates(events, options);
  const { answered, excused, violations, unclosed, aborted, clientFaulted, timeline } = fates;
  const clientEvents = clientEventsByConnection(timeline);
  const judged = answered.length + excused.length + violations.length;
  const mode = options.strict ? 'strict' : 'lenient';
  const tally = `${answered.length} of ${count(judged, 'judged connection')} answered`;

  if (violations.length > 0) {
    const lines = violations.map(({ record, cause }) => ({
      ...cause,
      line: lineOf(record, cause, fates),
      connection: record.connection,
    }));
    const shownFirst = firstOfEachCause(lines);
    // Losses that look like the wrong protocol say so first: the app may be right and the check wrong.
    const hint = protocolHint(answered, [
      ...excused.map(({ record }) => record),
      ...violations.map(({ record }) => record),
    ]);
    const causes = groupCauses(lines);
    return {
      invariant: 'every-connection-answered',
      status: 'fail',
      message: `${count(violations.length, 'connection')} lost ${options.strict ? '(strict mode, where no loss is excused' : `with nothing to excuse ${violations.length === 1 ? 'it' : 'them'} (${mode} mode`}; ${tally}): ${listFirst(
        shownFirst.map((line) => line.line),
        namedInMessage,
      )}${hint ? `; ${hint}` : ''}`,
      evidence: evidenceOf(
        shownFirst.flatMap(({ connection }) => {
          const violation = violations.find(({ record }) => record.connection === connection)!;
          return evidenceOfLoss(violation.record, violation.excuse, fates, clientEvents);
        }),
      ),
      causes: hint
        ? causes.map((cause) => ({ ...cause, fix: `First the protocol: ${hint}. Otherwise: ${cause.fix}` }))
        : causes,
      details: detailsOf(lines),
    };
  }

  if (unclosed.length > 0) {
    return {
      invariant: 'every-connection-answered',
      status: 'unknown',
      message: `${count(unclosed.length, 'connection')} never closed (${listFirst(
        unclosed.map((record) => `#${record.connection} opened at ${formatMs(record.openedAt)}`),
        namedInMessage,
      )}): the load driver closes every connection with an outcome, so the history is incomplete (a harness defect) and their fate is unknown`,
      evidence: evidenceOf(unclosed.flatMap((record) => eventsOfConnection(record, clientEvents))),
    };
  }

  if (answered.length === 0) {
    return {
      invariant: 'every-connection-answered',
      status: 'unknown',
      message: `no connection was answered (${count(judged, 'judged connection')}, ${excused.length} lost and excused, ${aborted.length} client-aborted${clientFaulted.length > 0 ? `, ${clientFaulted.length} of misbehaving clients left out` : ''}): the run proves nothing`,
      evidence: evidenceOf([
        clusterReadyOf(timeline),
        ...excused.flatMap(({ record, excuse }) => [
          ...eventsOfConnection(record, clientEvents),
          ...excuseEvents(excuse),
        ]),
      ]),
    };
  }

  const notes = [
    excused.length > 0
      ? `${count(excused.length, 'lost connection')} excused: ${listFirst(
          excused.map(({ record, excuse }) => `${describeConnection(record)} ${describeExcuse(excuse)}`),
          namedInMessage,
        )}`
      : 'no loss',
    ...(aborted.length > 0 ? [`${aborted.length} client-aborted ignored`] : []),
    ...(clientFaulted.length > 0
      ? [`${count(clientFaulted.length, 'connection')} of misbehaving clients left out`]
      : []),
  ];
  return {
    invariant: 'every-connection-answered',
    status: 'pass',
    message: `${tally} (${mode} mode); ${notes.join('; ')}`,
    evidence: evidenceOf(
      excused.flatMap(({ record, excuse }) => [
        ...excuseEvents(excuse),
        ...(clientEvents.get(record.connection) ?? []),
      ]),
    ),
  };
}

/** One violation in one line: the connection, its cause in words, and the reload it happened during. */
function lineOf(record: ConnectionRecord, cause: LossCause, fates: ConnectionFates): string {
  const reload = reloadOverlapping(fates.reloads, record.openedAt, record.closedAt ?? record.openedAt);
  // A cause that already names the reload (a worker it retired) needs no second mention.
  const during =
    reload && !cause.text.includes(`the reload "${reload.start.how}"`)
      ? `, during the reload "${reload.start.how}" started at ${formatMs(reload.start.t)}`
      : '';
  return `${describeConnection(record)}: ${cause.text}${during}`;
}

/** The items with the first of each distinct cause first (so a short message shows every kind), then the rest in order. */
function firstOfEachCause<T extends { key: string; origin: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  const firsts: T[] = [];
  const rest: T[] = [];
  for (const item of items) {
    const id = `${item.key} ${item.origin}`;
    if (seen.has(id)) rest.push(item);
    else {
      seen.add(id);
      firsts.push(item);
    }
  }
  return [...firsts, ...rest];
}

/** The events that carry an excuse (for evidence). */
function excuseEvents(excuse: LossExcuse): HistoryEvent[] {
  return excuse.kind === 'stop'
    ? [excuse.stop]
    : [excuse.fault.landed, excuse.kind === 'master-killed' ? excuse.masterExit : excuse.exit];
}

/** The events that show why one loss stands, most relevant first. */
function evidenceOfLoss(
  record: ConnectionRecord,
  excuse: LossExcuse | undefined,
  fates: ConnectionFates,
  clientEvents: ReadonlyMap<number, HistoryEvent[]>,
): (HistoryEvent | undefined)[] {
  const closedAt = record.closedAt ?? record.openedAt;
  const involved = new Set<number>();
  if (record.attributedPid !== undefined) involved.add(record.attributedPid);
  if (record.inTransit) involved.add(record.inTransit.to);
  const exitOf = (pid: number): HistoryEvent | undefined =>
    fates.timeline.find((event) => event.type === 'process-exit' && event.pid === pid);
  const onInvolved = fates.faults
    .filter((fault) => involved.has(fault.landed.pid) && fault.landed.t <= closedAt)
    .map((fault) => fault.landed);
  const acceptedAt = record.connectedAt ?? record.openedAt;
  const nearest =
    record.attributedPid === undefined
      ? [...fates.faults].sort((a, b) => Math.abs(a.landed.t - acceptedAt) - Math.abs(b.landed.t - acceptedAt))[0]
      : undefined;
  const reload = reloadOverlapping(fates.reloads, record.openedAt, closedAt);
  return [
    ...eventsOfConnection(record, clientEvents),
    ...record.dispatches,
    ...[...involved].map(exitOf),
    ...onInvolved,
    ...(excuse ? excuseEvents(excuse) : []),
    nearest?.landed,
    nearest?.exit,
    record.outcome === 'refused' ? fates.masterExit : undefined,
    reload?.start,
    reload?.close,
  ];
}
