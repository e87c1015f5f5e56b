// Reads a result document written by `--json`, refusing what is not one, or one of another schema version.

import { ClusterChaosError } from '../errors/cluster-chaos-error.js';
import { resultFormat, resultSchemaVersion, type ResultDocument } from './result-document.js';

/** Input that `merge` cannot take: a file that is no result, of another schema version, or results that do not fit. */
export class ResultInputError extends ClusterChaosError {
  override name = 'ResultInputError';
}

/**
 * The document in `text` (read from `file`, named in every error). Only what merging relies on is checked here (the
 * format, the version, a campaign list with targets, seeds and shards); the whole shape is docs/result.schema.json's.
 */
export function readResultDocument(text: string, file: string): ResultDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ResultInputError(`${file}: not JSON (${(error as Error).message})`, { cause: error });
  }
  const document = value as Partial<ResultDocument> | null;
  if (typeof document !== 'object' || document === null || document.format !== resultFormat)
    throw new ResultInputError(`${file}: not a cluster-chaos result (no "format": "${resultFormat}")`);
  if (document.schemaVersion !== resultSchemaVersion)
    throw new ResultInputError(
      `${file}: schema version ${JSON.stringify(document.schemaVersion)}, this cluster-chaos reads version ${resultSchemaVersion}: merge with the cluster-chaos that wrote it`,
    );
  if (!Array.isArray(document.campaigns) || document.campaigns.length === 0)
    throw new ResultInputError(`${file}: no campaign in it ("campaigns" is empty or missing)`);
  for (const [index, campaign] of document.campaigns.entries()) {
    const where = `${file}: campaigns[${index}]`;
    if (typeof campaign?.target?.name !== 'string') throw new ResultInputError(`${where}.target.name is missing`);
    if (!Number.isSafeInteger(campaign.seed)) throw new ResultInputError(`${where}.seed is not an integer`);
    const { shard } = campaign;
    if (
      shard !== null &&
      !(
        Number.isSafeInteger(shard?.index) &&
        Number.isSafeInteger(shard?.count) &&
        shard!.index >= 1 &&
        shard!.index <= shard!.count
      )
    )
      throw new ResultInputError(`${where}.shard must be null or { index, count } with 1 <= index <= count`);
    if (!Array.isArray(campaign.runLog) || !Array.isArray(campaign.problems))
      throw new ResultInputError(`${where}: runLog and problems must be arrays`);
  }
  return document as ResultDocument;
}
