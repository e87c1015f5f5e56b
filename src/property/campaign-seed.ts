// Seeds for a campaign of property checks spread over test files and CI machines.

let drawnBase: string | undefined;

/**
 * The seed of one property of a campaign: a 31-bit hash of the campaign's base seed and the property's label, so
 * each property (each file, each target) explores its own schedules, and the same base replays them all.
 *
 * The base is `CHAOS_SEED` from the environment (set it per CI pipeline, and per machine when machines share
 * files); without it, one is drawn at random for this process. Print the returned seed with every failure:
 * `checkResilience({ ..., seed, path })` replays it.
 *
 * @example
 * ```ts
 * const seed = campaignSeed('corrected/restart');
 * const result = await checkResilience({ cluster: { entry: 'server.js', workers: 2 }, runs: 200, seed });
 * ```
 */
export function campaignSeed(label: string, base: string | undefined = process.env.CHAOS_SEED): number {
  drawnBase ??= String(Math.floor(Math.random() * 2 ** 31));
  const text = `${base === undefined || base === '' ? drawnBase : base}:${label}`;
  // FNV-1a, 32 bits.
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) & 0x7fffffff;
}
