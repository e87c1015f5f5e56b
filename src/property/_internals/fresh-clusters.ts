// Fresh clusters for the property runner, with one started ahead so that a run does not wait for a start.

import type { StartClusterOptions } from '../../cluster/options.js';
import { startCluster, type StartedCluster } from '../../cluster/start-cluster.js';

export interface FreshClustersOptions {
  /**
   * Start the next cluster ahead, while the current one runs. Default true; false for a target that cannot run twice
   * at once (a fixed port): then a cluster is started only when it is taken.
   */
  spare?: boolean;
}

/**
 * Hands out clusters no run has touched. Each `take()` starts the next one in the background (a spare), so the next
 * fresh run (a confirmation, a shrinking candidate, a replay attempt) finds its cluster ready. A spare that is no
 * longer whole when taken (its master or a worker ended on its own while it waited) is stopped and replaced by a new
 * start: a fresh run always begins on a cluster just seen ready. `close()` stops the spare.
 */
export class FreshClusters {
  readonly #options: StartClusterOptions;
  readonly #withSpare: boolean;
  #spare: Promise<StartedCluster> | undefined;
  #closed = false;

  constructor(options: StartClusterOptions, settings: FreshClustersOptions = {}) {
    this.#options = options;
    this.#withSpare = settings.spare ?? true;
  }

  /** A fresh, ready cluster; the caller stops it. Rejects as `startCluster` does (bad input, a crash at boot). */
  async take(): Promise<StartedCluster> {
    if (this.#closed) throw new Error('FreshClusters: take() after close()');
    const spare = this.#spare;
    this.#spare = undefined;
    let cluster = spare ? await spare.catch(() => undefined) : undefined;
    if (cluster && !whole(cluster)) {
      await cluster.stop({ graceMs: 0 });
      cluster = undefined;
    }
    // A spare that failed to start is started again here, so that its error (if it persists) is the caller's.
    cluster ??= await startCluster(this.#options);
    this.#prepare();
    return cluster;
  }

  /** Stops the spare, if any. */
  async close(): Promise<void> {
    this.#closed = true;
    const spare = this.#spare;
    this.#spare = undefined;
    const cluster = await spare?.catch(() => undefined);
    // No run used it and nothing is checked on it: no grace period to wait out.
    await cluster?.stop({ graceMs: 0 });
  }

  #prepare(): void {
    if (!this.#withSpare) return;
    const spare = startCluster(this.#options);
    // Not awaited here: its failure, if any, shows when it is taken.
    spare.catch(() => undefined);
    this.#spare = spare;
  }
}

/** Whole as started: not stopped, the master alive and exactly the asked-for workers ready. */
export function whole(cluster: StartedCluster): boolean {
  return !cluster.stopped && cluster.masterAlive && cluster.workers.length === cluster.workerCount;
}
