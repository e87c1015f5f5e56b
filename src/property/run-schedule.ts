// Plays one schedule against a running cluster, settles it, and returns the run's slice of the history.

import { setTimeout as delay } from 'node:timers/promises';
import type { StartedCluster } from '../cluster/start-cluster.js';
import { ClusterChaosError, ClusterOptionsError, MasterExitedError, WaitTimeoutError } from '../cluster/errors.js';
import { validateReloadHow } from '../cluster/reload-cluster.js';
import { endingKinds, type Fault } from '../faults/fault.js';
import type { InjectedFault } from '../faults/inject-fault.js';
import type { HistoryEvent } from '../history/events.js';
import type { RunResult, RunScheduleOptions, StepRecord } from './run-schedule-types.js';
import { injectWithinBudget } from './_internals/fault-budget.js';
import { type BurstStep, formatStep, type Schedule } from './schedule.js';

/** The mark a run's history begins with (a report draws a run from it). */
export const runStartLabel = 'run start';

export type { RunResult, RunScheduleOptions, StepRecord } from './run-schedule-types.js';

/**
 * Plays the steps in order: a burst (and the crash or reload that fires once `after` of its connections were opened;
 * a burst whose reload outlasts it goes on with more bursts of the same concurrency until the reload is complete, so
 * that the whole reload window is under load), a crash between bursts, a reload between bursts (awaited until
 * complete), a pause, a settle (what the end of a run does: wait for the workers, then a final burst). A reload that
 * fails or does not complete in time is in the history (`reload failed`), for every-reload-completes to judge, and the
 * schedule goes on. Then settles: waits (bounded by `restoreWithinMs`) for every process a fault ended to be gone and for
 * the baseline count of workers to be ready again, and drives a final burst that shows whether the settled cluster
 * answers. Failures of the app are not errors here: they are in the events, for the checkers.
 *
 * @example
 * ```ts
 * import { checkInvariants, runSchedule, startCluster, type Schedule } from 'cluster-chaos';
 *
 * await using cluster = await startCluster({ topology: 'corrected/restart', workers: 3 });
 * const schedule: Schedule = [
 *   { type: 'burst', count: 20, concurrency: 5, crash: { fault: { kind: 'SIGKILL', target: 'oldest' }, after: 5 } },
 *   { type: 'pause', ms: 200 },
 * ];
 * const run = await runSchedule(cluster, schedule, { restoreWithinMs: 3000 });
 * const { status, verdicts } = checkInvariants(run.events, { workerCountRestored: { restoreWithinMs: 3000 } });
 * ```
 *
 * @throws ClusterOptionsError for a schedule with a reload and no `reload` option, or a `minAvailable` that leaves no
 *   worker to fault; anything else thrown is an error of the harness or the environment.
 */
