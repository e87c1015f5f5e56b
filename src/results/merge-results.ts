// Merges the results of a campaign's shards into one result: one verdict by the campaign rules, every shard's runs.

import { totalsOf } from '../property/_internals/campaign-outcome.js';
import { formatShard } from '../property/shard-schedules.js';
import { ResultInputError } from './read-result-document.js';
import {
  type CampaignResult,
  exitCodeOfStatus,
  overallStatus,
  type ResultDocument,
  type ResultProblem,
  resultDocument,
} from './result-document.js';

/** A document and the file it came from (named in errors and in `merged.files`). */
export interface ResultFile {
  file: string;
  document: ResultDocument;
}

/** The merged document: `merged` says which files and which shards were missing. */
export type MergedDocument = ResultDocument & { merged: { files: string[]; missingShards: string[] } };

/**
 * Merges shards' results, target by target: every file must hold the same targets, each played with one seed, and
 * its shards of one count, each at most once (else a `ResultInputError`: bad input, exit 2). A merged campaign:
 *
 * - its problems: every shard's, one per cause (key and origin), the smallest counterexample kept (a confirmed one
 *   before one not reproduced), `seenInRuns` summed; app problems first;
 * - its status, by the campaign rules: `fail` with any problem; else `error` when a shard had an error or is missing
 *   (a campaign not played in full proves nothing); else `unknown` when a shard was; else `pass`;
 * - its runs: every shard's, in shard order, numbered on (`runLog[i].index` is the merged index), totals over them all;
 *   its duration the longest shard's (they run side by side).
 */
export function mergeResults(files: readonly ResultFile[], version: string, now: Date): MergedDocument {
  if (files.length === 0) throw new ResultInputError('no result file to merge');
  const targetsOf = ({ document }: ResultFile) =>
    [...new Set(document.campaigns.map((campaign) => campaign.target.name))].sort();
  const targets = targetsOf(files[0]!);
  for (const file of files.slice(1)) {
    const other = targetsOf(file);
    if (other.join('\n') !== targets.join('\n'))
      throw new ResultInputError(
        `different targets: ${files[0]!.file} has ${targets.join(', ')}; ${file.file} has ${other.join(', ')}`,
      );
  }
  const missingShards: string[] = [];
  const campaigns = targets.map((target) => {
    const parts = files.flatMap(({ file, document }) =>
      document.campaigns.filter((campaign) => campaign.target.name === target).map((campaign) => ({ file, campaign })),
    );
    const merged = mergeCampaign(target, parts);
    missingShards.push(...merged.missing.map((shard) => `${target} ${shard}`));
    return merged.campaign;
  });
  return {
    ...resultDocument(campaigns, version, now),
    merged: { files: files.map(({ file }) => file), missingShards },
  };
}

function mergeCampaign(
  target: string,
  parts: { file: string; campaign: CampaignResult }[],
): { campaign: CampaignResult; missing: string[] } {
  const [first] = parts;
  for (const { file, campaign } of parts) {
    if (campaign.seed !== first!.campaign.seed)
      throw new ResultInputError(
        `different seeds for ${target}: ${first!.file} has ${first!.campaign.seed}, ${file} has ${campaign.seed}: shards of one campaign share its seed`,
      );
    const shape = (c: CampaignResult) => `${c.target.workers} workers, ${c.target.protocol}`;
    if (shape(campaign) !== shape(first!.campaign))
      throw new ResultInputError(
        `different targets named ${target}: ${first!.file} has ${shape(first!.campaign)}, ${file} has ${shape(campaign)}`,
      );
    if ((campaign.shard?.count ?? 0) !== (first!.campaign.shard?.count ?? 0))
      throw new ResultInputError(
        `different shard counts for ${target}: ${first!.file} has ${shardName(first!.campaign)}, ${file} has ${shardName(campaign)}`,
      );
  }
  const count = first!.campaign.shard?.count;
  const seen = new Map<number, string>();
  for (const { file, campaign } of parts) {
    const index = campaign.shard?.index ?? 1;
    const before = seen.get(index);
    if (before !== undefined)
      throw new ResultInputError(`${target} ${shardName(campaign)} is in both ${before} and ${file}`);
    seen.set(index, file);
  }
  const shards = parts.map(({ campaign }) => campaign).sort((a, b) => (a.shard?.index ?? 1) - (b.shard?.index ?? 1));
  const missing =
    count === undefined
      ? []
      : Array.from({ length: count }, (_, index) => index + 1)
          .filter((index) => !seen.has(index))
          .map((index) => `shard ${index}/${count}`);
  return { campaign: joinShards(shards, missing), missing };
}

