// The tutorial's programs as written break the invariants, each for its own reason, found from the history alone.

import { expect, test } from 'vitest';
import { connectionRecords, everyConnectionAnswered, masterSurvived, startCluster } from '../../src/index.js';

test('the `% 10` master dies at the third connection with two workers, and then nothing answers', async () => {
  await using cluster = await startCluster({ topology: 'tutorial/round-robin', workers: 2 });
  const master = cluster.masterPid;
  await cluster.burst({ count: 6, concurrency: 1 });
  await cluster.flush();
  const events = cluster.history.events;

  const survived = masterSurvived(events);
  expect(survived.status).toBe('fail');
  expect(survived.evidence).toContainEqual(expect.objectContaining({ type: 'process-exit', pid: master, code: 1 }));
  expect(cluster.output.text()).toContain("TypeError: Cannot read properties of undefined (reading 'send')");

  const records = connectionRecords(events);
  expect(records.slice(0, 3).map((record) => record.outcome)).toEqual(['answered', 'answered', 'closed-empty']);
  // After the master's death: refused, or reset if it reached the listening socket's queue as the master died.
  for (const record of records.slice(3)) expect(['refused', 'reset']).toContain(record.outcome);
  // The third connection was accepted by the master itself, which then died holding it.
  expect(records[2]!.attributedPid).toBe(master);
  const answered = everyConnectionAnswered(events);
  expect(answered.status).toBe('fail');
  expect(answered.message).toMatch(/^4 connections lost with nothing to excuse them/);
});

test('the shared-handle master accepts connections itself and never answers them, with no fault at all', async () => {
  await using cluster = await startCluster({ topology: 'tutorial/shared-handle', workers: 2, stopGraceMs: 500 });
  const master = cluster.masterPid;
  await cluster.burst({ count: 30, concurrency: 6, timeoutMs: 1000 });
  const events = cluster.history.events;
  expect(cluster.history.ofType('fault-requested')).toEqual([]);

  const records = connectionRecords(events);
  const lost = records.filter((record) => record.outcome !== 'answered');
  expect(lost.length).toBeGreaterThan(0);
  // Every lost connection was taken by the master (the process with no connection handler), and it timed out.
  for (const record of lost) {
    expect(record.attributedPid).toBe(master);
    expect(record.outcome).toBe('timeout');
  }
  // Every answered one was taken by a worker.
  for (const record of records.filter((record) => record.outcome === 'answered')) {
    expect(cluster.workers).toContain(record.attributedPid);
  }
  const verdict = everyConnectionAnswered(events);
  expect(verdict.status).toBe('fail');
  expect(verdict.message).toContain(`pid ${master}`);
});

test('an in-flight crash on the restart master loses exactly the in-flight connection: lenient passes, strict fails', async () => {
  // Ten workers: with fewer, its `% 10` dispatch would kill the master first and hide this bug behind that one.
  await using cluster = await startCluster({ topology: 'tutorial/restart', workers: 10, readyTimeoutMs: 20_000 });
  const injected = cluster.inject({ kind: 'SIGKILL', target: 'oldest', inFlight: true });
  // Connections one at a time until the armed worker receives one: at most ten (the master's rotation).
  for (let sent = 0; sent < 10 && !cluster.history.ofType('fault-landed').length; sent++) {
    await cluster.burst({ count: 1, concurrency: 1, timeoutMs: 2000 });
  }
  const landed = await injected.landed;
  await cluster.waitForWorkers(10, { exclude: [injected.pid] });
  await cluster.burst({ count: 3, concurrency: 1 });
  await cluster.flush();
  const events = cluster.history.events;

  const lost = connectionRecords(events).filter((record) => record.outcome !== 'answered');
  expect(lost).toHaveLength(1);
  expect(lost[0]!.clientPort).toBe(landed.clientPort);
  expect(lost[0]!.attributedPid).toBe(injected.pid);

  expect(everyConnectionAnswered(events).status).toBe('pass');
  const strict = everyConnectionAnswered(events, { strict: true });
  expect(strict.status).toBe('fail');
  expect(strict.message).toMatch(/^1 connection lost/);
});

test('attribution: every answered connection is attributed to the pid that wrote the reply', async () => {
  for (const topology of [
    'tutorial/round-robin',
    'corrected/round-robin',
    'node-cluster/round-robin',
    'http',
  ] as const) {
    await using cluster = await startCluster({
      topology,
      workers: topology === 'tutorial/round-robin' ? 10 : 4,
      readyTimeoutMs: 20_000,
    });
    await cluster.burst({
      count: topology === 'tutorial/round-robin' ? 9 : 40,
      concurrency: topology === 'tutorial/round-robin' ? 1 : 8,
    });
    await cluster.flush();
    const records = connectionRecords(cluster.history.events);
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      expect(record.outcome, topology).toBe('answered');
      const pid = Number(/(?:handle by worker: |"pid":\s*)(\d+)/.exec(record.reply ?? '')?.[1]);
      expect(record.attributedPid, `${topology} connection #${record.connection}: ${record.reply}`).toBe(pid);
    }
  }
});
