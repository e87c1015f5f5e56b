// Every worker death explained, on real clusters: a crash a client caused fails it, its corrected twin and injected faults pass it.

import { describe, expect, test } from 'vitest';
import { startCluster } from '../../src/cluster/start-cluster.js';
import type { TopologyName } from '../../src/cluster/topologies.js';
import type { HistoryEvent, ProcessExitEvent } from '../../src/history/events.js';
import { everyWorkerDeathExplained } from '../../src/invariants/every-worker-death-explained.js';
import type { ClientFaults } from '../../src/load/client-faults.js';
import '../../src/vitest/matchers.js';

const reset: ClientFaults = { count: 1, kinds: [{ kind: 'reset' }] };
const oversized: ClientFaults = { count: 1, kinds: [{ kind: 'oversized', bytes: 10_000 }] };

/** The first worker exit in the cluster's history, if any. */
function workerExit(events: readonly HistoryEvent[]): ProcessExitEvent | undefined {
  return events.find((event): event is ProcessExitEvent => event.type === 'process-exit' && event.role === 'worker');
}

describe('a crash a client caused fails it, named after the client fault', () => {
  test.each<[TopologyName, ClientFaults, string]>([
    ['buggy/no-socket-error-handler', reset, 'every-worker-death-explained/crashed-after-client-reset'],
    ['buggy/throws-on-malformed-body', oversized, 'every-worker-death-explained/crashed-after-client-fault'],
  ])('%s, with a client fault in a burst', async (topology, clientFaults, key) => {
    await using cluster = await startCluster({ topology, workers: 2 });

    await cluster.burst({ count: 3, concurrency: 1, payload: '{"a":1}', clientFaults });
    const exit = await cluster.waitUntil(() => workerExit(cluster.history.events), "a worker's exit", 5000);

    const verdict = everyWorkerDeathExplained(cluster.history.events);
    expect(verdict.status).toBe('fail');
    expect(verdict.causes?.map((cause) => cause.key)).toEqual([key]);
    expect(verdict.message).toContain(`worker ${exit.pid} exited`);
    expect(verdict.message).toMatch(
      /after the client fault (reset|oversized) on connection #\d+ (it held|that no process was seen to receive)/,
    );
    expect(cluster).not.toExplainEveryDeath();
  });

  test('buggy/throws-on-malformed-body survives a reset (Node handles the socket): nothing to explain', async () => {
    await using cluster = await startCluster({ topology: 'buggy/throws-on-malformed-body', workers: 2 });
    await cluster.burst({ count: 3, concurrency: 1, clientFaults: reset });
    const after = await cluster.burst({ count: 4 });
    expect(after.outcomes.answered).toBe(4);
    expect(cluster).toExplainEveryDeath();
  });
});

describe('the corrected twins pass it', () => {
  test.each<[TopologyName, ClientFaults]>([
    ['corrected/socket-error-handler', reset],
    ['corrected/validates-body', oversized],
  ])('%s, with the same client fault', async (topology, clientFaults) => {
    await using cluster = await startCluster({ topology, workers: 2 });
    await cluster.burst({ count: 3, concurrency: 1, payload: '{"a":1}', clientFaults });
    const after = await cluster.burst({ count: 4 });
    expect(after.outcomes.answered).toBe(4);
    await cluster.stop();
    expect(cluster).toExplainEveryDeath();
  });
});

test("the tutorial's restart worker exits at random: an exit nobody caused", async () => {
  await using cluster = await startCluster({ topology: 'tutorial/restart', workers: 10 });
  // Each connection makes its worker exit with probability 0.4: 20 of them leave no exit once in 27 000 runs.
  await cluster.burst({ count: 20, concurrency: 1, timeoutMs: 1000 });
  await cluster.waitUntil(() => workerExit(cluster.history.events), "a worker's exit", 5000);
  const verdict = everyWorkerDeathExplained(cluster.history.events);
  expect(verdict.status).toBe('fail');
  expect(verdict.causes?.map((cause) => cause.key)).toContain('every-worker-death-explained/exited');
});

test('injected deaths are explained: kills, a SIGTERM drain, workers crashed at boot, and the stop', async () => {
  await using cluster = await startCluster({ topology: 'corrected/restart', workers: 2 });
  await cluster.crash({ kind: 'SIGKILL', target: 'oldest' });
  await cluster.waitForWorkers(2);
  cluster.crashWorkersAtBoot(1000);
  await cluster.crash({ kind: 'exit', target: 'newest' });
  await cluster.waitForWorkers(2, { timeoutMs: 15_000 });
  await cluster.crash({ kind: 'SIGTERM', target: 'oldest' });
  await cluster.waitForWorkers(2);
  await cluster.burst({ count: 6 });
  await cluster.stop();
  const bootCrash = cluster.history.ofType('fault-requested').find((request) => request.pid === null)!;
  const bootCrashed = cluster.history.ofType('fault-landed').filter((landed) => landed.fault === bootCrash.fault);
  expect(bootCrashed.length).toBeGreaterThan(0);
  const verdict = everyWorkerDeathExplained(cluster.history.events);
  expect(verdict.status, verdict.message).toBe('pass');
  expect(verdict.message).toMatch(/by an injected fault/);
});
