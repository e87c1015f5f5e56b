// The invariant "every reload completes": each reload asked for ends, complete, before the stop.

import type { HistoryEvent } from '../history/events.js';
import { detailsOf, groupCauses, type CauseOfFailure } from './_internals/causes.js';
import { count, evidenceOf, formatMs, listFirst } from './_internals/evidence.js';
import { reloadWindows, type ReloadWindow } from './_internals/reloads.js';
import { inTimeOrder, judgedRun } from './_internals/timeline.js';
import type { Verdict } from './verdict.js';

/** The fixes, by cause. */
export const reloadFixes = {
  failed:
    "Fix what made the reload fail (its reason: the command's exit code and output, the master's death, the time it took): a reload ends with every old worker gone and the baseline workers ready.",
  neverCompleted:
    'A reload must end: every worker alive at its start gone and the baseline workers ready (a master that ignores the reload signal, or leaves an old worker running, never completes it).',
} as const;

/**
 * Every reload started before the first `stop-requested` (all of them if there is none) ends: its `reload start` is
 * followed by a `reload end` before the stop request (before the end of the history when there is none). Reloads
 * run one at a time: each start is closed by the first `end` or `failed` after it.
 *
 * - `fail`, cause `every-reload-completes/failed`: a reload closed by `failed` (its `reason` in the message).
 * - `fail`, cause `every-reload-completes/never-completed`: a reload with neither an `end` nor a `failed` before the
 *   stop request or the end of the history (one closed only after the stop request counts as never completed).
 * - `pass` otherwise, also with no reload at all (nothing had to complete; the message says so).
 * Evidence: each failing reload's start and its `failed` event.
 */
export function everyReloadCompletes(events: readonly HistoryEvent[]): Verdict {
  const run = judgedRun(inTimeOrder(events));
  const reloads = reloadWindows(run.events);
  if (reloads.length === 0) {
    return {
      invariant: 'every-reload-completes',
      status: 'pass',
      message: 'no reload was asked for before the stop: nothing had to complete',
      evidence: [],
    };
  }

  const failures: (CauseOfFailure & { line: string; reload: ReloadWindow })[] = [];
  for (const reload of reloads) {
    const subject = `reload "${reload.start.how}" started at ${formatMs(reload.start.t)}`;
    if (reload.close?.phase === 'failed') {
      const text = `${subject} failed at ${formatMs(reload.close.t)}: ${reload.close.reason ?? 'no reason given'}`;
      failures.push({
        key: 'every-reload-completes/failed',
        origin: 'app',
        text,
        line: text,
        fix: reloadFixes.failed,
        reload,
      });
    } else if (reload.close === undefined) {
      const until = run.stop
        ? `the stop requested at ${formatMs(run.stop.t)}`
        : `the end of the history at ${formatMs(run.end)}`;
      const text = `${subject} never completed: no reload end before ${until}`;
      failures.push({
        key: 'every-reload-completes/never-completed',
        origin: 'app',
        text,
        line: text,
        fix: reloadFixes.neverCompleted,
        reload,
      });
    }
  }

  if (failures.length === 0) {
    const durations = reloads.map((reload) => formatMs(reload.closeAt - reload.start.t));
    return {
      invariant: 'every-reload-completes',
      status: 'pass',
      message: `${reloads.length === 1 ? 'the reload' : `each of the ${count(reloads.length, 'reload')}`} completed (in ${durations.join(', ')})`,
      evidence: evidenceOf(reloads.flatMap((reload) => [reload.start, reload.close])),
    };
  }
  return {
    invariant: 'every-reload-completes',
    status: 'fail',
    message: `${failures.length} of ${count(reloads.length, 'reload')} did not complete: ${listFirst(
      failures.map((failure) => failure.line),
      3,
    )}`,
    evidence: evidenceOf(failures.flatMap(({ reload }) => [reload.start, reload.close])),
    causes: groupCauses(failures),
    details: detailsOf(failures),
  };
}
