// Where checkResilience plays its runs: real clusters, fresh ones (stopped after the run) and one reused while whole.

import type { StartClusterOptions } from '../../cluster/options.js';
import type { StartedCluster } from '../../cluster/start-cluster.js';
import type { HistoryEvent } from '../../history/events.js';
import { checkInvariants, type CheckOptions } from '../../invariants/check.js';
import { runFigures } from '../../invariants/run-figures.js';
import type { RunExecutor, RunRecord } from '../run-executor.js';
import { runSchedule, type RunScheduleOptions, type StepRecord } from '../run-schedule.js';
import type { Schedule } from '../schedule.js';
import { FreshClusters, whole } from './fresh-clusters.js';
import { relevantSteps } from './relevant-steps.js';

/** Runs schedules on real clusters: fresh ones (stopped after the run, orphans checked) and one reused while whole. */
export class ClusterExecutor implements RunExecutor {
  readonly #clusters: FreshClusters;
  readonly #runOptions: RunScheduleOptions;
  readonly #checks: CheckOptions;
  readonly #exclusive: boolean;
  /** The first cluster, started before any run (bad input shows there), taken by the first fresh run. */
  #first: StartedCluster | undefined;
  #reused: StartedCluster | undefined;

  constructor(cluster: StartClusterOptions, runOptions: RunScheduleOptions, checks: CheckOptions, exclusive: boolean) {
    this.#clusters = new FreshClusters(cluster, { spare: !exclusive });
    this.#runOptions = runOptions;
    this.#checks = checks;
    this.#exclusive = exclusive;
  }

  async start(): Promise<void> {
    try {
      this.#first = await this.#clusters.take();
    } catch (error) {
      await this.#clusters.close();
      throw error;
    }
  }

  async fresh(schedule: Schedule): Promise<RunRecord> {
    // Two instances of a target that cannot be isolated (a fixed port) never run at once.
    if (this.#exclusive) await this.discardReused();
    const cluster = this.#first ?? (await this.#clusters.take());
    this.#first = undefined;
    let steps: StepRecord[] = [];
    try {
      steps = (await runSchedule(cluster, schedule, this.#runOptions)).steps;
    } finally {
      await cluster.stop();
    }
    return this.#evaluate(schedule, cluster, cluster.history.events, steps, this.#checks);
  }

  async reused(schedule: Schedule): Promise<{ record: RunRecord; newCluster: boolean }> {
    let newCluster = false;
    if (!this.#reused || !whole(this.#reused)) {
      await this.discardReused();
      this.#reused = this.#first ?? (await this.#clusters.take());
      this.#first = undefined;
      newCluster = true;
    }
    const run = await runSchedule(this.#reused, schedule, this.#runOptions);
    // Orphans show when the cluster is stopped: at the end (finishReused), or on a fresh replay.
    const checks = { ...this.#checks, noOrphans: false };
    return { record: this.#evaluate(schedule, this.#reused, run.events, run.steps, checks), newCluster };
  }

  async discardReused(): Promise<void> {
    const cluster = this.#reused;
    this.#reused = undefined;
    await cluster?.stop();
  }

  async finishReused(): Promise<RunRecord | undefined> {
    const cluster = this.#reused;
    if (!cluster) return undefined;
    this.#reused = undefined;
    await cluster.stop();
    const checks: CheckOptions = {
      everyConnectionAnswered: false,
      workerCountRestored: false,
      masterSurvived: false,
      everyReloadCompletes: false,
      everyWorkerDeathExplained: false,
    };
    return this.#evaluate([], cluster, cluster.history.events, [], checks);
  }

  async close(): Promise<void> {
    const first = this.#first;
    this.#first = undefined;
    await Promise.all([this.discardReused(), first?.stop({ graceMs: 0 })]);
    await this.#clusters.close();
  }

  #evaluate(
    schedule: Schedule,
    cluster: StartedCluster,
    events: readonly HistoryEvent[],
    steps: readonly StepRecord[],
    checks: CheckOptions,
  ): RunRecord {
    const { status, verdicts } = checkInvariants(events, checks);
    const relevant = status === 'fail' ? relevantSteps(steps, events, verdicts) : undefined;
    return {
      schedule,
      status,
      verdicts,
      events: events.slice(),
      outputTail: cluster.output.tail(20),
      figures: runFigures(events, checks),
      ...(relevant ? { relevantSteps: relevant } : {}),
    };
  }
}
