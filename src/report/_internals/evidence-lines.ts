// Evidence as text lines, each event formatted as the history does, with what the bare event would leave a reader to guess.

import type { HistoryEvent } from '../../history/events.js';
import { formatEvent } from '../../history/format.js';

/**
 * One line per event, as `formatEvent` writes it; a process exit at or after the stop request says it was the stop
 * (`master 100 exited (code 0)` alone reads like a crash, while it is the end cluster-chaos asked for). `run` is the
 * history the evidence comes from (the stop request is looked up there).
 */
export function formatEvidence(evidence: readonly HistoryEvent[], run: readonly HistoryEvent[], indent = ''): string[] {
  const stop =
    run.find((event) => event.type === 'stop-requested') ?? evidence.find((event) => event.type === 'stop-requested');
  return evidence.map((event) => `${indent}${formatEvent(event)}${stop ? stopNote(event, stop.t) : ''}`);
}

function stopNote(event: HistoryEvent, stopAt: number): string {
  if (event.type !== 'process-exit' || event.t < stopAt) return '';
  const normal = event.signal === 'SIGTERM' || event.code === 0 || (event.signal === null && event.code === null);
  return normal
    ? `: the normal stop (cluster-chaos asked the cluster to stop at ${stopAt.toFixed(1)} ms)`
    : `: during the stop (cluster-chaos asked the cluster to stop at ${stopAt.toFixed(1)} ms)`;
}
