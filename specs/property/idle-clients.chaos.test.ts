// A schedule's silent client against real clusters: an app with no idle timeout holds it (idle-clients-cut-off fails), its twin cuts it off.

import { describe, expect, test } from 'vitest';
import { startCluster } from '../../src/cluster/start-cluster.js';
import type { TopologyName } from '../../src/cluster/topologies.js';
import { checkInvariants } from '../../src/invariants/check.js';
import { runSchedule } from '../../src/property/run-schedule.js';
import type { Schedule } from '../../src/property/schedule.js';

const schedule: Schedule = [
  { type: 'burst', count: 2, concurrency: 2, clientFaults: { count: 1, kinds: [{ kind: 'connect-then-silence' }] } },
];

async function idleVerdicts(topology: TopologyName) {
  await using cluster = await startCluster({ topology, workers: 2 });
  const run = await runSchedule(cluster, schedule, { connectionTimeoutMs: 3000 });
  return checkInvariants(run.events, {
    idleClientsCutOff: { maxIdleMs: 1500 },
    noOrphans: false,
    workerCountRestored: false,
  }).verdicts;
}

describe('a silent client in a schedule', () => {
  test('buggy/no-idle-timeout never cuts it off: idle-clients-cut-off fails naming it; the other connections answered', {
    timeout: 30_000,
  }, async () => {
    const verdicts = await idleVerdicts('buggy/no-idle-timeout');
    const idle = verdicts.find((verdict) => verdict.invariant === 'idle-clients-cut-off')!;
    expect(idle.status, idle.message).toBe('fail');
    expect(idle.causes?.[0]?.key).toBe('idle-clients-cut-off/held-open');
    expect(idle.message).toContain('connect-then-silence client');
    const answered = verdicts.find((verdict) => verdict.invariant === 'every-connection-answered')!;
    expect(answered.status, answered.message).toBe('pass');
    expect(answered.message).toContain('1 connection of misbehaving clients left out');
  });

  test('corrected/idle-timeout cuts it off within the bound', { timeout: 30_000 }, async () => {
    const verdicts = await idleVerdicts('corrected/idle-timeout');
    const idle = verdicts.find((verdict) => verdict.invariant === 'idle-clients-cut-off')!;
    expect(idle.status, idle.message).toBe('pass');
    expect(idle.message).toMatch(/^1 idle client cut off within 1500 ms/);
  });
});
