// throng as a real target: `node fixtures/throng/app.js` in command mode (throng's master forks WORKERS node:cluster
// workers and forks a new one whenever a worker disconnects). What each test shows is in its name.

import { describe, expect, test } from 'vitest';
import { checkInvariants, runSchedule, startCluster, type StartedCluster } from '../../src/vitest/index.js';
import { formatEvents } from '../../src/history/format.js';
import { killWithPendingHandoff } from './kill-with-pending-handoff.js';
import { probedProcessesOfThisTest } from './leftovers.js';

function startThrong(): Promise<StartedCluster> {
  return startCluster({ command: ['node', 'fixtures/throng/app.js'], workers: 2, readyTimeoutMs: 20_000, seed: 5 });
}

function verdictLines(verdicts: { status: string; invariant: string; message: string }[]): string {
  return verdicts.map((verdict) => `${verdict.status} ${verdict.invariant}: ${verdict.message}`).join('\n');
}

describe('throng', () => {
  test.each(['SIGKILL', 'exit'] as const)(
    'an idle worker ended by %s is replaced: every invariant holds; stop() leaves nothing',
    async (kind) => {
      const cluster = await startThrong();
      try {
        expect(cluster.processes.find((process) => process.pid === cluster.masterPid)!.command).toContain(
          'throng/app.js',
        );
        const first = await cluster.burst({ count: 20, concurrency: 4 });
        expect(first.outcomes.answered).toBe(20);
        // Nothing is sent while the worker dies and until its replacement is ready: no connection is being handed to
        // it, its IPC channel ends cleanly, throng sees 'disconnect' and forks a replacement.
        const landed = await cluster.crash({ kind, target: 'oldest' });
        await cluster.waitForWorkers(2, { exclude: [landed.pid], timeoutMs: 5000 });
        await runSchedule(cluster, [{ type: 'burst', count: 12, concurrency: 4 }], { connectionTimeoutMs: 1500 });
        const { status, verdicts } = checkInvariants(cluster.history.events, { noOrphans: false });
        expect(status, `${verdictLines(verdicts)}\n${formatEvents(cluster.history.events, '  ')}`).toBe('pass');
      } finally {
        await cluster.stop();
      }
      expect(cluster).toLeaveNoOrphans();
      expect(cluster).toKeepMasterAlive();
      expect(probedProcessesOfThisTest()).toEqual([]);
    },
  );

  test("a worker killed while the master hands it a connection is never replaced: throng waits for a 'disconnect' Node does not emit", async () => {
    const cluster = await startThrong();
    const victim = cluster.workers[0]!;
    let lost: { connection: number };
    try {
      // throng forks a replacement on 'disconnect' only, which Node does not emit after this kill.
      lost = await killWithPendingHandoff(cluster, victim);
    } finally {
      await cluster.stop();
    }
    const { verdicts } = checkInvariants(cluster.history.events);
    const byInvariant = Object.fromEntries(verdicts.map((verdict) => [verdict.invariant, verdict]));
    const lines = `${verdictLines(verdicts)}\n${formatEvents(cluster.history.events, '  ')}\n${cluster.output.tail(20)}`;
    expect(byInvariant['worker-count-restored']!.status, lines).toBe('fail');
    expect(byInvariant['worker-count-restored']!.message, lines).toContain('worker-ready after the fault: none');
    // The hand-off in transit to the killed worker is lost (node:cluster's round robin: never excused by the death of a
    // worker that never took it); the master and one worker carry on.
    expect(byInvariant['every-connection-answered']!.status, lines).toBe('fail');
    expect(byInvariant['every-connection-answered']!.evidence, lines).toContainEqual(
      expect.objectContaining({ type: 'connection-close', connection: lost.connection }),
    );
    expect(byInvariant['master-survived']!.status, lines).toBe('pass');
    expect(byInvariant['no-orphans']!.status, lines).toBe('pass');
    const exits = cluster.history.ofType('process-exit').filter((event) => event.pid === victim);
    expect(exits.map((event) => event.signal)).toEqual(['SIGKILL']);
    expect(probedProcessesOfThisTest()).toEqual([]);
  });
});
