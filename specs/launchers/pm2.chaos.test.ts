// PM2 cluster mode as a real target: `npx pm2-runtime start fixtures/pm2/app.js -i 2`, started in command mode, with
// a PM2_HOME of the test's own. pm2-runtime runs PM2's God in the foreground (no daemon): it is the node:cluster
// primary, and its workers are PM2's ProcessContainer running the app. What each test shows is in its name.

import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { checkInvariants, formatEvents, runSchedule, startCluster, type StartedCluster } from '../../src/vitest/index.js';
import { probedProcessesOfThisTest, processesOfPm2Home, temporaryPm2Home } from './leftovers.js';

const pm2Runtime = ['npx', 'pm2-runtime', 'start', 'fixtures/pm2/app.js', '-i', '2'];

/** npx and PM2 take seconds to boot on a loaded 2-core machine: the ready wait is longer than the default. */
function startPm2(home: string, protocol: 'tcp' | 'http' = 'tcp'): Promise<StartedCluster> {
  return startCluster({ command: pm2Runtime, workers: 2, protocol, env: { PM2_HOME: home, PROTOCOL: protocol }, readyTimeout: 20_000, seed: 7 });
}

/** After stop(): nothing of PM2 runs with this home (no God, no worker, no daemon), and no process carries our probe. */
function expectNothingLeft(cluster: StartedCluster, home: string): void {
  expect(cluster).toLeaveNoOrphans();
  expect(processesOfPm2Home(home)).toEqual([]);
  expect(probedProcessesOfThisTest()).toEqual([]);
}

function verdictLines(verdicts: { status: string; invariant: string; message: string }[]): string {
  return verdicts.map((verdict) => `${verdict.status} ${verdict.invariant}: ${verdict.message}`).join('\n');
}

describe('PM2 cluster mode through pm2-runtime', () => {
  test("pm2-runtime is the master, PM2's workers carry the probe, both answer; stop() leaves nothing and the home is removed", async () => {
    const home = temporaryPm2Home();
    try {
      const cluster = await startPm2(home.path);
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
        const handledBy = new Set(cluster.history.ofType('connection-handled').map((event) => event.pid));
        expect([...handledBy].sort()).toEqual(cluster.workers.sort());
      } finally {
        await cluster.stop();
      }
      expectNothingLeft(cluster, home.path);
      // pm2-runtime stopped its apps itself (SIGINT, then exit), within the grace period.
      expect(cluster.history.ofType('orphan')).toEqual([]);
    } finally {
      home[Symbol.dispose]();
    }
    expect(existsSync(home.path)).toBe(false);
  });

  test.each(['SIGKILL', 'exit'] as const)('a worker killed by %s during a burst is replaced by PM2: every invariant holds, twice', async (kind) => {
    using home = temporaryPm2Home();
    const cluster = await startPm2(home.path);
    try {
      for (let repetition = 1; repetition <= 2; repetition++) {
        const run = await runSchedule(
          cluster,
          [{ type: 'burst', count: 12, concurrency: 4, crash: { fault: { kind, target: 'random' }, after: 4 } }],
          { connectionTimeoutMs: 1500 },
        );
        const { status, verdicts } = checkInvariants(run.events, { noOrphans: false });
        expect(status, `repetition ${repetition}:\n${verdictLines(verdicts)}\n${formatEvents(run.events, '  ')}`).toBe('pass');
      }
    } finally {
      await cluster.stop();
    }
    expect(cluster.history.ofType('fault-landed')).toHaveLength(2);
    expect(cluster).toKeepMasterAlive();
    expectNothingLeft(cluster, home.path);
  });

  test('PM2 keeps a worker alive after an unhandled rejection: worker-count-restored fails on the surviving pid', async () => {
    using home = temporaryPm2Home();
    const cluster = await startPm2(home.path);
    let run: Awaited<ReturnType<typeof runSchedule>>;
    try {
      // The run settles until the restore deadline (the hit worker never exits), then drives its final burst.
      run = await runSchedule(cluster, [{ type: 'crash', fault: { kind: 'unhandled-rejection', target: 'oldest' } }], { restoreWithinMs: 5000 });
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
    expect(verdicts.filter((verdict) => verdict.invariant !== 'worker-count-restored').map((verdict) => verdict.status)).toEqual(['pass', 'pass']);
    expectNothingLeft(cluster, home.path);
  });
});
