// A campaign file is one target with its own seed from CHAOS_SEED (see README, "A long campaign over CI machines"):
// `npm test` plays a few runs of each; a campaign sets CHAOS_RUNS and shards the files with `vitest --shard`.

import { expect, test } from 'vitest';
import { campaignSeed, checkResilience, type TopologyName } from 'cluster-chaos/vitest';

export function holdsUnderChaos(target: TopologyName): void {
  const seed = campaignSeed(target);
  const runs = Number(process.env.CHAOS_RUNS ?? 10);
  test(`${target} holds over ${runs} generated schedules (seed ${seed})`, {
    timeout: 60_000 + runs * 5_000,
  }, async () => {
    const result = await checkResilience({ cluster: { topology: target, workers: 2 }, runs, seed });
    const replay = `checkResilience({ cluster: { topology: '${target}', workers: 2 }, seed: ${seed}, path: '${result.path}' })`;
    expect(result.status, `replay: ${replay}`).toBe('pass');
  });
}
