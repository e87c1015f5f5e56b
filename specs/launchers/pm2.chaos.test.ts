// PM2 cluster mode as a real target: `npx pm2-runtime start fixtures/pm2/app.js -i 2`, started in command mode; each
// cluster gets a fresh PM2_HOME of its own from startCluster (`cluster.freshDirectories.PM2_HOME`), as every user's
// launch does. pm2-runtime runs PM2's God in the foreground (no daemon): it is the node:cluster primary, and its
// workers are PM2's ProcessContainer running the app. What each test shows is in its name.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  checkInvariants,
  ClusterStartError,
  runSchedule,
  startCluster,
  type StartedCluster,
} from '../../src/vitest/index.js';
import { everyConnectionAnswered } from '../../src/invariants/every-connection-answered.js';
import { formatEvents } from '../../src/history/format.js';
import { readEnvironmentVariable } from '../../src/cluster/proc.js';
import { killWithPendingHandoff } from './kill-with-pending-handoff.js';
import { probedProcessesOfThisTest, processesOfPm2Home } from './leftovers.js';

const pm2Runtime = ['npx', 'pm2-runtime', 'start', 'fixtures/pm2/app.js', '-i', '2'];
const pm2Cli = fileURLToPath(new URL('../../node_modules/pm2/bin/pm2', import.meta.url));

/** `pm2 <args>` as a user runs it next to the running pm2-runtime: its own process, the same PM2_HOME, bounded. */
function runPm2(home: string, ...args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [pm2Cli, ...args],
      { env: { ...process.env, PM2_HOME: home }, timeout: 30_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) =>
        error ? reject(new Error(`pm2 ${args.join(' ')}: ${error.message}\n${stdout}${stderr}`)) : resolve(),
    );
  });
}

/** npx and PM2 take seconds to boot on a loaded 2-core machine: the ready wait is longer than the default. */
async function startPm2(
  protocol: 'tcp' | 'http' = 'tcp',
  env: Record<string, string> = {},
): Promise<StartedCluster & { pm2Home: string }> {
  const cluster = await startCluster({
    command: pm2Runtime,
    workers: 2,
    protocol,
    env: { PROTOCOL: protocol, ...env },
    readyTimeoutMs: 20_000,
    seed: 7,
  });
  const pm2Home = cluster.freshDirectories.PM2_HOME;
  expect(pm2Home).toBeDefined();
  return Object.assign(cluster, { pm2Home: pm2Home! });
}

/**
 * After stop(): nothing of PM2 runs with the cluster's home (no God, no worker, no daemon), the home is removed, and no
 * process carries our probe.
 */
function expectNothingLeft(cluster: StartedCluster & { pm2Home: string }): void {
  expect(cluster).toLeaveNoOrphans();
  expect(processesOfPm2Home(cluster.pm2Home)).toEqual([]);
  expect(existsSync(cluster.pm2Home)).toBe(false);
  expect(probedProcessesOfThisTest()).toEqual([]);
}

function verdictLines(verdicts: { status: string; invariant: string; message: string }[]): string {
  return verdicts.map((verdict) => `${verdict.status} ${verdict.invariant}: ${verdict.message}`).join('\n');
}

