// Typed vitest matchers over a cluster's history: each runs one invariant and shows its proof when it fails.

import { expect } from 'vitest';
import { StartedCluster } from '../cluster/start-cluster.js';
import type { HistoryEvent } from '../history/events.js';
import { formatEvents } from '../history/format.js';
import { History } from '../history/history.js';
import { everyConnectionAnswered } from '../invariants/every-connection-answered.js';
import { everyReloadCompletes } from '../invariants/every-reload-completes.js';
import { everyWorkerDeathExplained } from '../invariants/every-worker-death-explained.js';
import { handledOnce } from '../invariants/handled-once.js';
import { masterSurvived } from '../invariants/master-survived.js';
import { noOrphans } from '../invariants/no-orphans.js';
import type { Verdict } from '../invariants/verdict.js';
import type { ResilienceResult } from '../property/resilience-result.js';
import { formatSchedule } from '../property/schedule.js';
import { workerCountRestored } from '../invariants/worker-count-restored.js';

/** What the matchers accept: a cluster, its history, or a list of events. */
export type HistorySource = StartedCluster | History | readonly HistoryEvent[];

export interface ClusterMatchers<R = unknown> {
  /**
   * Every connection was answered; lenient by default (a loss is excused only when the process that held it ended
   * abruptly from an injected fault). HTTP: a status above `maxAnsweredStatus` (default 499) is no answer.
   */
  toAnswerEveryConnection(options?: { strict?: boolean; maxAnsweredStatus?: number }): R;
  /** After each fault, `workers` workers were ready again within `withinMs` ms (default 5000) and answered. */
  toRestoreWorkers(workers: number, options?: { withinMs?: number }): R;
  /** The master stayed alive from ready to stop. */
  toKeepMasterAlive(): R;
  /** Nothing of the cluster outlived `stop()`'s grace period. */
  toLeaveNoOrphans(): R;
  /** No connection was answered by two processes. */
  toHandleEachConnectionOnce(): R;
  /** Every reload started completed: old workers gone, the baseline ready, a command exited 0. */
  toCompleteEveryReload(): R;
  /**
   * No process of the cluster died unless an injected fault, the stop or a reload ended it (a crash after a client's
   * reset included); a failure names each unexplained death and points at the app's output tail.
   */
  toExplainEveryDeath(): R;
  /**
   * On a `checkResilience` result: every run passed. Otherwise the message has each problem (cause, fix, shrunk
   * counterexample), unknown runs' reasons or the harness error, the seed and path, and the line that replays it.
   */
  toBeResilient(): R;
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: the augmentation vitest documents must declare `T = any` as vitest does.
  interface Matchers<T = any> extends ClusterMatchers<T> {}
}

function eventsOf(source: unknown): readonly HistoryEvent[] {
  if (source instanceof StartedCluster) return source.history.events;
  if (source instanceof History) return source.events;
  if (Array.isArray(source)) return source as HistoryEvent[];
  throw new TypeError('expected a started cluster, a History or an array of history events');
}

function result(verdict: Verdict, isNot: boolean, extra?: string, appendix = '') {
  const pass = verdict.status === 'pass' && extra === undefined;
  return {
    pass,
    message: () => {
      const head = isNot
        ? `expected ${verdict.invariant} not to hold, but it did: ${verdict.message}`
        : `expected ${verdict.invariant} to hold, but it is ${verdict.status.toUpperCase()}: ${extra ?? verdict.message}`;
      const causes = (verdict.causes ?? [])
        .map((cause) => `\n\nCause (${cause.origin}): ${cause.summary}\nFix: ${cause.fix}`)
        .join('');
      const evidence =
        verdict.evidence.length > 0 ? `\n\nThe events that prove it:\n${formatEvents(verdict.evidence, '  ')}` : '';
      return head + causes + evidence + appendix;
    },
  };
}

/** The command that runs this test again with the failing schedule (vitest's `-t` picks the test by name). */
function replayCommand(result: ResilienceResult, path: string | undefined, testName: string | undefined): string {
  const variables = [
    result.seedFrom === 'options' ? undefined : `CHAOS_SEED=${result.seed}`,
    path === undefined ? undefined : `CHAOS_PATH=${path}`,
  ].filter(Boolean);
  return `${variables.join(' ')} npx vitest run${testName ? ` -t ${JSON.stringify(testName)}` : ''}`;
}

/**
 * What a failing `toBeResilient` says: enough to understand and replay the failure without any other output (each
 * problem's cause and fix, its shrunk counterexample, and the command that replays it).
 *
 * @example
 * ```ts
 * const result = await checkResilience({ cluster: { entry: 'server.js', workers: 2 }, runs: 50 });
 * if (result.status !== 'pass') console.error(describeResilience(result, 'server.js survives crashes'));
 * ```
 */
export function describeResilience(result: ResilienceResult, testName?: string): string {
  const lines = [
    `expected the cluster to be resilient, but the check is ${result.status.toUpperCase()}: ${result.runs} of ${result.runsAsked} runs, seed ${result.seed}${result.seedFrom === 'options' ? '' : ` (${result.seedFrom === 'CHAOS_SEED' ? 'from CHAOS_SEED' : 'random'})`}`,
  ];
  result.problems.forEach((problem, index) => {
    lines.push(
      '',
      `Problem ${index + 1} of ${result.problems.length} (${problem.cause.origin}${problem.status === 'not-reproduced' ? ', seen once, not reproduced' : ''}): ${problem.cause.key}`,
      `  ${problem.cause.summary}`,
      `  Fix: ${problem.cause.fix}`,
      `  Counterexample (path ${problem.path}${problem.shrinkBudgetExhausted ? ', shrinking stopped at its budget' : ''}):`,
      formatSchedule(problem.counterexample, '    '),
      `  Replay: ${replayCommand(result, problem.path, testName)}`,
    );
  });
  for (const run of result.unknownRuns) {
    lines.push(
      '',
      `Run ${run.index + 1} proved nothing: ${run.verdicts.map((verdict) => `${verdict.invariant}: ${verdict.message}`).join('; ')}`,
    );
  }
  if (result.harnessFailure) {
    lines.push(
      '',
      `An error of cluster-chaos or of the environment, not of the app (${result.harnessFailure.phase}${result.harnessFailure.run === undefined ? '' : `, run ${result.harnessFailure.run + 1}`}): ${result.harnessFailure.message}`,
    );
  }
  if (result.endedEarly === 'time-limit')
    lines.push('', `The time limit ended the campaign after ${result.runs} of ${result.runsAsked} runs.`);
  return lines.join('\n');
}

expect.extend({
  toBeResilient(received: ResilienceResult) {
    const pass = received.status === 'pass';
    const testName = expect.getState().currentTestName;
    return {
      pass,
      message: () =>
        pass
          ? `expected the check not to pass, but all ${received.runs} runs passed (seed ${received.seed})`
          : describeResilience(received, testName?.split(' > ').at(-1)),
    };
  },
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
  toRestoreWorkers(received: HistorySource, workers: number, options: { withinMs?: number } = {}) {
    const events = eventsOf(received);
    const verdict = workerCountRestored(events, { restoreWithinMs: options.withinMs ?? 5000 });
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
  toExplainEveryDeath(received: HistorySource) {
    // A started cluster has its output: a crash's stack trace is usually in its tail.
    const tail = received instanceof StartedCluster ? received.output.tail(20) : '';
    const appendix = tail === '' ? '' : `\n\nThe app's output tail (stderr lines start with \`!\`):\n${tail}`;
    return result(everyWorkerDeathExplained(eventsOf(received)), this.isNot, undefined, appendix);
  },
});
