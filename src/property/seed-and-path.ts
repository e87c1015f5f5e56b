// The seed and path a check plays: from its options, else from CHAOS_SEED and CHAOS_PATH, else a random seed.

import { ClusterOptionsError } from '../cluster/errors.js';
import type { CheckResilienceOptions } from './check-resilience-options.js';
import type { ResilienceResult } from './resilience-result.js';

/** A seed for a campaign that was given none. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

/**
 * The seed and path a check plays: the options', else `CHAOS_SEED` and `CHAOS_PATH` from the environment (so that a
 * failing test is replayed with `CHAOS_SEED=S CHAOS_PATH=P npx vitest run -t "<its name>"`), else a random seed.
 */
export function seedAndPath(
  options: Pick<CheckResilienceOptions, 'seed' | 'path'>,
  environment: NodeJS.ProcessEnv = process.env,
): { seed: number; seedFrom: ResilienceResult['seedFrom']; path: string | undefined } {
  const given = environment.CHAOS_SEED;
  const fromEnvironment = given !== undefined && /^\d+$/.test(given) ? Number(given) : undefined;
  const seedFrom = options.seed !== undefined ? 'options' : fromEnvironment !== undefined ? 'CHAOS_SEED' : 'random';
  const path = options.path ?? (environment.CHAOS_PATH || undefined);
  if (path !== undefined && seedFrom === 'random') {
    throw new ClusterOptionsError(
      'path',
      options.path !== undefined
        ? 'replaying a path needs its seed too'
        : 'CHAOS_PATH replays a path of a seed: set CHAOS_SEED too (a number)',
    );
  }
  return { seed: options.seed ?? fromEnvironment ?? randomSeed(), seedFrom, path };
}
