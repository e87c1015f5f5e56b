// When a reload is complete, from what the harness sees of the workers: the rule reloadCluster waits on, kept pure.

/** The workers as a reload starts: those it must replace, and every worker that already existed. */
export interface ReloadStartWorkers {
  /** The workers ready as the reload starts: old code for certain, so each must be gone by its end. */
  mustGo: readonly number[];
  /**
   * Every worker that existed as the reload starts: the ready ones, and those still starting (forked, not yet
   * listening). Whether the app counts a starting one as old (and replaces it) is the app's choice, which the harness
   * cannot see: node:cluster apps often decide by the worker's 'online', which comes before its probe says hello.
   */
  before: ReadonlySet<number>;
}

/** The workers now, as the tracker sees them. */
export interface ReloadWorkersNow {
  /** Ready, live workers. */
  ready: readonly number[];
  /** Workers the master started that are neither ready nor gone. */
  starting: readonly number[];
  isAlive: (pid: number) => boolean;
}

export type ReloadProgress = { complete: true } | { complete: false; waitingFor: string };

/**
 * Whether a reload is complete: every worker ready at its start is gone, no worker is still starting, and exactly the
 * baseline workers are ready, or more than the baseline only if none of them existed before the reload (one too many
 * for good, which worker-count-restored then judges; a worker from before is one the app may still retire, as it
 * does an old one once its replacement listens).
 *
 * A cluster that is still starting a worker, or still holds one from before the reload next to a full set of new
 * ones, is mid-reload for the app: ending the reload there would judge, as the steady state after it, the app's own
 * next step (retiring that worker, or readying the one it started), and blame the app for it.
 */
export function reloadProgress(start: ReloadStartWorkers, now: ReloadWorkersNow, baseline: number): ReloadProgress {
  const left = start.mustGo.filter((pid) => now.isAlive(pid));
  if (left.length > 0) return { complete: false, waitingFor: `${listPids(left)} (ready at its start) to be gone` };
  if (now.starting.length > 0) return { complete: false, waitingFor: `${listPids(now.starting)} to finish starting` };
  if (now.ready.length < baseline) {
    return { complete: false, waitingFor: `${baseline} ready workers (${now.ready.length} now)` };
  }
  const fromBefore = now.ready.filter((pid) => start.before.has(pid));
  if (now.ready.length > baseline && fromBefore.length > 0) {
    return {
      complete: false,
      waitingFor: `${baseline} ready workers (${now.ready.length} now, ${listPids(fromBefore)} from before the reload)`,
    };
  }
  return { complete: true };
}

function listPids(pids: readonly number[]): string {
  return `${pids.length === 1 ? 'worker' : 'workers'} ${pids.join(', ')}`;
}
