// A campaign of a result document (a merged one above all) as the input of the text and HTML reports.

import type { ReportInput } from '../report/report-input.js';
import type { CampaignResult } from './result-document.js';

/**
 * The report of a campaign read from a result document: what `resilienceReportInput` makes of a check's result, from
 * the document's fields (each problem with its own replay line). The first problem's run (or the representative one)
 * is the very object the document holds, so `writeReport` draws it and writes its history.
 */
export function campaignReportInput(campaign: CampaignResult, options: { verbose?: boolean } = {}): ReportInput {
  const shards = campaign.shards ? ` (${campaign.shards.length} shards merged)` : '';
  return {
    target: `${campaign.target.name}${shards}`,
    workers: campaign.target.workers,
    protocol: campaign.target.protocol,
    status: campaign.status,
    verdicts: campaign.verdicts,
    events: campaign.events,
    outputTail: campaign.outputTail,
    runs: campaign.runs,
    seed: campaign.seed,
    replay: campaign.replay,
    durationMs: campaign.durationMs,
    generatedAt: new Date().toISOString(),
    problems: campaign.problems,
    totals: campaign.totals,
    unknownRuns: campaign.unknownRuns,
    runLog: campaign.runLog,
    runsAsked: campaign.runsAsked,
    ...(campaign.endedEarly ? { endedEarly: campaign.endedEarly } : {}),
    ...(campaign.representativeRun === undefined ? {} : { representativeRun: campaign.representativeRun }),
    ...(campaign.harnessFailure ? { harnessFailure: campaign.harnessFailure } : {}),
    ...(campaign.replayAttempts === undefined ? {} : { replayAttempts: campaign.replayAttempts }),
    verbose: options.verbose ?? false,
  };
}