function shardName(campaign: CampaignResult): string {
  return campaign.shard ? `shard ${formatShard(campaign.shard)}` : 'no shard';
}

/** Problems by cause: the smallest counterexample kept (confirmed before not reproduced), sightings summed. */
function mergeProblems(problems: readonly ResultProblem[]): ResultProblem[] {
  const byCause = new Map<string, ResultProblem>();
  for (const problem of problems) {
    const id = `${problem.cause.origin}:${problem.cause.key}`;
    const kept = byCause.get(id);
    if (kept === undefined) {
      byCause.set(id, problem);
      continue;
    }
    const better =
      (problem.status === 'confirmed' && kept.status !== 'confirmed') ||
      (problem.status === kept.status && problem.counterexample.length < kept.counterexample.length);
    byCause.set(id, { ...(better ? problem : kept), seenInRuns: kept.seenInRuns + problem.seenInRuns });
  }
  const merged = [...byCause.values()];
  return [
    ...merged.filter((problem) => problem.cause.origin === 'app'),
    ...merged.filter((problem) => problem.cause.origin !== 'app'),
  ];
}

function joinShards(shards: readonly CampaignResult[], missing: readonly string[]): CampaignResult {
  const first = shards[0]!;
  let offset = 0;
  const runLog: CampaignResult['runLog'] = [];
  const unknownRuns: CampaignResult['unknownRuns'] = [];
  let representativeRun: number | undefined;
  let mostFaults = -1;
  let shownShard: CampaignResult | undefined;
  for (const shard of shards) {
    for (const row of shard.runLog) runLog.push({ ...row, index: offset + row.index });
    for (const run of shard.unknownRuns) unknownRuns.push({ ...run, index: offset + run.index });
    const shown = shard.runLog.find((row) => row.index === shard.representativeRun);
    const faults = shown ? Object.values(shown.figures.faultsLanded).reduce((sum, n) => sum + (n ?? 0), 0) : -1;
    if (shown && faults > mostFaults) {
      mostFaults = faults;
      representativeRun = offset + shown.index;
      shownShard = shard;
    }
    offset += shard.runs;
  }
  const problems = mergeProblems(shards.flatMap((shard) => shard.problems));
  const errored = shards.find((shard) => shard.harnessFailure !== undefined);
  const harnessFailure =
    missing.length > 0
      ? {
          message: `${missing.join(', ')} of ${first.target.name} has no result: the campaign was not played in full`,
          name: 'MissingShard',
          phase: 'running' as const,
          detail: `shards merged: ${shards.map(shardName).join(', ')}`,
        }
      : errored?.harnessFailure && {
          ...errored.harnessFailure,
          message: `${shardName(errored)}: ${errored.harnessFailure.message}`,
        };
  const status =
    problems.length > 0
      ? 'fail'
      : overallStatus([...shards.map((shard) => shard.status), ...(missing.length > 0 ? ['error' as const] : [])]);
  const shown = problems[0] ?? shownShard ?? first;
  const endedEarly = (['harness', 'after-failure', 'time-limit'] as const).find((why) =>
    shards.some((shard) => shard.endedEarly === why),
  );
  return {
    target: first.target,
    shard: null,
    status,
    exitCode: exitCodeOfStatus(status),
    seed: first.seed,
    seedFrom: first.seedFrom,
    replay: first.shard ? first.replay.replace(/--shard \d+\/(\d+)/, '--shard <i>/$1') : first.replay,
    runs: shards.reduce((sum, shard) => sum + shard.runs, 0),
    runsAsked: shards.reduce((sum, shard) => sum + shard.runsAsked, 0),
    totalRuns: shards.reduce((sum, shard) => sum + shard.totalRuns, 0),
    ...(endedEarly ? { endedEarly } : {}),
    durationMs: Math.max(...shards.map((shard) => shard.durationMs)),
    problems,
    unknownRuns,
    totals: totalsOf(runLog),
    runLog,
    ...(problems.length === 0 && representativeRun !== undefined ? { representativeRun } : {}),
    ...(harnessFailure ? { harnessFailure } : {}),
    // The report shows the first problem's run, or the representative one: the very objects, as a check's report does.
    verdicts: shown.verdicts,
    events: shown.events,
    outputTail: shown.outputTail,
    ...(first.shard ? { shards: shards.map((shard) => shard.shard!) } : {}),
  };
}
