// Typed vitest matchers over a cluster's history: each runs one invariant and shows its proof when it fails.

import { expect } from 'vitest';
import { StartedCluster } from '../cluster/start-cluster.js';
import type { HistoryEvent } from '../history/events.js';
import { formatEvents } from '../history/format.js';
import { History } from '../history/history.js';
import { everyConnectionAnswered } from '../invariants/every-connection-answered.js';
import { everyReloadCompletes } from '../invariants/every-reload-completes.js';
import { handledOnce } from '../invariants/handled-once.js';
import { masterSurvived } from '../invariants/master-survived.js';
import { noOrphans } from '../invariants/no-orphans.js';
import type { Verdict } from '../invariants/verdict.js';
import { workerCountRestored } from '../invariants/worker-count-restored.js';

/** What the matchers accept: a cluster, its history, or a list of events. */
export type HistorySource = StartedCluster | History | readonly HistoryEvent[];

export interface ClusterMatchers<R = unknown> {
  /**
   * Every connection was answered; lenient by default (a loss is excused only when the process that held it ended
   * abruptly from an injected fault). HTTP: a status above `maxAnsweredStatus` (default 499) is no answer.
   */
  toAnswerEveryConnection(options?: { strict?: boolean; maxAnsweredStatus?: number }): R;
  /** After each fault, `workers` workers were ready again within `within` ms (default 5000) and answered. */
  toRestoreWorkers(workers: number, options?: { within?: number }): R;
  /** The master stayed alive from ready to stop. */
  toKeepMasterAlive(): R;
  /** Nothing of the cluster outlived `stop()`'s grace period. */
  toLeaveNoOrphans(): R;
  /** No connection was answered by two processes. */
  toHandleEachConnectionOnce(): R;
  /** Every reload started completed: old workers gone, the baseline ready, a command exited 0. */
  toCompleteEveryReload(): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the augmentation vitest documents.
  interface Matchers<T = any> extends ClusterMatchers<T> {}
}

function eventsOf(source: unknown): readonly HistoryEvent[] {
  if (source instanceof StartedCluster) return source.history.events;
  if (source instanceof History) return source.events;
  if (Array.isArray(source)) return source as HistoryEvent[];
  throw new TypeError('expected a started cluster, a History or an array of history events');
}

function result(verdict: Verdict, isNot: boolean, extra?: string) {
  const pass = verdict.status === 'pass' && extra === undefined;
  return {
    pass,
    message: () => {
      const head = isNot
        ? `expected ${verdict.invariant} not to hold, but it did: ${verdict.message}`
        : `expected ${verdict.invariant} to hold, but it is ${verdict.status.toUpperCase()}: ${extra ?? verdict.message}`;
      const causes = (verdict.causes ?? []).map((cause) => `\n\nCause (${cause.origin}): ${cause.summary}\nFix: ${cause.fix}`).join('');
      const evidence = verdict.evidence.length > 0 ? `\n\nThe events that prove it:\n${formatEvents(verdict.evidence, '  ')}` : '';
      return head + causes + evidence;
    },
  };
}

expect.extend({
  toAnswerEveryConnection(received: HistorySource, options: { strict?: boolean; maxAnsweredStatus?: number } = {}) {
    const verdict = everyConnectionAnswered(eventsOf(received), {
      strict: options.strict ?? false,
      ...(options.maxAnsweredStatus === undefined ? {} : { maxAnsweredStatus: options.maxAnsweredStatus }),
    });
    return result(verdict, this.isNot);
  },
  toCompleteEveryReload(received: HistorySource) {
    return result(everyReloadCompletes(eventsOf(received)), this.isNot);
  },
  toRestoreWorkers(received: HistorySource, workers: number, options: { within?: number } = {}) {
    const events = eventsOf(received);
    const verdict = workerCountRestored(events, { restoreWithinMs: options.within ?? 5000 });
    const baseline = events.find((event) => event.type === 'cluster-ready');
    const mismatch =
      baseline && baseline.type === 'cluster-ready' && baseline.workers.length !== workers
        ? `the cluster's baseline is ${baseline.workers.length} workers, not ${workers}`
        : undefined;
    return result(verdict, this.isNot, mismatch);
  },
  toKeepMasterAlive(received: HistorySource) {
    return result(masterSurvived(eventsOf(received)), this.isNot);
  },
  toLeaveNoOrphans(received: HistorySource) {
    return result(noOrphans(eventsOf(received)), this.isNot);
  },
  toHandleEachConnectionOnce(received: HistorySource) {
    return result(handledOnce(eventsOf(received)), this.isNot);
  },
});
