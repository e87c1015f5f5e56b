// Small, readable evidence: the events that prove a verdict (bounded, deduplicated, in time order) and how to name them.

import type { ConnectionRecord } from '../../history/connections.js';
import type { HistoryEvent, Millis } from '../../history/events.js';
import type { LandedFault } from './faults.js';

/** Evidence is for a person to read: at most this many events. */
export const maxEvidence = 20;

/**
 * Collects evidence in order of relevance (most relevant first), drops duplicates and missing entries, keeps the first
 * `limit`, and returns them in time order.
 */
export function evidenceOf(
  candidates: Iterable<HistoryEvent | undefined>,
  limit: number = maxEvidence,
): HistoryEvent[] {
  const kept = new Set<HistoryEvent>();
  for (const event of candidates) {
    if (kept.size >= limit) break;
    if (event !== undefined) kept.add(event);
  }
  return [...kept].sort((a, b) => a.t - b.t);
}

/** The client-side events of each connection (`connection-open`, `-connected`, `-close`), by connection id. */
export function clientEventsByConnection(events: readonly HistoryEvent[]): Map<number, HistoryEvent[]> {
  const byConnection = new Map<number, HistoryEvent[]>();
  for (const event of events) {
    if (
      event.type === 'connection-open' ||
      event.type === 'connection-connected' ||
      event.type === 'connection-close'
    ) {
      const list = byConnection.get(event.connection) ?? [];
      list.push(event);
      byConnection.set(event.connection, list);
    }
  }
  return byConnection;
}

/** Every event of one connection: its client-side events and the `connection-handled` events attributed to it. */
export function eventsOfConnection(
  record: ConnectionRecord,
  clientEvents: ReadonlyMap<number, HistoryEvent[]>,
): HistoryEvent[] {
  return [...(clientEvents.get(record.connection) ?? []), ...record.handledBy];
}

/** A time for a message: `1234.5ms`. */
export function formatMs(t: Millis): string {
  return `${Number(t.toFixed(1))}ms`;
}

/** A fault for a message: `fault #2 (SIGKILL) on pid 101 at 350ms`. */
export function describeFault(fault: LandedFault): string {
  const { landed } = fault;
  const span = fault.until > landed.t ? `, hung until ${formatMs(fault.until)}` : '';
  return `fault #${landed.fault} (${landed.kind}) on ${landed.role} ${landed.pid} at ${formatMs(landed.t)}${span}`;
}

/** A connection for a message: `#7 (reset, pid 101, 120ms-135ms)`. */
export function describeConnection(record: ConnectionRecord): string {
  const holder = record.attributedPid === undefined ? 'no pid' : `pid ${record.attributedPid}`;
  const closed = record.closedAt === undefined ? 'never closed' : formatMs(record.closedAt);
  return `#${record.connection} (${record.outcome ?? 'open'}, ${holder}, ${formatMs(record.openedAt)}-${closed})`;
}

/** The first `shown` items joined, with how many were left out: `a; b; c; and 4 more`. */
export function listFirst(items: readonly string[], shown: number = 3, separator: string = '; '): string {
  const head = items.slice(0, shown).join(separator);
  return items.length > shown ? `${head}${separator}and ${items.length - shown} more` : head;
}

/** `1 connection`, `3 connections`. */
export function count(n: number, singular: string, plural: string = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
