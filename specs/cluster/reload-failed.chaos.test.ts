// A reload that fails or never completes is in the history: `reload failed` with its reason (one line), recorded
// before cluster.reload() throws, so that the checkers see it (every-reload-completes).

import { describe, expect, test } from 'vitest';
import { ReloadError, startCluster, WaitTimeoutError, type EventOf, type StartedCluster } from '../../src/index.js';

function reloads(cluster: StartedCluster): Omit<EventOf<'reload'>, 't'>[] {
  return cluster.history.ofType('reload').map(({ t: _t, ...event }) => event);
}

async function reloadError(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('reload failed', () => {
  test('a reload command that exits non-zero', async () => {
    await using cluster = await startCluster({ topology: 'reload/rolling', workers: 2 });
    const how = 'sh -c echo "no such app" >&2; exit 3';
    let recordedBeforeTheThrow = false;
    cluster.history.subscribe((event) => {
      if (event.type === 'reload' && event.phase === 'failed') recordedBeforeTheThrow = true;
    });
    const error = await reloadError(
      cluster.reload({ command: ['sh', '-c', 'echo "no such app" >&2; exit 3'] }).catch((caught: unknown) => {
        expect(recordedBeforeTheThrow).toBe(true);
        throw caught;
      }),
    );
    expect(error).toBeInstanceOf(ReloadError);
    expect(reloads(cluster)).toEqual([
      { type: 'reload', phase: 'start', how },
      { type: 'reload', phase: 'failed', how, reason: 'The reload command failed (exit code 3)' },
    ]);
  });

  test('a reload command that is not found', async () => {
    await using cluster = await startCluster({ topology: 'reload/rolling', workers: 2 });
    await reloadError(cluster.reload({ command: ['cluster-chaos-no-such-command', 'reload'] }));
    expect(reloads(cluster)).toEqual([
      { type: 'reload', phase: 'start', how: 'cluster-chaos-no-such-command reload' },
      {
        type: 'reload',
        phase: 'failed',
        how: 'cluster-chaos-no-such-command reload',
        reason: 'Reload command not found: cluster-chaos-no-such-command',
      },
    ]);
  });

  test('a reload that does not complete in time (a master that ignores the signal)', async () => {
    // node-cluster/round-robin has no SIGHUP handler... which would kill it: SIGWINCH is ignored by default.
    await using cluster = await startCluster({ topology: 'node-cluster/round-robin', workers: 2 });
    const error = await reloadError(cluster.reload({ signal: 'SIGWINCH' }, { timeoutMs: 800 }));
    expect(error).toBeInstanceOf(WaitTimeoutError);
    const [start, failed] = reloads(cluster);
    expect(start).toEqual({ type: 'reload', phase: 'start', how: 'SIGWINCH to the master' });
    expect(failed).toMatchObject({ type: 'reload', phase: 'failed', how: 'SIGWINCH to the master' });
    expect(failed!.reason).toBe(error.message.split('\n')[0]);
    expect(failed!.reason).toMatch(
      /^Timed out after 800 ms waiting for the reload \(SIGWINCH to the master\) to complete: workers \d+, \d+ \(ready at its start\) gone/,
    );
    expect(failed!.reason).not.toContain('\n');
    // What was seen starts with what the reload still waited for.
    expect((error as WaitTimeoutError).seen).toMatch(
      /^still waiting for workers \d+, \d+ \(ready at its start\) to be gone; /,
    );
    expect(cluster.masterAlive).toBe(true);
  });

  test('a master gone before the reload: asked for and failed at once', async () => {
    await using cluster = await startCluster({ topology: 'node-cluster/round-robin', workers: 1 });
    await cluster.crash({ kind: 'SIGKILL', target: 'master' });
    const error = await reloadError(cluster.reload({ signal: 'SIGHUP' }));
    expect((error as ReloadError).reason).toBe('master-gone');
    expect(reloads(cluster)).toEqual([
      { type: 'reload', phase: 'start', how: 'SIGHUP to the master' },
      { type: 'reload', phase: 'failed', how: 'SIGHUP to the master', reason: 'Cannot reload: the master is gone' },
    ]);
  });

  test('a master that dies during the reload', async () => {
    await using cluster = await startCluster({ topology: 'reload/rolling', workers: 2 });
    const error = await reloadError(
      cluster.reload({ command: ['sh', '-c', 'kill -KILL "$CLUSTER_CHAOS_MASTER_PID"; sleep 5'] }),
    );
    expect((error as ReloadError).reason).toBe('master-gone');
    expect(reloads(cluster).map((event) => [event.phase, event.reason])).toEqual([
      ['start', undefined],
      ['failed', 'The master exited during the reload'],
    ]);
  });

  test('a cluster stopped during the reload', async () => {
    const cluster = await startCluster({ topology: 'reload/rolling', workers: 2 });
    const reload = reloadError(cluster.reload({ command: ['sh', '-c', 'echo "command pid $$"; exec sleep 30'] }));
    await cluster.waitUntil(
      () => (/command pid \d+/.test(cluster.output.tail(50)) ? true : undefined),
      'the reload command to start',
      5000,
    );
    await cluster.stop();
    expect(((await reload) as ReloadError).reason).toBe('cluster-stopped');
    expect(reloads(cluster).map((event) => [event.phase, event.reason])).toEqual([
      ['start', undefined],
      ['failed', 'The cluster was stopped during the reload'],
    ]);
  });

  test('a reload that completes has an end and nothing failed; a stopped cluster records nothing', async () => {
    const cluster = await startCluster({ topology: 'reload/rolling', workers: 2 });
    await cluster.reload({ signal: 'SIGHUP' });
    expect(reloads(cluster).map((event) => event.phase)).toEqual(['start', 'end']);
    await cluster.stop();
    const error = await reloadError(cluster.reload({ signal: 'SIGHUP' }));
    expect((error as ReloadError).reason).toBe('cluster-stopped');
    expect(reloads(cluster).map((event) => event.phase)).toEqual(['start', 'end']);
  });
});
