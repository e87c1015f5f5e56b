// The totals of a campaign in words: runs, connections judged and excused, faults by kind, restores, reloads.

import type { FaultKind } from '../../history/events.js';
import type { CampaignTotals, RunRow } from '../../property/resilience-result.js';
import { formatDistribution, restoreDistribution } from '../../property/time-distribution.js';

/** What each kind of excuse means, in the totals. Kinds not listed here are shown by their name. */
const excuseWords: Record<string, string> = {
  'fault-on-holder': 'a fault ended the process that held them',
  'fault-near-accept': 'a fault ended a process right at their accept (no process took them)',
  'fault-while-open': 'a fault acted while they were open',
  'master-killed': 'refused after a fault killed the master',
  stop: 'cut by the stop at the end of the run',
};

/** `3 excused (2: a fault ended the process that held them; 1: cut by the stop at the end of the run)`. */
export function excusedFacts(excused: Readonly<Record<string, number>>): string {
  const entries = Object.entries(excused)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1]);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return '0 excused';
  return `${total} excused (${entries.map(([kind, count]) => `${count}: ${excuseWords[kind] ?? kind}`).join('; ')})`;
}

/** `8 SIGKILL, 3 exit, 1 uncaught-exception`: faults by kind, most frequent first; empty for none. */
export function faultCounts(faults: Readonly<Partial<Record<FaultKind, number>>>): string {
  return Object.entries(faults)
    .filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');
}

/** How many faults landed, over every kind. */
export function faultTotal(faults: Readonly<Partial<Record<FaultKind, number>>>): number {
  return Object.values(faults).reduce<number>((sum, count) => sum + (count ?? 0), 0);
}

/**
 * The totals over every run, as label and value, in the order both reports show them. With the campaign's run rows,
 * restore times are a distribution over every run (min, median, p95, max); without them (a replay), the totals'
 * median and max.
 */
export function totalsFacts(totals: CampaignTotals, runLog: readonly RunRow[] = []): [string, string][] {
  const { connections, restores, reloads } = totals;
  const landed = faultTotal(totals.faults);
  const distribution = restoreDistribution(runLog);
  const restoreFacts =
    runLog.length > 0
      ? distribution && `${distribution.count} after worker faults: ${formatDistribution(distribution)}`
      : restores.count === 0 || restores.medianMs === undefined || restores.maxMs === undefined
        ? undefined
        : `${restores.count} after worker faults: median ${Math.round(restores.medianMs)} ms, max ${Math.round(restores.maxMs)} ms`;
  return [
    ['Runs', `${totals.runs} (${totals.passed} passed, ${totals.failed} failed, ${totals.unknown} unknown)`],
    [
      'Connections',
      `${connections.judged} judged: ${connections.answered} answered, ${excusedFacts(connections.excused)}, ${connections.lost} lost${connections.clientFaults ? `; ${connections.clientFaults} of misbehaving clients (client faults) not judged` : ''}`,
    ],
    ['Faults landed', landed === 0 ? 'none' : `${landed} (${faultCounts(totals.faults)})`],
    ['Restores', restoreFacts ?? 'none measured (no worker fault was restored)'],
    ['Reloads', reloads.started === 0 ? 'none' : `${reloads.started} started, ${reloads.completed} completed`],
  ];
}
