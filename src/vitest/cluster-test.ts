// A vitest fixture that gives each test its own real cluster, stopped after the test even when it fails or times out.

import { test as base } from 'vitest';
import { ClusterChaosError } from '../cluster/errors.js';
import type { StartClusterOptions } from '../cluster/options.js';
import { startCluster, type StartedCluster, type StopResult } from '../cluster/start-cluster.js';

export interface ClusterTestOptions extends StartClusterOptions {
  /** Fail the test when `stop()` finds processes of the cluster still alive after the grace period. Default true. */
  failOnOrphans?: boolean;
}

export interface ClusterFixtures {
  /** A started cluster, new for each test that uses it. */
  cluster: StartedCluster;
}

/** Thrown at teardown when the cluster left processes behind after `stop()`'s grace period. */
export class OrphanProcessesError extends ClusterChaosError {
  override name = 'OrphanProcessesError';
}

/**
 * Returns a vitest `test` whose tests receive a fresh `cluster`. The cluster is started only for tests that use it
 * and stopped after each, whatever the test's result; processes left behind fail the test (`failOnOrphans`).
 *
 * @example
 * ```ts
 * const test = clusterTest({ entry: 'server.js', workers: 2 });
 *
 * test('a killed worker is replaced and nothing is lost', async ({ cluster }) => {
 *   const load = cluster.burst({ count: 200, concurrency: 10 });
 *   await cluster.crash({ kind: 'SIGKILL', target: 'oldest' });
 *   await load;
 *   await cluster.waitForWorkers(2);
 *   expect(cluster).toAnswerEveryConnection();
 *   expect(cluster).toRestoreWorkers(2, { withinMs: 5000 });
 * });
 * ```
 */
export function clusterTest(options: ClusterTestOptions) {
  const { failOnOrphans = true, ...startOptions } = options;
  return base.extend<ClusterFixtures>({
    // biome-ignore lint/correctness/noEmptyPattern: vitest reads the fixture's dependencies from this pattern (none).
    cluster: async ({}, use) => {
      const cluster = await startCluster(startOptions);
      let stopped: StopResult;
      try {
        await use(cluster);
      } finally {
        // Stopped whatever the test did; a throw from here would hide the test's own error, so the orphans are
        // reported below, once the test itself went through.
        stopped = await cluster.stop();
      }
      const { orphans } = stopped;
      if (failOnOrphans && orphans.length > 0) {
        throw new OrphanProcessesError(
          `${orphans.length} process(es) of the cluster outlived stop() by its ${cluster.options.stopGraceMs} ms grace period (killed since):\n` +
            orphans.map((orphan) => `  pid ${orphan.pid}: ${orphan.command}`).join('\n'),
        );
      }
    },
  });
}