export async function runSchedule(
  cluster: StartedCluster,
  schedule: Schedule,
  options: RunScheduleOptions = {},
): Promise<RunResult> {
  const restoreWithinMs = options.restoreWithinMs ?? 5000;
  const timeoutMs = options.connectionTimeoutMs ?? 3000;
  const baseline = cluster.workerCount;
  const minAvailable = options.minAvailable ?? 0;
  if (!Number.isInteger(minAvailable) || minAvailable < 0 || minAvailable >= Math.max(1, baseline)) {
    throw new ClusterOptionsError(
      'minAvailable',
      `must be an integer from 0 to ${baseline - 1} (fewer than the ${baseline} workers, or no worker could ever be faulted), got ${JSON.stringify(options.minAvailable)}`,
    );
  }
  const startedAt = cluster.clock.now();
  const baselineReady: HistoryEvent = {
    type: 'cluster-ready',
    t: startedAt,
    masterPid: cluster.masterPid,
    workers: cluster.workers,
    port: cluster.port,
  };
  cluster.history.record({ type: 'mark', t: startedAt, label: runStartLabel });
  const injected: { fault: Fault; injection: InjectedFault }[] = [];
  const steps: StepRecord[] = [];
  const reloadHow = options.reload === undefined ? undefined : validateReloadHow(options.reload);
  if (
    reloadHow === undefined &&
    schedule.some((step) => step.type === 'reload' || (step.type === 'burst' && step.reload))
  ) {
    throw new ClusterOptionsError(
      'reload',
      'the schedule reloads the cluster: say how with the reload option ({ signal } or { command })',
    );
  }

  /** Reloads the cluster; a reload that fails is recorded (`reload failed`) for the checkers, not an error of the run. */
  const reload = async (): Promise<void> => {
    try {
      await cluster.reload(reloadHow!, { timeoutMs: options.reloadTimeoutMs ?? 15_000 });
    } catch (error) {
      if (!(error instanceof ClusterChaosError)) throw error;
    }
  };

  /** Injects a fault within the budget (see `injectWithinBudget`), noted in the step's record. */
  const budget = { minAvailable, restoreWithinMs, pastTimeLimit: options.pastTimeLimit ?? (() => false) };
  const inject = async (fault: Fault, step: StepRecord): Promise<InjectedFault | undefined> => {
    const injection = await injectWithinBudget(cluster, fault, injected, budget);
    if (injection) {
      injected.push({ fault, injection });
      step.faults.push(injection.fault);
    }
    return injection;
  };

  const burst = (step: StepRecord, { count, concurrency, keepAlive, clientFaults }: Omit<BurstStep, 'type'>) => {
    step.bursts.push(cluster.burstCount + 1);
    return cluster.burst({ count, concurrency, timeoutMs, keepAlive, clientFaults });
  };

  for (const [index, step] of schedule.entries()) {
    const record: StepRecord = { startedAt: cluster.clock.now(), endedAt: 0, bursts: [], faults: [] };
    steps.push(record);
    cluster.history.record({ type: 'mark', t: record.startedAt, label: `step ${index + 1}: ${formatStep(step)}` });
    switch (step.type) {
      case 'burst': {
        let injecting: Promise<InjectedFault | undefined> | undefined;
        let reloading: Promise<void> | undefined;
        let reloadDone = false;
        const burstId = cluster.burstCount + 1;
        // The crash and the reload each fire once `after` connections of this burst were opened (0: before the first).
        const unsubscribers: (() => void)[] = [];
        const whenOpened = (after: number, fire: () => void) => {
          if (after === 0) return fire();
          let opened = 0;
          const unsubscribe = cluster.history.subscribe((event) => {
            if (event.type !== 'connection-open' || event.burst !== burstId || ++opened !== after) return;
            unsubscribe();
            fire();
          });
          unsubscribers.push(unsubscribe);
        };
        if (step.crash) {
          const fault = step.crash.fault;
          whenOpened(step.crash.after, () => (injecting = inject(fault, record)));
        }
        if (step.reload) whenOpened(step.reload.after, () => (reloading = reload().finally(() => (reloadDone = true))));
        await burst(record, step);
        for (const unsubscribe of unsubscribers) unsubscribe();
        const injection = await injecting;
        if (injection && step.crash?.fault.inFlight) await landInFlight(cluster, injection, timeoutMs);
        if (reloading) {
          // A reload is judged over its whole window, under real load: a burst that ended before the reload took effect
          // would leave the window unobserved. So bursts of the same concurrency go on until the reload is done
          // (bounded by the reload's own timeout).
          if (!reloadDone) {
            cluster.history.record({
              type: 'mark',
              t: cluster.clock.now(),
              label: 'burst over, reload still running: bursts go on until it is done',
            });
          }
          const concurrency = Math.max(2, step.concurrency);
          while (!reloadDone) await burst(record, { count: 2 * concurrency, concurrency, keepAlive: step.keepAlive });
          await reloading;
        }
        break;
      }
      case 'crash': {
        const injection = await inject(step.fault, record);
        await injection?.landed.catch(() => undefined);
        break;
      }
      case 'reload':
        await reload();
        break;
      case 'pause':
        // A pause is a step of the schedule (time passing for the cluster), not a way to wait for something.
        await delay(step.ms);
        break;
      case 'settle':
        // The end of a run, in the middle of a longer schedule (runs of one reused cluster, joined).
        await settle(cluster, injected.splice(0), baseline, restoreWithinMs);
        cluster.history.record({ type: 'mark', t: cluster.clock.now(), label: 'settled: final burst' });
        await burst(record, {
          count: options.finalBurst ?? Math.max(4, 2 * baseline),
          concurrency: Math.min(baseline, 4),
        });
        break;
    }
    record.endedAt = cluster.clock.now();
  }

  await settle(cluster, injected, baseline, restoreWithinMs);
  cluster.history.record({ type: 'mark', t: cluster.clock.now(), label: 'settled: final burst' });
  const finalBurst = options.finalBurst ?? Math.max(4, 2 * baseline);
  await cluster.burst({ count: finalBurst, concurrency: Math.min(baseline, 4), timeoutMs });
  // Whatever the processes reported up to here (a crash during the final burst) belongs to this run.
  await cluster.flush().catch(() => undefined);
  const endedAt = cluster.clock.now();
  cluster.history.record({ type: 'mark', t: endedAt, label: 'run end' });
  const events = [
    baselineReady,
    ...cluster.history.events.filter((event) => event.t >= startedAt && event !== baselineReady),
  ];
  return { events, startedAt, endedAt, steps };
}

