// The facts the invariants' rules read, built from a hand-made history the way the checkers build them.

import type { HistoryEvent } from '../../src/history/events.js';
import { lossContextOf as contextOf } from '../../src/invariants/_internals/connection-fates.js';
import { judgementOf } from '../../src/invariants/_internals/judge-restores.js';
import type { LossContext } from '../../src/invariants/_internals/loss-context.js';
import { reloadWindows } from '../../src/invariants/_internals/reloads.js';
import type { Judgement } from '../../src/invariants/_internals/restore-finding.js';
import { clusterReadyOf, inTimeOrder, judgedRun } from '../../src/invariants/_internals/timeline.js';

/** What the cause rules of every-connection-answered read (built by `connectionFates`' own `lossContextOf`). */
export function lossContextOf(events: readonly HistoryEvent[], { nodeCluster = false } = {}): LossContext {
  return { ...contextOf(inTimeOrder(events), 499), nodeCluster };
}

/** What the rules of worker-count-restored read (built by `judgeRestores`' own `judgementOf`), for a history with a baseline. */
export function restoreFactsOf(events: readonly HistoryEvent[], restoreWithinMs = 5000): Judgement {
  const timeline = inTimeOrder(events);
  const run = judgedRun(timeline);
  const ready = clusterReadyOf(run.events);
  if (!ready) throw new Error('the history has no cluster-ready event');
  return judgementOf(timeline, run, ready.workers.length, restoreWithinMs, reloadWindows(run.events));
}
