// Result documents built from the report specs' hand-made campaigns: one per status, sharded or not.

import { errorResult, failResult, passResult, target, unknownResult } from '../report/_campaigns.js';
import type { ResilienceResult } from '../../src/property/resilience-result.js';
import type { Shard } from '../../src/property/shard-schedules.js';
import {
  type CampaignResult,
  campaignResult,
  resultDocument,
  type ResultDocument,
} from '../../src/results/result-document.js';

export const results = { pass: passResult, fail: failResult, unknown: unknownResult, error: errorResult } as const;

/** A campaign of one of the hand-made results, as shard `shard` (paths then name it) of seed `seed`. */
export function campaignOf(
  make: () => ResilienceResult,
  { shard, seed = 2026, name = target }: { shard?: Shard; seed?: number; name?: string } = {},
): CampaignResult {
  const result = make();
  const prefix = shard ? `${shard.index}/${shard.count}@` : '';
  const sharded: ResilienceResult = {
    ...result,
    seed,
    ...(shard ? { shard } : {}),
    problems: result.problems.map((problem) => ({ ...problem, path: `${prefix}${problem.path}` })),
  };
  const replay = (path: string | undefined) =>
    `cluster-chaos check ${name} --seed ${seed}${path === undefined ? (shard ? ` --shard ${shard.index}/${shard.count}` : '') : ` --path ${path}`}`;
  return campaignResult(sharded, { name, workers: 2, protocol: 'tcp' }, replay);
}

/** A document as a file holds it: through JSON (undefined fields gone). */
export function asWritten(document: ResultDocument): ResultDocument {
  return JSON.parse(JSON.stringify(document)) as ResultDocument;
}

export function documentOf(...campaigns: CampaignResult[]): ResultDocument {
  return asWritten(resultDocument(campaigns, '0.1.0', new Date('2026-12-01T12:00:00.000Z')));
}