/**
 * An in-flight fault lands when its target receives a connection. If the burst ended before the target got one
 * (the master's rotation never reached it), single connections follow until it lands, a bounded number of them; then
 * it is disarmed (`fault-disarmed`: no fault of the run).
 */
async function landInFlight(cluster: StartedCluster, injection: InjectedFault, timeoutMs: number): Promise<void> {
  const landed = () => cluster.landedFault(injection.fault) !== undefined;
  for (let attempt = 0; attempt < 4 * cluster.workerCount && !landed(); attempt++) {
    if (!cluster.isAlive(injection.pid)) break;
    await cluster.burst({ count: 1, concurrency: 1, timeoutMs });
  }
  if (!landed()) await cluster.disarm(injection, `process ${injection.pid} received no connection`);
}

/** Waits, bounded, for the processes the faults ended to be gone and the baseline workers to be ready again. */
async function settle(
  cluster: StartedCluster,
  injected: { fault: Fault; injection: InjectedFault }[],
  baseline: number,
  restoreWithinMs: number,
): Promise<void> {
  const deadline = cluster.clock.now() + restoreWithinMs;
  const remaining = () => Math.max(1, deadline - cluster.clock.now());
  try {
    for (const { fault, injection } of injected) {
      // A fault fired late in a burst may still be on its way when the burst ends (the probe runs it on its next
      // tick): wait for it to land, or for its target to be gone. An in-flight one not landed by now was disarmed.
      if (cluster.landedFault(injection.fault) === undefined && !fault.inFlight) {
        await cluster.waitUntil(
          () =>
            cluster.landedFault(injection.fault) !== undefined || !cluster.isAlive(injection.pid) ? true : undefined,
          `fault #${injection.fault} to land on ${injection.pid}`,
          remaining(),
        );
      }
      const landed = cluster.landedFault(injection.fault) !== undefined;
      if (landed && endingKinds.has(fault.kind)) await cluster.waitForExit(injection.pid, { timeoutMs: remaining() });
    }
    await cluster.waitForWorkers(baseline, { timeoutMs: remaining() });
    // A hung worker answers the ping only once its hang is over: then the final burst tests a recovered cluster.
    await cluster.flush({ timeoutMs: remaining() });
  } catch (error) {
    // Not restored in time, or never to be (the master is gone): the history shows it, and the checkers will say so.
    if (!(error instanceof WaitTimeoutError || error instanceof MasterExitedError)) throw error;
  }
}
