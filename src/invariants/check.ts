// Runs the chosen invariants over one history and combines their verdicts: the one call a runner or a test makes.

import type { HistoryEvent } from '../history/events.js';
import { everyConnectionAnswered, type EveryConnectionAnsweredOptions } from './every-connection-answered.js';
import { everyReloadCompletes } from './every-reload-completes.js';
import { everyWorkerDeathExplained } from './every-worker-death-explained.js';
import { fairness, type FairnessOptions } from './fairness.js';
import { handledOnce } from './handled-once.js';
import { idleClientsCutOff, type IdleClientsCutOffOptions } from './idle-clients-cut-off.js';
import { masterSurvived } from './master-survived.js';
import { noOrphans } from './no-orphans.js';
import { restartLatency, type RestartLatencyOptions } from './restart-latency.js';
import { workerCountRestored, type WorkerCountRestoredOptions } from './worker-count-restored.js';
import { worstStatus, type Verdict, type VerdictStatus } from './verdict.js';

/**
 * Which invariants to check, and their options. The six core invariants run by default (turn one off with `false`,
 * e.g. `noOrphans: false` to check a history before the cluster is stopped); the opt-in ones run only when given
 * `true` or their options.
 */
export interface CheckOptions {
  /** Core, default on (lenient). */
  everyConnectionAnswered?: boolean | EveryConnectionAnsweredOptions;
  /** Core, default on (restoreWithinMs 5000). */
  workerCountRestored?: boolean | WorkerCountRestoredOptions;
  /** Core, default on. */
  masterSurvived?: boolean;
  /** Core, default on. */
  noOrphans?: boolean;
  /** Core, default on. */
  everyReloadCompletes?: boolean;
  /** Core, default on: no process of the cluster dies unless a fault, the stop or a reload ended it. */
  everyWorkerDeathExplained?: boolean;
  /** Opt-in, default off (minJainIndex 0.8 when on). */
  fairness?: boolean | FairnessOptions;
  /** Opt-in, default off (p95Ms 2000 when on). */
  restartLatency?: boolean | RestartLatencyOptions;
  /** Opt-in, default off. */
  handledOnce?: boolean;
  /** Opt-in, default off (maxIdleMs 2000 when on). */
  idleClientsCutOff?: boolean | IdleClientsCutOffOptions;
}

export interface CheckResult {
  /** The worst status of the verdicts (`pass` when no invariant ran). */
  status: VerdictStatus;
  /** One verdict per invariant that ran, in the order of `CheckOptions`. */
  verdicts: Verdict[];
}

/**
 * Checks the chosen invariants (see `CheckOptions`) over a history's events: a verdict per invariant, with the events
 * that prove it, and the worst status of them.
 *
 * @example
 * ```ts
 * const cluster = await startCluster({ entry: 'server.js', workers: 2 });
 * await runSchedule(cluster, [
 *   { type: 'burst', count: 20, concurrency: 5, crash: { fault: { kind: 'SIGKILL' }, after: 5 } },
 *   { type: 'burst', count: 4, concurrency: 1 },
 * ]);
 * await cluster.stop();
 * const { status, verdicts } = checkInvariants(cluster.history.events);
 * if (status !== 'pass') console.log(verdicts.map((verdict) => verdict.message).join('\n'));
 * ```
 */
export function checkInvariants(events: readonly HistoryEvent[], options: CheckOptions = {}): CheckResult {
  const verdicts: Verdict[] = [];
  const core = <T extends object>(choice: boolean | T | undefined): T | undefined =>
    choice === false ? undefined : choice === true || choice === undefined ? ({} as T) : choice;
  const optIn = <T extends object>(choice: boolean | T | undefined): T | undefined =>
    choice === undefined || choice === false ? undefined : choice === true ? ({} as T) : choice;

  const answered = core(options.everyConnectionAnswered);
  if (answered) verdicts.push(everyConnectionAnswered(events, answered));
  const restored = core(options.workerCountRestored);
  if (restored) verdicts.push(workerCountRestored(events, restored));
  if (options.masterSurvived !== false) verdicts.push(masterSurvived(events));
  if (options.noOrphans !== false) verdicts.push(noOrphans(events));
  if (options.everyReloadCompletes !== false) verdicts.push(everyReloadCompletes(events));
  if (options.everyWorkerDeathExplained !== false) verdicts.push(everyWorkerDeathExplained(events));
  const fair = optIn(options.fairness);
  if (fair) verdicts.push(fairness(events, fair));
  const latency = optIn(options.restartLatency);
  if (latency) verdicts.push(restartLatency(events, latency));
  if (options.handledOnce === true) verdicts.push(handledOnce(events));
  const idle = optIn(options.idleClientsCutOff);
  if (idle) verdicts.push(idleClientsCutOff(events, idle));

  return { status: worstStatus(verdicts.map((verdict) => verdict.status)), verdicts };
}
