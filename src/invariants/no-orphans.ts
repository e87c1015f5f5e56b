// The invariant "no orphans": once the stop is requested, every process of the cluster goes away within the grace period.

import type { HistoryEvent, OrphanEvent } from '../history/events.js';
import { count, evidenceOf, formatMs, listFirst } from './_internals/evidence.js';
import { firstOfType, inTimeOrder } from './_internals/timeline.js';
import type { Verdict } from './verdict.js';

/** The fix for processes left running. */
export const orphanFix =
  "On SIGTERM the master must stop its workers and wait for them before it exits (forward the signal, exit after the last worker's 'exit'), and a worker must exit when its master's IPC channel closes ('disconnect'), so that none outlives it.";

/**
 * After the first `stop-requested`, the history has no `orphan` event (the harness records one for each process of the
 * cluster still alive after the stop's grace period, before it kills it).
 *
 * `fail` with any orphan after the stop request (evidence: the stop request and the orphans, with pid and command
 * line; cause `no-orphans/left-running`, one count per orphan), even if the stop never completed. Otherwise `unknown` when the stop was never requested or no `stopped`
 * event follows it (the stop never completed, so nothing proves that no process was left). `pass` otherwise.
 */
export function noOrphans(events: readonly HistoryEvent[]): Verdict {
  const timeline = inTimeOrder(events);
  const stop = firstOfType(timeline, 'stop-requested');
  if (!stop) {
    return {
      invariant: 'no-orphans',
      status: 'unknown',
      message: 'the stop was never requested: nothing shows whether the cluster leaves processes behind',
      evidence: [],
    };
  }
  const orphans = timeline.filter((event): event is OrphanEvent => event.type === 'orphan' && event.t >= stop.t);
  const stopped = timeline.find((event) => event.type === 'stopped' && event.t >= stop.t);
  if (orphans.length > 0) {
    const named = orphans.map((orphan) => `pid ${orphan.pid} (${orphan.command})`);
    const message = `${count(orphans.length, 'process', 'processes')} outlived the stop requested at ${formatMs(stop.t)} and its ${formatMs(stop.graceMs)} grace period: ${listFirst(named, 5, ', ')}`;
    return {
      invariant: 'no-orphans',
      status: 'fail',
      message,
      evidence: evidenceOf([stop, ...orphans, stopped]),
      causes: [
        { key: 'no-orphans/left-running', origin: 'app', summary: message, fix: orphanFix, count: orphans.length },
      ],
      details: named.map((text) => ({
        key: 'no-orphans/left-running',
        text: `${text} still alive after the grace period`,
      })),
    };
  }
  if (!stopped) {
    return {
      invariant: 'no-orphans',
      status: 'unknown',
      message: `the stop requested at ${formatMs(stop.t)} never completed (no stopped event): nothing proves that no process was left`,
      evidence: [stop],
    };
  }
  return {
    invariant: 'no-orphans',
    status: 'pass',
    message: `every process was gone ${formatMs(stopped.t - stop.t)} after the stop request, with no orphan`,
    evidence: evidenceOf([stop, stopped]),
  };
}
