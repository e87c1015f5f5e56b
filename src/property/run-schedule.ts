// Plays one schedule against a running cluster, settles it, and returns the run's slice of the history.

import { setTimeout as delay } from 'node:timers/promises';
import type { StartedCluster } from '../cluster/start-cluster.js';
import { ClusterChaosError, ClusterOptionsError, MasterExitedError, WaitTimeoutError } from '../cluster/errors.js';
import { validateReloadHow, type ReloadHow } from '../cluster/reload-cluster.js';
import { endingKinds, type Fault } from '../faults/fault.js';
import { FaultInjectionError, type InjectedFault } from '../faults/inject-fault.js';
import type { HistoryEvent } from '../history/events.js';
import { formatStep, type Schedule } from './schedule.js';

export interface RunScheduleOptions {
  /** How long the cluster has to restore its workers after the schedule, in ms. Default 5000. */
  restoreWithinMs?: number;
  /** Connections of the final burst that proves the settled cluster answers. Default `max(4, 2 × workers)`. */
  finalBurst?: number;
  /** A connection with no answer after this many ms ends `timeout`. Default 3000. */
  connectionTimeoutMs?: number;
  /** How the schedule's reload steps reload the cluster (`cluster.reload(how)`). Required by a schedule with a reload. */
  reload?: ReloadHow;
  /** How long one reload may take, in ms. Default 15000. */
  reloadTimeoutMs?: number;
}

export interface RunResult {
  /** The run's events: a `cluster-ready` baseline at its start (the live workers then), then everything after. */
  events: HistoryEvent[];
  startedAt: number;
  endedAt: number;
}

/**
 * Plays the steps in order: a burst (and the crash or reload that fires once `after` of its connections were opened;
 * a burst whose reload outlasts it goes on, one connection at a time, until the reload is complete, so that the whole
 * reload window is under load), a crash between bursts, a reload between bursts
 * (awaited until complete), a pause. A reload that fails or does not complete in time is marked in the history (its
 * window stays open: no loss in it is excused) and the schedule goes on. Then settles: waits (bounded by `restoreWithinMs`) for every process a fault ended
 * to be gone and for the baseline count of workers to be ready again, and drives a final burst that shows whether
 * the settled cluster answers. Failures of the app are not errors here: they are in the events, for the checkers.
 */
