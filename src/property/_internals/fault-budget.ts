// The fault budget of a run (as a Kubernetes PodDisruptionBudget): a fault waits for enough available workers, or is skipped.

import type { StartedCluster } from '../../cluster/start-cluster.js';
import { WaitTimeoutError } from '../../cluster/errors.js';
import type { Fault } from '../../faults/fault.js';
import { FaultInjectionError, type InjectedFault } from '../../faults/inject-fault.js';
import { formatFault, formatFaultTarget } from '../schedule.js';

export interface FaultBudget {
  /** Workers that must stay available besides a fault's target; 0: no budget. */
  minAvailable: number;
  /** The longest a fault waits for them. */
  restoreWithinMs: number;
  /** True once the campaign's time limit has passed: then nothing waits. */
  pastTimeLimit: () => boolean;
}

/**
 * Injects a fault within the budget: a fault on a worker that would leave fewer than `minAvailable` available workers
 * besides its target waits for them (at most `restoreWithinMs`; not at all once `pastTimeLimit()`), or is skipped
 * (`fault-skipped`, with the reason). A fault that finds no worker to hit is skipped too. Either way the history says so.
 */
export async function injectWithinBudget(
  cluster: StartedCluster,
  fault: Fault,
  injected: readonly { injection: InjectedFault }[],
  budget: FaultBudget,
): Promise<InjectedFault | undefined> {
  const { minAvailable, restoreWithinMs, pastTimeLimit } = budget;
  const target = fault.target ?? 'random';
  const onWorker = target !== 'master' && typeof target !== 'object';
  // A fault on its way (requested, or armed in flight, and not landed yet) takes its target out too: the cluster
  // counts a worker out only once a fault has landed on it, and two faults a millisecond apart would both pass.
  const pending = () =>
    new Set(
      injected
        .filter(
          ({ injection }) =>
            cluster.landedFault(injection.fault) === undefined && cluster.disarmedFault(injection.fault) === undefined,
        )
        .map(({ injection }) => injection.pid),
    );
  const available = () => {
    const coming = pending();
    return cluster.availableWorkers().filter((pid) => !coming.has(pid));
  };
  const enough = () => available().length - 1 >= minAvailable;
  if (minAvailable > 0 && onWorker && !enough()) {
    const waitedFrom = cluster.clock.now();
    if (!pastTimeLimit()) {
      cluster.history.record({
        type: 'mark',
        t: waitedFrom,
        label: `fault budget: ${formatFault(fault)} waits for ${minAvailable + 1} available workers (${available().length} now)`,
      });
    }
    // Past the campaign's time limit nothing waits for the budget: the run in progress is to end soon.
    const ok =
      !pastTimeLimit() &&
      (await cluster
        .waitUntil(
          () => (enough() ? true : pastTimeLimit() ? false : undefined),
          `${minAvailable + 1} available workers`,
          restoreWithinMs,
        )
        .catch((error: unknown) => {
          if (error instanceof WaitTimeoutError) return false;
          throw error;
        }));
    if (!ok) {
      const waited = Math.round(cluster.clock.now() - waitedFrom);
      cluster.history.record({
        type: 'fault-skipped',
        t: cluster.clock.now(),
        kind: fault.kind,
        target: formatFaultTarget(fault),
        reason: pastTimeLimit()
          ? `the fault budget (minAvailable ${minAvailable}) would be broken (${available().length} worker(s) available), and the campaign's time limit has passed: no waiting for it${waited > 0 ? ` (waited ${waited} ms)` : ''}`
          : `the fault budget (minAvailable ${minAvailable}) would be broken: ${available().length} worker(s) available after waiting ${waited} ms`,
      });
      return undefined;
    }
  }
  try {
    return cluster.inject(fault);
  } catch (error) {
    // With every worker down (a master that does not restart), there is no worker left to hit: nothing to inject.
    if (!(error instanceof FaultInjectionError)) throw error;
    cluster.history.record({
      type: 'fault-skipped',
      t: cluster.clock.now(),
      kind: fault.kind,
      target: formatFaultTarget(fault),
      reason: error.message,
    });
    return undefined;
  }
}
