// The kill throng does not recover from, for the launcher specs: a worker killed while the master (node:cluster,
// SCHED_RR) hands it a connection.

import { expect } from 'vitest';
import { runSchedule, type StartedCluster } from '../../src/vitest/index.js';

/**
 * The worker hangs, so it cannot acknowledge a connection the master hands it. Node's round robin hands a worker one
 * connection and waits for its acknowledgement before handing it another: of 4 connections, the hung worker gets
 * exactly one and the other worker answers 3. Killed with that hand-off pending, the hung worker's channel ends with
 * Node's handle queue non-empty: its ChildProcess then emits 'exit' but never 'disconnect'. Then the run settles
 * (bounded by the restore deadline) and a final burst shows what answers.
 */
export async function killWithPendingHandoff(cluster: StartedCluster, victim: number): Promise<void> {
  await cluster.crash({ kind: 'hang', target: { pid: victim }, durationMs: 20_000 });
  const answeredBefore = answeredCount(cluster);
  const burst = cluster.burst({ count: 4, concurrency: 4, timeoutMs: 3000 });
  await cluster.waitUntil(
    () => (answeredCount(cluster) - answeredBefore >= 3 ? true : undefined),
    '3 of 4 connections answered by the worker that does not hang',
    10_000,
  );
  await cluster.crash({ kind: 'SIGKILL', target: { pid: victim } });
  // The hand-off the killed worker never acknowledged is neither answered nor closed by the master: a timeout.
  expect((await burst).outcomes).toMatchObject({ answered: 3, timeout: 1 });
  await runSchedule(cluster, [], { restoreWithinMs: 5000, connectionTimeoutMs: 1500 });
}

function answeredCount(cluster: StartedCluster): number {
  return cluster.history.ofType('connection-close').filter((event) => event.outcome === 'answered').length;
}
