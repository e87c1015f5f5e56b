// The connections a problem lost, each named: its outcome, when, and the process that held it last.

import { connectionRecords } from '../../history/connections.js';
import type { ConnectionCloseEvent, ProcessRole } from '../../history/events.js';
import type { ReportProblem } from '../report-input.js';
import { connectionsInEvidence } from './evidence-connections.js';
import { problemEvidence } from './problem-facts.js';
import { processLanes } from './process-lanes.js';

/** One lost connection of a problem, named: what happened to it, when, and who held it last. */
export interface LostConnection {
  connection: number;
  description: string;
}

/** The heading of a problem's connections: those it lost, or the idle clients the app did not cut off. */
export function connectionsHeading(problem: ReportProblem): string {
  return problem.cause.key.startsWith('idle-clients-cut-off/') ? 'Idle clients not cut off' : 'Lost connections';
}

/**
 * Every connection lost with the problem's cause: as the checker lists them (`Verdict.details`, every one of them),
 * or, for a verdict without details, each connection its evidence names that was not answered (or was answered with
 * an HTTP 5xx), described from the problem's own history: outcome, times, and the process that held it last (or the
 * one it was on its way to).
 */
export function lostConnections(problem: ReportProblem): LostConnection[] {
  // The checker lists every loss with its cause (`Verdict.details`); the evidence holds only the first few.
  const listed = problem.verdicts.flatMap((verdict) =>
    verdict.status === 'fail'
      ? (verdict.details ?? []).filter((detail) => detail.connection !== undefined && detail.key === problem.cause.key)
      : [],
  );
  if (listed.length > 0) return listed.map((detail) => ({ connection: detail.connection!, description: detail.text }));
  const records = connectionRecords(problem.events);
  const byId = new Map(records.map((record) => [record.connection, record]));
  const closes = new Map<number, ConnectionCloseEvent>();
  for (const event of problem.events) if (event.type === 'connection-close') closes.set(event.connection, event);
  for (const event of problemEvidence(problem))
    if (event.type === 'connection-close' && !closes.has(event.connection)) closes.set(event.connection, event);
  const roles = new Map<number, ProcessRole>(processLanes(problem.events).map((lane) => [lane.pid, lane.role]));
  const who = (pid: number): string =>
    `${roles.get(pid) === 'other' || !roles.has(pid) ? 'pid' : roles.get(pid)} ${pid}`;

  const lost: LostConnection[] = [];
  for (const id of connectionsInEvidence(problemEvidence(problem), records)) {
    const close = closes.get(id);
    if (!close || close.clientAborted || close.clientFault) continue;
    const serverError = close.outcome === 'answered' && close.httpStatus !== undefined && close.httpStatus >= 500;
    if (close.outcome === 'answered' && !serverError) continue;
    const record = byId.get(id);
    const outcome = serverError
      ? `answered HTTP ${close.httpStatus}`
      : `${close.outcome}${close.errorCode ? ` (${close.errorCode})` : ''}`;
    const opened = record ? `, opened at ${record.openedAt.toFixed(1)} ms` : '';
    let holder = 'received by no process';
    if (record) {
      const last = record.handledBy.at(-1);
      const port = record.clientPort;
      const dispatch = problem.events.find(
        (event) =>
          event.type === 'connection-dispatched' &&
          event.clientPort === port &&
          event.t >= (last?.t ?? record.openedAt) &&
          event.t <= (record.closedAt ?? Number.POSITIVE_INFINITY),
      );
      if (dispatch?.type === 'connection-dispatched') {
        const by = dispatch.by === 'node:cluster' ? ' by node:cluster round robin' : '';
        holder = `sent by ${who(dispatch.pid)} to ${who(dispatch.to)}${by} at ${dispatch.t.toFixed(1)} ms, never received there`;
      } else if (last) {
        holder = `last received by ${who(last.pid)} (${last.via}) at ${last.t.toFixed(1)} ms`;
      }
    }
    lost.push({ connection: id, description: `#${id} ${outcome} at ${close.t.toFixed(1)} ms${opened}; ${holder}` });
  }
  return lost;
}