describe('PM2 cluster mode through pm2-runtime', () => {
  test("pm2-runtime is the master, PM2's workers carry the probe, both answer; stop() leaves nothing and the home is removed", async () => {
    {
      const cluster = await startPm2();
      try {
        const master = cluster.processes.find((process) => process.pid === cluster.masterPid)!;
        expect(master.command).toContain('pm2-runtime');
        const workers = cluster.processes.filter((process) => process.role === 'worker');
        expect(workers.map((worker) => worker.pid).sort()).toEqual(cluster.workers.sort());
        for (const worker of workers) {
          expect(worker.ppid).toBe(cluster.masterPid);
          // PM2 runs the app inside its ProcessContainer; the probe came with NODE_OPTIONS all the same.
          expect(worker.command).toContain('ProcessContainer');
          expect(worker.seenThrough).toBe('probe');
        }
        // npx (a node process) above pm2-runtime is a launcher, though a `sh -c` without a probe sits between them.
        expect(cluster.processes.filter((process) => process.role === 'launcher').length).toBeGreaterThanOrEqual(1);

        const result = await cluster.burst({ count: 20, concurrency: 4 });
        expect(result.outcomes.answered).toBe(20);
        await cluster.flush();
        // PM2 leaves Node's round robin on: pm2-runtime accepts each connection and node:cluster hands it to a worker.
        for (const { clientPort } of cluster.history.ofType('connection-connected')) {
          const dispatched = cluster.history
            .ofType('connection-dispatched')
            .filter((event) => event.clientPort === clientPort);
          expect(dispatched.map((event) => [event.pid, event.by])).toEqual([[cluster.masterPid, 'node:cluster']]);
          const handled = cluster.history
            .ofType('connection-handled')
            .filter((event) => event.clientPort === clientPort);
          expect(handled.map((event) => [event.via, event.pid])).toEqual([
            ['accept', cluster.masterPid],
            ['accept', dispatched[0]!.to],
          ]);
        }
        const handledBy = new Set(cluster.history.ofType('connection-dispatched').map((event) => event.to));
        expect([...handledBy].sort()).toEqual(cluster.workers.sort());
        const nodeClusterWorkers = cluster.history
          .ofType('process-start')
          .filter((event) => event.nodeClusterWorker)
          .map((event) => event.pid);
        expect(nodeClusterWorkers.sort()).toEqual(cluster.workers.sort());
      } finally {
        await cluster.stop();
      }
      expectNothingLeft(cluster);
      // pm2-runtime stopped its apps itself (SIGINT, then exit), within the grace period.
      expect(cluster.history.ofType('orphan')).toEqual([]);
    }
  });

  // With SCHED_NONE: under node:cluster's default SCHED_RR, a connection the primary hands to a worker killed a few ms
  // before is lost (README, "What it found"), so whether this burst loses one would be a matter of timing.
  test.each(['SIGKILL', 'exit'] as const)(
    'a worker killed by %s during a burst is replaced by PM2 (SCHED_NONE): every invariant holds, twice',
    async (kind) => {
      const cluster = await startPm2('tcp', { NODE_CLUSTER_SCHED_POLICY: 'none' });
      try {
        for (let repetition = 1; repetition <= 2; repetition++) {
          const run = await runSchedule(
            cluster,
            [{ type: 'burst', count: 12, concurrency: 4, crash: { fault: { kind, target: 'random' }, after: 4 } }],
            { connectionTimeoutMs: 1500 },
          );
          const { status, verdicts } = checkInvariants(run.events, { noOrphans: false });
          expect(
            status,
            `repetition ${repetition}:\n${verdictLines(verdicts)}\n${formatEvents(run.events, '  ')}`,
          ).toBe('pass');
        }
      } finally {
        await cluster.stop();
      }
      expect(cluster.history.ofType('fault-landed')).toHaveLength(2);
      expect(cluster).toKeepMasterAlive();
      expectNothingLeft(cluster);
    },
  );

  test("a worker killed while the master hands it a connection is replaced (PM2 forks on 'exit'; throng does not recover from this); the connection in transit to it is lost", async () => {
    const cluster = await startPm2();
    const victim = cluster.workers[0]!;
    let lost: { connection: number };
    try {
      // As in throng.chaos.test.ts, but PM2 restarts on 'exit'.
      lost = await killWithPendingHandoff(cluster, victim);
    } finally {
      await cluster.stop();
    }
    const { verdicts } = checkInvariants(cluster.history.events);
    const byInvariant = Object.fromEntries(verdicts.map((verdict) => [verdict.invariant, verdict]));
    const lines = `${verdictLines(verdicts)}\n${formatEvents(cluster.history.events, '  ')}`;
    // Node's round robin handed it to the victim, which never took it: a loss of the platform's, never excused by the
    // victim's death (the sender still owned it). The rest holds: PM2 replaced the worker, the master lived.
    expect(byInvariant['every-connection-answered']!.status, lines).toBe('fail');
    expect(byInvariant['every-connection-answered']!.evidence, lines).toContainEqual(
      expect.objectContaining({ type: 'connection-close', connection: lost.connection }),
    );
    for (const invariant of ['worker-count-restored', 'master-survived', 'no-orphans'])
      expect(byInvariant[invariant]!.status, lines).toBe('pass');
    expect(
      cluster.history
        .ofType('worker-ready')
        .some((event) => !cluster.history.ofType('cluster-ready')[0]!.workers.includes(event.pid)),
    ).toBe(true);
    expectNothingLeft(cluster);
  });

  test('PM2 keeps a worker alive after an unhandled rejection: worker-count-restored fails on the surviving pid', async () => {
    const cluster = await startPm2();
    let run: Awaited<ReturnType<typeof runSchedule>>;
    try {
      // The run settles until the restore deadline (the hit worker never exits), then drives its final burst.
      run = await runSchedule(cluster, [{ type: 'crash', fault: { kind: 'unhandled-rejection', target: 'oldest' } }], {
        restoreWithinMs: 5000,
      });
    } finally {
      await cluster.stop();
    }
    const target = run.events.find((event) => event.type === 'fault-landed')!.pid;
    // Node's default would end the process; PM2's ProcessContainer handles 'unhandledRejection' and only logs it.
    expect(cluster.output.text()).toContain('You have triggered an unhandledRejection');
    expect(run.events.some((event) => event.type === 'connection-close' && event.outcome === 'answered')).toBe(true);
    const { verdicts } = checkInvariants(run.events, { noOrphans: false });
    const restored = verdicts.find((verdict) => verdict.invariant === 'worker-count-restored')!;
    expect(restored.status, verdictLines(verdicts)).toBe('fail');
    expect(restored.message).toContain(`pid ${target} never exited`);
    expect(
      verdicts
        .filter((verdict) => verdict.invariant !== 'worker-count-restored')
        .map((verdict) => [verdict.invariant, verdict.status]),
    ).toEqual([
      ['every-connection-answered', 'pass'],
      ['master-survived', 'pass'],
      ['every-reload-completes', 'pass'],
      // The worker PM2 kept alive never died: no death to explain.
      ['every-worker-death-explained', 'pass'],
    ]);
    expectNothingLeft(cluster);
  });

  test('pm2 reload under load replaces every worker; every-connection-answered judges the reload window, excusing nothing', async () => {
    const cluster = await startPm2();
    const before = cluster.workers;
    const how = 'pm2 reload app';
    try {
      cluster.history.record({ type: 'reload', t: cluster.clock.now(), phase: 'start', how });
      let reloaded = false;
      // Through the cluster's own PM2_HOME, where its pm2-runtime listens.
      const reload = runPm2(cluster.pm2Home, 'reload', 'app').finally(() => (reloaded = true));
      // Load for as long as the reload runs (scripts/pm2-reload.mjs does this 20 times and counts the outcomes).
      const load = (async () => {
        while (!reloaded) await cluster.burst({ count: 20, concurrency: 4, timeoutMs: 3000 });
      })();
      await reload;
      // The reload is over once every worker of before has exited and as many new ones are ready.
      await cluster.waitUntil(
        () =>
          before.every((pid) => cluster.processes.some((process) => process.pid === pid && !process.alive)) &&
          cluster.workers.filter((pid) => !before.includes(pid)).length >= 2
            ? true
            : undefined,
        `workers ${before.join(', ')} to exit and 2 new workers to be ready after ${how}`,
        20_000,
      );
      cluster.history.record({ type: 'reload', t: cluster.clock.now(), phase: 'end', how });
      await load;
      await cluster.flush();
    } finally {
      await cluster.stop();
    }
    const closes = cluster.history.ofType('connection-close');
    const lost = closes.filter((close) => close.outcome !== 'answered');
    expect(closes.length).toBeGreaterThan(0);
    // No fault was injected: any loss is a loss across the reload, and the verdict names each one (PM2 with Node's
    // round robin loses about one connection per reload as a timeout: see docs/launchers.md).
    const verdict = everyConnectionAnswered(cluster.history.events);
    expect(verdict.status, verdict.message).toBe(lost.length === 0 ? 'pass' : 'fail');
    if (lost.length > 0) {
      expect(verdict.message).toMatch(new RegExp(`^${lost.length} connections? lost with nothing to excuse`));
      expect(verdict.message).toContain(`during the reload "${how}"`);
      const evidenced = verdict.evidence.flatMap((event) =>
        event.type === 'connection-close' ? [event.connection] : [],
      );
      expect(evidenced).toContain(lost[0]!.connection);
    }
    expect(cluster.history.ofType('reload').map((event) => event.phase)).toEqual(['start', 'end']);
    expectNothingLeft(cluster);
  });

  test("the daemon form (`pm2 start`, whose CLI exits once PM2's God daemon runs): stop() leaves no daemon and no worker", async () => {
    // The God daemon leaves the spawned process group (its own session); it and its workers carry the probe's
    // environment, which is how stop() and the watchdog find them. Whether the CLI exits before or after the workers
    // are ready is PM2's timing: either way (started, or a start error after which startCluster stopped everything),
    // nothing may be left. The daemon form runs PM2 too: its home is a fresh one, removed at stop.
    const started = await startCluster({
      command: ['npx', 'pm2', 'start', 'fixtures/pm2/app.js', '-i', '2'],
      workers: 2,
      readyTimeoutMs: 20_000,
    }).then(
      (cluster) => cluster,
      (error: unknown) => error as Error,
    );
    if (started instanceof Error) expect(started).toBeInstanceOf(ClusterStartError);
    else {
      const home = started.freshDirectories.PM2_HOME!;
      expect(started.processes.find((process) => process.pid === started.masterPid)!.command).toContain('Daemon');
      expect(readEnvironmentVariable(started.masterPid, 'PM2_HOME')).toBe(home);
      expect((await started.burst({ count: 8, concurrency: 2 })).outcomes.answered).toBe(8);
      await started.stop();
      expect(started).toLeaveNoOrphans();
      expect(processesOfPm2Home(home)).toEqual([]);
      expect(existsSync(home)).toBe(false);
    }
    expect(probedProcessesOfThisTest()).toEqual([]);
  });
});
