// The kill throng does not recover from, for the launcher specs: a worker killed while the master (node:cluster,
// SCHED_RR) hands it a connection, which is lost in transit.

import { expect } from 'vitest';
import { runSchedule, type StartedCluster } from '../../src/vitest/index.js';

/**
 * The worker hangs, so it cannot acknowledge a connection the master hands it. Node's round robin hands a worker one
 * connection and waits for its acknowledgement before handing it another: of 4 connections, the hung worker gets
 * exactly one and the other worker answers 3. Killed with that hand-off pending, the hung worker's channel ends with
 * Node's handle queue non-empty: its ChildProcess then emits 'exit' but never 'disconnect'. Then the run settles
 * (bounded by the restore deadline) and a final burst shows what answers.
 *
 * Resolves with the lost connection (its number and client port): the master accepted it and node:cluster dispatched it
 * to the victim, which never received it (in transit to a worker that died: Node neither closes it nor hands it to
 * another worker, and the victim's death excuses nothing it never took).
 */
export async function killWithPendingHandoff(
  cluster: StartedCluster,
  victim: number,
): Promise<{ connection: number; clientPort: number }> {
  await cluster.crash({ kind: 'hang', target: { pid: victim }, durationMs: 20_000 });
  const answeredBefore = answeredCount(cluster);
  const closesBefore = cluster.history.ofType('connection-close').length;
  const burst = cluster.burst({ count: 4, concurrency: 4, timeoutMs: 3000 });
  await cluster.waitUntil(
    () => (answeredCount(cluster) - answeredBefore >= 3 ? true : undefined),
    '3 of 4 connections answered by the worker that does not hang',
    10_000,
  );
  await cluster.crash({ kind: 'SIGKILL', target: { pid: victim } });
  // The hand-off the killed worker never acknowledged is neither answered nor closed by the master: a timeout.
  expect((await burst).outcomes).toMatchObject({ answered: 3, timeout: 1 });
  const lost = cluster.history
    .ofType('connection-close')
    .slice(closesBefore)
    .find((close) => close.outcome === 'timeout')!;
  const clientPort = cluster.history
    .ofType('connection-connected')
    .find((event) => event.connection === lost.connection)!.clientPort;
  const path = cluster.history.events.flatMap((event) => {
    if (event.type === 'connection-handled' && event.clientPort === clientPort) return [`${event.via} ${event.pid}`];
    if (event.type === 'connection-dispatched' && event.clientPort === clientPort)
      return [`dispatch ${event.pid}->${event.to} by ${event.by}`];
    return [];
  });
  expect(path).toEqual([`accept ${cluster.masterPid}`, `dispatch ${cluster.masterPid}->${victim} by node:cluster`]);
  await runSchedule(cluster, [], { restoreWithinMs: 5000, connectionTimeoutMs: 1500 });
  return { connection: lost.connection, clientPort };
}

function answeredCount(cluster: StartedCluster): number {
  return cluster.history.ofType('connection-close').filter((event) => event.outcome === 'answered').length;
}
