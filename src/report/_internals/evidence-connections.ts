// Finds the connections that a set of evidence events is about, so a timeline can draw them bold.

import type { ConnectionRecord } from '../../history/connections.js';
import type { HistoryEvent } from '../../history/events.js';

/**
 * The ids of the connections named by `evidence`: directly (open, connected, close events) or through the
 * `connection-handled` or `connection-dispatched` event a probe reported for them (matched by identity, or by client
 * port, time and pid).
 */
export function connectionsInEvidence(
  evidence: readonly HistoryEvent[],
  records: readonly ConnectionRecord[],
): number[] {
  const ids = new Set<number>();
  for (const event of evidence) {
    if (
      event.type === 'connection-open' ||
      event.type === 'connection-connected' ||
      event.type === 'connection-close'
    ) {
      ids.add(event.connection);
    } else if (event.type === 'connection-dispatched') {
      const owner = records.find((record) =>
        record.dispatches.some(
          (dispatch) =>
            dispatch === event ||
            (dispatch.clientPort === event.clientPort && dispatch.t === event.t && dispatch.pid === event.pid),
        ),
      );
      if (owner) ids.add(owner.connection);
    } else if (event.type === 'connection-handled') {
      const owner = records.find(
        (record) =>
          record.handledBy.includes(event) ||
          record.handledBy.some(
            (handled) => handled.clientPort === event.clientPort && handled.t === event.t && handled.pid === event.pid,
          ),
      );
      if (owner) ids.add(owner.connection);
    }
  }
  return [...ids].sort((a, b) => a - b);
}
