// The probe sees who hands each connection to whom: an app's hand-off and node:cluster's round robin are recorded as
// `connection-dispatched` between the sender's accept and the addressee's own report; node:cluster workers say so.

import { once } from 'node:events';
import { connect as netConnect } from 'node:net';
import { describe, expect, test } from 'vitest';
import type { EventOf, HistoryEvent } from '../../src/history/events.js';
import { startCluster, type StartedCluster } from '../../src/index.js';

/** What each process did with the connection from `clientPort`, in time order. */
function pathOf(cluster: StartedCluster, clientPort: number): string[] {
  return cluster.history.events.flatMap((event: HistoryEvent) => {
    if (event.type === 'connection-handled' && event.clientPort === clientPort) return [`${event.via} ${event.pid}`];
    if (event.type === 'connection-dispatched' && event.clientPort === clientPort)
      return [`dispatch ${event.pid}->${event.to} by ${event.by}`];
    return [];
  });
}

async function burstAndFlush(cluster: StartedCluster, count: number): Promise<number[]> {
  const result = await cluster.burst({ count, concurrency: 2 });
  expect(result.outcomes.answered).toBe(count);
  await cluster.flush();
  return cluster.history.ofType('connection-connected').map((event) => event.clientPort);
}

function starts(cluster: StartedCluster): EventOf<'process-start'>[] {
  return cluster.history.ofType('process-start');
}

describe('corrected/round-robin (the app hands each socket to a worker over IPC)', () => {
  test('each connection: the master accepts it, dispatches it by app to a worker, and that worker reports the hand-off', async () => {
    await using cluster = await startCluster({ topology: 'corrected/round-robin', workers: 2 });
    const master = cluster.masterPid;
    const ports = await burstAndFlush(cluster, 8);
    const addressees = new Set<number>();
    for (const port of ports) {
      const dispatched = cluster.history.ofType('connection-dispatched').filter((event) => event.clientPort === port);
      expect(dispatched).toHaveLength(1);
      const worker = dispatched[0]!.to;
      addressees.add(worker);
      expect(pathOf(cluster, port)).toEqual([
        `accept ${master}`,
        `dispatch ${master}->${worker} by app`,
        `handoff ${worker}`,
      ]);
    }
    expect([...addressees].sort()).toEqual([...cluster.workers].sort());
    // A child_process.fork worker is no node:cluster worker.
    expect(starts(cluster).filter((event) => event.nodeClusterWorker !== undefined)).toEqual([]);
  });

  test('a worker killed as the hand-off reaches it never took it: the master dispatches it again, to the other worker, which answers', async () => {
    await using cluster = await startCluster({ topology: 'corrected/round-robin', workers: 2 });
    const master = cluster.masterPid;
    const [victim, survivor] = cluster.workers as [number, number];
    const injected = cluster.inject({ kind: 'SIGKILL', target: { pid: victim }, inFlight: true });
    // The master alternates between its workers: within two connections one goes to the victim.
    const result = await cluster.burst({ count: 2, concurrency: 1 });
    const landed = await injected.landed;
    await cluster.flush();
    expect(result.outcomes.answered).toBe(2);
    expect(pathOf(cluster, landed.clientPort!)).toEqual([
      `accept ${master}`,
      `dispatch ${master}->${victim} by app`,
      `handoff ${victim}`,
      `dispatch ${master}->${survivor} by app`,
      `handoff ${survivor}`,
    ]);
  });
});

describe('node-cluster/round-robin (SCHED_RR: the primary accepts and hands each connection to a worker)', () => {
  test('each connection: the primary accepts it, node:cluster dispatches it to a worker, and that worker accepts it', async () => {
    await using cluster = await startCluster({ topology: 'node-cluster/round-robin', workers: 2 });
    const primary = cluster.masterPid;
    const ports = await burstAndFlush(cluster, 8);
    const addressees = new Set<number>();
    for (const port of ports) {
      const dispatched = cluster.history.ofType('connection-dispatched').filter((event) => event.clientPort === port);
      expect(dispatched).toHaveLength(1);
      const worker = dispatched[0]!.to;
      addressees.add(worker);
      expect(pathOf(cluster, port)).toEqual([
        `accept ${primary}`,
        `dispatch ${primary}->${worker} by node:cluster`,
        `accept ${worker}`,
      ]);
    }
    expect([...addressees].sort()).toEqual([...cluster.workers].sort());
  });

  test('the workers are node:cluster workers, the primary is not', async () => {
    await using cluster = await startCluster({ topology: 'node-cluster/round-robin', workers: 2 });
    const flagged = starts(cluster)
      .filter((event) => event.nodeClusterWorker === true)
      .map((event) => event.pid);
    expect(flagged.sort()).toEqual([...cluster.workers].sort());
    expect(starts(cluster).find((event) => event.pid === cluster.masterPid)).not.toHaveProperty('nodeClusterWorker');
  });

  test('an in-flight fault armed on the primary fires at its accept, before it dispatches the connection', async () => {
    await using cluster = await startCluster({ topology: 'node-cluster/round-robin', workers: 1 });
    const primary = cluster.masterPid;
    const injected = cluster.inject({ kind: 'SIGKILL', target: 'master', inFlight: true });
    const socket = netConnect(cluster.port, '127.0.0.1');
    socket.on('error', () => {});
    await once(socket, 'connect');
    const clientPort = socket.localPort!;
    const landed = await injected.landed;
    socket.destroy();
    await cluster.waitForExit(primary);
    expect(landed).toMatchObject({ pid: primary, role: 'master', clientPort });
    expect(pathOf(cluster, clientPort)).toEqual([`accept ${primary}`]);
  });
});

describe('node-cluster/sched-none (SCHED_NONE: the workers accept from the shared socket)', () => {
  test('no dispatch: each connection is accepted by a worker, never by the primary', async () => {
    await using cluster = await startCluster({ topology: 'node-cluster/sched-none', workers: 2 });
    const ports = await burstAndFlush(cluster, 8);
    expect(cluster.history.ofType('connection-dispatched')).toEqual([]);
    for (const port of ports) {
      const path = pathOf(cluster, port);
      expect(path).toHaveLength(1);
      expect(cluster.workers.map((pid) => `accept ${pid}`)).toContain(path[0]);
    }
    const flagged = starts(cluster)
      .filter((event) => event.nodeClusterWorker === true)
      .map((event) => event.pid);
    expect(flagged.sort()).toEqual([...cluster.workers].sort());
  });
});
