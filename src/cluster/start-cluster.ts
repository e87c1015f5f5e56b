// startCluster: launches a real cluster and hands back its handle, with a bounded retry for a port taken meanwhile.

import getPort from 'get-port';
import { ClusterSession } from './cluster-session.js';
import { ClusterStartError } from './errors.js';
import { launchCluster } from './launch-cluster.js';
import { resolveStartOptions, type StartClusterOptions } from './options.js';
import { assertProcfs } from './platform.js';
import { startedClusterOver, type StartedCluster } from './started-cluster.js';

export { StartedCluster } from './started-cluster.js';
export type {
  BurstCall,
  ClusterProcess,
  StopOptions,
  StopResult,
  WaitForWorkersOptions,
  WaitOptions,
} from './cluster-handle-types.js';

/**
 * Starts a cluster and resolves once it is ready: the port accepts and the expected workers are ready.
 * The returned handle is async-disposable, so the cluster is stopped even when the test fails.
 *
 * @example
 * await using cluster = await startCluster({ entry: 'server.js', workers: 2, protocol: 'http' });
 * await cluster.crash({ kind: 'SIGKILL', target: 'random' });
 * await cluster.waitForWorkers(2, { timeoutMs: 5000 });
 * const { outcomes } = await cluster.burst({ count: 20 });
 *
 * @throws UnsupportedPlatformError where there is no /proc (anything but Linux); ClusterOptionsError for options that
 *   cannot work; ClusterStartError when the app cannot be started (missing entry, command not found, crash or exit at
 *   boot, port in use, not ready in time).
 */
export async function startCluster(options: StartClusterOptions): Promise<StartedCluster> {
  assertProcfs();
  const resolved = resolveStartOptions(options);
  for (let attempt = 1; ; attempt++) {
    const port = resolved.port ?? (await getPort({ host: '127.0.0.1' }));
    const session = new ClusterSession(resolved, port);
    try {
      await launchCluster(session);
      return startedClusterOver(session);
    } catch (error) {
      await session.stop(undefined);
      // Parallel test workers race for free ports: a port taken between get-port and listen gets a fresh one.
      const retry = error instanceof ClusterStartError && error.reason === 'port-in-use' && resolved.port === undefined;
      if (!retry || attempt >= resolved.portAttempts) throw error;
    }
  }
}
