// Zero-downtime reloads on real clusters: a rolling reload during bursts loses nothing; a naive one is caught.

import { describe, expect, test } from 'vitest';
import { isRunning } from '../../src/cluster/proc.js';
import {
  checkInvariants,
  ReloadError,
  runSchedule,
  startCluster,
  WaitTimeoutError,
  type HistoryEvent,
  type ReloadHow,
} from '../../src/vitest/index.js';
import { formatEvents } from '../../src/history/format.js';

/** Reloads per spec below: 2 in `npm test`, 20 in `npm run soak` (CHAOS_REPETITIONS=20). */
const repetitions = Number(process.env.CHAOS_REPETITIONS ?? 2);

const sighup: ReloadHow = { signal: 'SIGHUP' };

function verdictLines(events: readonly HistoryEvent[], strict: boolean): { status: string; text: string } {
  const { status, verdicts } = checkInvariants(events, { noOrphans: false, everyConnectionAnswered: { strict } });
  return {
    status,
    text: verdicts.map((verdict) => `${verdict.status} ${verdict.invariant}: ${verdict.message}`).join('\n'),
  };
}

describe('reload/rolling', () => {
  test('the README example: a reload under load answers every connection', async () => {
    await using cluster = await startCluster({ topology: 'reload/rolling', workers: 2 });
    const load = cluster.burst({ count: 200, concurrency: 8 });
    await cluster.reload({ signal: 'SIGHUP' }); // or { command: ['pm2', 'reload', 'app'] }
    await load;
    expect(cluster).toAnswerEveryConnection({ strict: true });
  });

  test(`a rolling reload during a burst loses no connection, even in strict mode, ${repetitions} times on one cluster`, async () => {
    const cluster = await startCluster({ topology: 'reload/rolling', workers: 2 });
    try {
      for (let repetition = 0; repetition < repetitions; repetition++) {
        const before = cluster.workers;
        const run = await runSchedule(cluster, [{ type: 'burst', count: 24, concurrency: 4, reload: { after: 4 } }], {
          reload: sighup,
        });
        const { status, text } = verdictLines(run.events, true);
        expect(status, `repetition ${repetition + 1}:\n${text}\n${formatEvents(run.events, '  ')}`).toBe('pass');
        const reloads = run.events.filter((event) => event.type === 'reload');
        expect(reloads.map((event) => event.type === 'reload' && event.phase)).toEqual(['start', 'end']);
        // Every worker of before the reload is gone, and as many new ones answer.
        expect(cluster.workers.filter((pid) => before.includes(pid))).toEqual([]);
        expect(cluster.workers).toHaveLength(2);
        const during = run.events.filter(
          (event) => event.type === 'connection-close' && event.t > reloads[0]!.t && event.t < reloads[1]!.t,
        );
        expect(during.length).toBeGreaterThan(0);
      }
    } finally {
      await cluster.stop();
    }
    expect(cluster).toLeaveNoOrphans();
    expect(cluster).toKeepMasterAlive();
    expect(cluster.history.ofType('reload')).toHaveLength(2 * repetitions);
  });

  test("cluster.reload() by a command: it runs in the cluster's environment, its output is kept, and it resolves when the workers are replaced", async () => {
    await using cluster = await startCluster({ topology: 'reload/rolling', workers: 2 });
    const before = cluster.workers;
    const result = await cluster.reload({
      command: ['sh', '-c', 'echo "reloading $WORKERS workers on $PORT"; kill -USR2 "$CLUSTER_CHAOS_MASTER_PID"'],
    });
    expect(result.how).toBe(`sh -c echo "reloading $WORKERS workers on $PORT"; kill -USR2 "$CLUSTER_CHAOS_MASTER_PID"`);
    expect(result.replaced.sort()).toEqual([...before].sort());
    expect(result.workers.some((pid) => before.includes(pid))).toBe(false);
    expect(result.commandOutput).toContain(`reloading 2 workers on ${cluster.port}`);
    expect(cluster.output.tail(50)).toContain(`reloading 2 workers on ${cluster.port}`);
    expect(cluster.history.ofType('reload').map((event) => event.phase)).toEqual(['start', 'end']);
    const burst = await cluster.burst({ count: 8, concurrency: 4 });
    expect(burst.outcomes.answered).toBe(8);
  });

  test('a reload command that exits non-zero is a ReloadError with its exit code and output', async () => {
    await using cluster = await startCluster({ topology: 'reload/rolling', workers: 2 });
    const reload = cluster.reload({ command: ['sh', '-c', 'echo "no such app" >&2; exit 3'] });
    await expect(reload).rejects.toThrow(ReloadError);
    const error = (await reload.catch((caught: unknown) => caught)) as ReloadError;
    expect(error.reason).toBe('command-failed');
    expect(error.exitCode).toBe(3);
    expect(error.commandOutput).toContain('no such app');
    expect(error.message.split('\n')[0]).toBe('The reload command failed (exit code 3)');
  });

  test('a reload that does not complete in time is a WaitTimeoutError saying what was awaited and seen; its command is killed', async () => {
    await using cluster = await startCluster({ topology: 'reload/rolling', workers: 2 });
    const workers = cluster.workers;
    const reload = cluster.reload(
      { command: ['sh', '-c', 'echo "command pid $$"; exec sleep 30'] },
      { timeoutMs: 1500 },
    );
    const error = (await reload.catch((caught: unknown) => caught)) as WaitTimeoutError;
    expect(error).toBeInstanceOf(WaitTimeoutError);
    // The pids in the order the harness first saw the processes; `cluster.workers` is in the order they became ready,
    // which under load can differ.
    const awaited =
      /workers (\d+), (\d+) \(ready at its start\) gone, no worker still starting, 2 workers ready \(more only if none is from before the reload\), the command exited 0/.exec(
        error.awaited,
      );
    expect(awaited, error.awaited).not.toBeNull();
    expect(awaited!.slice(1).map(Number).sort()).toEqual([...workers].sort());
    expect(error.seen).toContain('2 of 2 workers ready');
    const pid = Number(/command pid (\d+)/.exec(cluster.output.tail(50))?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(isRunning(pid)).toBe(false);
    // It never ended: no `reload end` (no loss after it would be excused), and the failure is in the history, for
    // every-reload-completes to fail the run with its reason.
    expect(cluster.history.ofType('reload').map((event) => event.phase)).toEqual(['start', 'failed']);
    expect(cluster.history.ofType('reload').at(-1)!.reason).toMatch(/did not complete within 1500 ms|timed out|1500/);
  });

  test('a reload command that is still running when the cluster stops is killed with it', async () => {
    const cluster = await startCluster({ topology: 'reload/rolling', workers: 2 });
    const reload = cluster.reload({ command: ['sh', '-c', 'echo "command pid $$"; exec sleep 30'] });
    // It rejects during stop(): take the rejection now.
    const outcome = reload.catch((caught: unknown) => caught);
    await cluster.waitUntil(
      () => (/command pid \d+/.test(cluster.output.tail(50)) ? true : undefined),
      'the reload command to start',
      5000,
    );
    await cluster.stop();
    const error = (await outcome) as ReloadError;
    expect(error).toBeInstanceOf(ReloadError);
    expect(error.reason).toBe('cluster-stopped');
    const pid = Number(/command pid (\d+)/.exec(cluster.output.tail(50))?.[1]);
    expect(isRunning(pid)).toBe(false);
  });
});

describe('reload/naive', () => {
  test(`a naive reload (kill every worker, re-fork) during a burst fails every-connection-answered with the reload as evidence, ${repetitions} times`, async () => {
    const cluster = await startCluster({ topology: 'reload/naive', workers: 2 });
    try {
      for (let repetition = 0; repetition < repetitions; repetition++) {
        const run = await runSchedule(cluster, [{ type: 'burst', count: 24, concurrency: 4, reload: { after: 4 } }], {
          reload: sighup,
        });
        const { verdicts } = checkInvariants(run.events, { noOrphans: false });
        const answered = verdicts.find((verdict) => verdict.invariant === 'every-connection-answered')!;
        expect(answered.status, `repetition ${repetition + 1}: ${answered.message}`).toBe('fail');
        expect(answered.message).toContain('(lenient mode;');
        // Named as the reload's: a worker it retired, or a loss during it.
        expect(answered.message).toContain('the reload "SIGHUP to the master"');
        expect(answered.evidence).toContainEqual(expect.objectContaining({ type: 'reload', phase: 'start' }));
        // The reload's own exits are not blamed on anything else: the master lived, no fault had to be restored, the
        // reload completed.
        expect(
          verdicts
            .filter((verdict) => verdict.invariant !== 'every-connection-answered')
            .map((verdict) => [verdict.invariant, verdict.status]),
        ).toEqual([
          ['worker-count-restored', 'pass'],
          ['master-survived', 'pass'],
          ['every-reload-completes', 'pass'],
          // The workers it killed died during the reload: explained.
          ['every-worker-death-explained', 'pass'],
        ]);
      }
    } finally {
      await cluster.stop();
    }
    expect(cluster).toLeaveNoOrphans();
  });

  test('runSchedule refuses a schedule with a reload but no way to reload', async () => {
    await using cluster = await startCluster({ topology: 'reload/naive', workers: 2 });
    await expect(runSchedule(cluster, [{ type: 'reload' }])).rejects.toThrow(
      /reload: the schedule reloads the cluster: say how/,
    );
  });
});
