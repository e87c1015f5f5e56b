// Client faults against real clusters: a reset kills a worker with no socket 'error' listener and not its twin; a
// malformed body kills a worker that trusts it and not its twin; a silent client holds a socket with no idle timeout.

import { describe, expect, test } from 'vitest';
import { startCluster } from '../../src/cluster/start-cluster.js';
import type { TopologyName } from '../../src/cluster/topologies.js';
import type { HistoryEvent, ProcessExitEvent } from '../../src/history/events.js';
import type { ClientFaults } from '../../src/load/client-faults.js';

/** The first worker exit in the cluster's history, if any. */
function workerExit(events: readonly HistoryEvent[]): ProcessExitEvent | undefined {
  return events.find((event): event is ProcessExitEvent => event.type === 'process-exit' && event.role === 'worker');
}

const oneReset: ClientFaults = { count: 1, kinds: [{ kind: 'reset' }] };

describe('a client that resets its connection', () => {
  test('kills a worker of buggy/no-socket-error-handler: a worker exits, by an uncaught error', async () => {
    await using cluster = await startCluster({ topology: 'buggy/no-socket-error-handler', workers: 2 });

    const result = await cluster.burst({ count: 1, clientFaults: oneReset });

    expect(result.clientFaults).toBe(1);
    const exit = await cluster.waitUntil(() => workerExit(cluster.history.events), "a worker's exit", 5000);
    expect(exit.code).toBe(1);
    expect(cluster.output.text()).toContain('ECONNRESET');
  });

  test('does not kill a worker of corrected/socket-error-handler: handled, every worker lives', async () => {
    await using cluster = await startCluster({ topology: 'corrected/socket-error-handler', workers: 2 });
    const workers = cluster.workers;

    await cluster.burst({ count: 1, clientFaults: oneReset });

    // The worker logs the reset from its socket's 'error' listener: then it has seen the reset, and lived.
    const logged = () => (/client socket: (ECONNRESET|EPIPE)/.test(cluster.output.text()) ? true : undefined);
    await cluster.waitUntil(logged, 'the reset logged by a worker', 5000);
    const after = await cluster.burst({ count: 4 });
    expect(after.outcomes.answered).toBe(4);
    expect(workerExit(cluster.history.events)).toBeUndefined();
    expect(workers.every((pid) => cluster.isAlive(pid))).toBe(true);
  });
});

describe('a client that sends an oversized, malformed body', () => {
  const oversized: ClientFaults = { count: 1, kinds: [{ kind: 'oversized', bytes: 10_000 }] };

  test('kills a worker of buggy/throws-on-malformed-body; the well-formed requests are answered', async () => {
    await using cluster = await startCluster({ topology: 'buggy/throws-on-malformed-body', workers: 2 });

    await cluster.burst({ count: 3, concurrency: 1, payload: '{"a":1}', clientFaults: oversized });

    const exit = await cluster.waitUntil(() => workerExit(cluster.history.events), "a worker's exit", 5000);
    expect(exit.code).toBe(1);
    expect(cluster.output.text()).toContain('SyntaxError');
    const plain = cluster.history.ofType('connection-close').filter((close) => close.clientFault === undefined);
    expect(plain.map((close) => close.httpStatus)).toEqual([200, 200]);
  });

  test('is answered 400 by corrected/validates-body, and no worker exits', async () => {
    await using cluster = await startCluster({ topology: 'corrected/validates-body', workers: 2 });

    await cluster.burst({ count: 3, concurrency: 1, payload: '{"a":1}', clientFaults: oversized });

    const closes = cluster.history.ofType('connection-close');
    expect(closes.map((close) => [close.clientFault ?? 'plain', close.httpStatus])).toEqual([
      ['oversized', 400],
      ['plain', 200],
      ['plain', 200],
    ]);
    expect(workerExit(cluster.history.events)).toBeUndefined();
  });
});

describe('a client that connects and says nothing', () => {
  const silence: ClientFaults = { count: 1, kinds: [{ kind: 'connect-then-silence' }] };

  test.each<[TopologyName, string]>([
    ['buggy/no-idle-timeout', 'timeout'],
    ['corrected/idle-timeout', 'closed-empty'],
  ])('%s: the connection ends %s within the client timeout of 3000 ms', async (topology, outcome) => {
    await using cluster = await startCluster({ topology, workers: 1 });

    await cluster.burst({ count: 1, timeoutMs: 3000, clientFaults: silence });

    const [close] = cluster.history.ofType('connection-close');
    expect(close).toMatchObject({ outcome, clientFault: 'connect-then-silence' });
  });
});
