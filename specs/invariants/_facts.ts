// The facts the invariants' rules read, built from a hand-made history the way the checkers build them.

import { connectionRecords } from '../../src/history/connections.js';
import type { HistoryEvent, ProcessExitEvent } from '../../src/history/events.js';
import { clientEventsByConnection } from '../../src/invariants/_internals/evidence.js';
import { landedFaults } from '../../src/invariants/_internals/faults.js';
import type { LossContext } from '../../src/invariants/_internals/loss-context.js';
import { rolesOf, workerLives } from '../../src/invariants/_internals/processes.js';
import { reloadWindows } from '../../src/invariants/_internals/reloads.js';
import type { Judgement } from '../../src/invariants/_internals/restore-finding.js';
import { clusterReadyOf, firstOfType, inTimeOrder, judgedRun } from '../../src/invariants/_internals/timeline.js';

/** What the cause rules of every-connection-answered read (as `connectionFates` builds it). */
export function lossContextOf(events: readonly HistoryEvent[], { nodeCluster = false } = {}): LossContext {
  const timeline = inTimeOrder(events);
  const ready = clusterReadyOf(timeline);
  const stop = firstOfType(timeline, 'stop-requested');
  const exits = new Map<number, ProcessExitEvent>();
  for (const event of timeline) if (event.type === 'process-exit' && !exits.has(event.pid)) exits.set(event.pid, event);
  const masterExit = ready ? exits.get(ready.masterPid) : undefined;
  return {
    faults: landedFaults(timeline),
    ...(stop ? { stop } : {}),
    ...(ready ? { masterPid: ready.masterPid } : {}),
    ...(masterExit ? { masterExit } : {}),
    exits,
    lives: workerLives(timeline),
    roles: rolesOf(timeline),
    nodeCluster,
    reloads: reloadWindows(timeline),
    maxAnsweredStatus: 499,
  };
}

/** What the rules of worker-count-restored read (as `judgeRestores` builds it, for a history with a baseline). */
export function restoreFactsOf(events: readonly HistoryEvent[], restoreWithinMs = 5000): Judgement {
  const timeline = inTimeOrder(events);
  const run = judgedRun(timeline);
  const ready = clusterReadyOf(run.events);
  if (!ready) throw new Error('the history has no cluster-ready event');
  return {
    run,
    clientEvents: clientEventsByConnection(timeline),
    baseline: ready.workers.length,
    restoreWithinMs,
    lives: workerLives(run.events),
    records: connectionRecords(timeline).filter((record) => record.openedAt < run.end),
    faults: landedFaults(run.events),
    reloads: reloadWindows(run.events),
  };
}