export async function runSchedule(cluster: StartedCluster, schedule: Schedule, options: RunScheduleOptions = {}): Promise<RunResult> {
  const restoreWithinMs = options.restoreWithinMs ?? 5000;
  const timeoutMs = options.connectionTimeoutMs ?? 3000;
  const baseline = cluster.workerCount;
  const startedAt = cluster.clock.now();
  const baselineReady: HistoryEvent = {
    type: 'cluster-ready',
    t: startedAt,
    masterPid: cluster.masterPid,
    workers: cluster.workers,
    port: cluster.port,
  };
  cluster.history.record({ type: 'mark', t: startedAt, label: 'run start' });
  const injected: { fault: Fault; injection: InjectedFault }[] = [];
  const reloadHow = options.reload === undefined ? undefined : validateReloadHow(options.reload);
  if (reloadHow === undefined && schedule.some((step) => step.type === 'reload' || (step.type === 'burst' && step.reload))) {
    throw new ClusterOptionsError('reload', 'the schedule reloads the cluster: say how with the reload option ({ signal } or { command })');
  }

  /** Reloads the cluster; the app's failure to reload is in the history (a mark), not an error of the run. */
  const reload = async (): Promise<void> => {
    try {
      await cluster.reload(reloadHow!, { timeoutMs: options.reloadTimeoutMs ?? 15_000 });
    } catch (error) {
      if (!(error instanceof ClusterChaosError)) throw error;
      cluster.history.record({ type: 'mark', t: cluster.clock.now(), label: `reload did not complete: ${error.message.split('\n')[0]}` });
    }
  };

  const inject = (fault: Fault): InjectedFault | undefined => {
    try {
      const injection = cluster.inject(fault);
      injected.push({ fault, injection });
      return injection;
    } catch (error) {
      // With every worker down (a master that does not restart), there is no worker left to hit: nothing to inject.
      if (!(error instanceof FaultInjectionError)) throw error;
      cluster.history.record({ type: 'mark', t: cluster.clock.now(), label: `fault not injected: ${error.message}` });
      return undefined;
    }
  };

  for (const [index, step] of schedule.entries()) {
    cluster.history.record({ type: 'mark', t: cluster.clock.now(), label: `step ${index + 1}: ${formatStep(step)}` });
    switch (step.type) {
      case 'burst': {
        let injection: InjectedFault | undefined;
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
          whenOpened(step.crash.after, () => (injection = inject(fault)));
        }
        if (step.reload) whenOpened(step.reload.after, () => (reloading = reload().finally(() => (reloadDone = true))));
        await cluster.burst({ count: step.count, concurrency: step.concurrency, timeoutMs, ...(step.keepAlive ? { keepAlive: true } : {}) });
        for (const unsubscribe of unsubscribers) unsubscribe();
        if (injection && step.crash?.fault.inFlight) await landInFlight(cluster, injection, timeoutMs);
        if (reloading) {
          // A reload is judged over its whole window: a burst that ended before the reload took effect would leave the
          // window unobserved (a naive reload's downtime would show only by chance). So the load goes on, one connection
          // at a time, until the reload is done; bounded by the reload's own timeout.
          if (!reloadDone) {
            cluster.history.record({ type: 'mark', t: cluster.clock.now(), label: 'burst over, reload still running: one connection at a time until it is done' });
          }
          while (!reloadDone) await cluster.burst({ count: 1, concurrency: 1, timeoutMs });
          await reloading;
        }
        break;
      }
      case 'crash': {
        const injection = inject(step.fault);
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
    }
  }

  await settle(cluster, injected, baseline, restoreWithinMs);
  cluster.history.record({ type: 'mark', t: cluster.clock.now(), label: 'settled: final burst' });
  const finalBurst = options.finalBurst ?? Math.max(4, 2 * baseline);
  await cluster.burst({ count: finalBurst, concurrency: Math.min(baseline, 4), timeoutMs });
  // Whatever the processes reported up to here (a crash during the final burst) belongs to this run.
  await cluster.flush().catch(() => undefined);
  const endedAt = cluster.clock.now();
  cluster.history.record({ type: 'mark', t: endedAt, label: 'run end' });
  const events = [baselineReady, ...cluster.history.events.filter((event) => event.t >= startedAt && event !== baselineReady)];
  return { events, startedAt, endedAt };
}

/**
 * An in-flight fault lands when its target receives a connection. If the burst ended before the target got one
 * (the master's rotation never reached it), single connections follow until it lands, a bounded number of them.
 */
async function landInFlight(cluster: StartedCluster, injection: InjectedFault, timeoutMs: number): Promise<void> {
  const landed = () => cluster.landedFault(injection.fault) !== undefined;
  for (let attempt = 0; attempt < 4 * cluster.workerCount && !landed(); attempt++) {
    if (!cluster.isAlive(injection.pid)) break;
    await cluster.burst({ count: 1, concurrency: 1, timeoutMs });
  }
  if (!landed()) {
    cluster.sendToProbe(injection.pid, { type: 'disarm', fault: injection.fault });
    cluster.history.record({
      type: 'mark',
      t: cluster.clock.now(),
      label: `in-flight fault #${injection.fault} disarmed: process ${injection.pid} received no connection`,
    });
  }
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
          () => (cluster.landedFault(injection.fault) !== undefined || !cluster.isAlive(injection.pid) ? true : undefined),
          `fault #${injection.fault} to land on ${injection.pid}`,
          remaining(),
        );
      }
      const landed = cluster.landedFault(injection.fault) !== undefined;
      if (landed && endingKinds.has(fault.kind)) await cluster.waitForExit(injection.pid, { timeout: remaining() });
    }
    await cluster.waitForWorkers(baseline, { timeout: remaining() });
    // A hung worker answers the ping only once its hang is over: then the final burst tests a recovered cluster.
    await cluster.flush({ timeout: remaining() });
  } catch (error) {
    // Not restored in time, or never to be (the master is gone): the history shows it, and the checkers will say so.
    if (!(error instanceof WaitTimeoutError || error instanceof MasterExitedError)) throw error;
  }
}
