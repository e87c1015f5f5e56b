// The opt-in invariant "fairness": answered connections are spread evenly over the workers (Jain's index).

import { connectionRecords } from '../history/connections.js';
import type { HistoryEvent } from '../history/events.js';
import { count, evidenceOf, formatMs } from './_internals/evidence.js';
import { rolesOf, workerLives } from './_internals/processes.js';
import { clusterReadyOf, inTimeOrder, judgedRun } from './_internals/timeline.js';
import type { Verdict } from './verdict.js';

export interface FairnessOptions {
  /** The lowest acceptable Jain's index, in (0, 1]: 1 is a perfectly even spread, 1/n all on one of n workers. Default 0.8. */
  minJainIndex?: number;
}

/** The fix for an uneven spread. */
export const fairnessFix =
  "Spread connections evenly: round-robin dispatch in the master (node:cluster's default on Linux, SCHED_RR); under SCHED_NONE the kernel favours some workers. A worker that is slower, or was busy or paused, gets fewer.";

/** Fewer answered connections than this say nothing about a spread. */
const minAnswered = 10;

/**
 * Jain's fairness index J = (Σx)² / (n · Σx²) over x = the number of answered connections attributed to each worker is
 * at least `minJainIndex` (default 0.8).
 *
 * Counted: the connections opened before the first `stop-requested`, ended `answered`, not client-aborted, with no
 * client fault (a misbehaving client's connection says nothing of the spread), and attributed to a worker (connections answered by the master or another non-worker are left out and counted in the
 * message). The workers: every worker that answered at least one such connection, plus each baseline worker (of
 * `cluster-ready`) that answered none and never exited before the stop: it had the whole run to take its share, so
 * its zero counts. A replacement worker that answered nothing is left out (it may have come up after the load).
 *
 * `unknown` with fewer than 2 workers or fewer than 10 counted connections; `fail` when J < minJainIndex (the
 * per-worker counts are in the message, evidence: cluster-ready and the counted workers' ready and exit events; cause
 * `fairness/uneven-spread`);
 * `pass` otherwise.
 */
export function fairness(events: readonly HistoryEvent[], options: FairnessOptions = {}): Verdict {
  const minJainIndex = options.minJainIndex ?? 0.8;
  const timeline = inTimeOrder(events);
  const run = judgedRun(timeline);
  const ready = clusterReadyOf(run.events);
  const lives = workerLives(run.events);
  const roles = rolesOf(run.events);
  const isWorker = (pid: number): boolean => lives.has(pid) || roles.get(pid) === 'worker';

  const answers = new Map<number, number>();
  let byNonWorkers = 0;
  for (const record of connectionRecords(timeline)) {
    if (
      record.openedAt >= run.end ||
      record.outcome !== 'answered' ||
      record.clientAborted ||
      record.clientFault !== undefined ||
      record.attributedPid === undefined
    )
      continue;
    if (isWorker(record.attributedPid)) answers.set(record.attributedPid, (answers.get(record.attributedPid) ?? 0) + 1);
    else byNonWorkers++;
  }
  for (const pid of ready?.workers ?? []) {
    if (!answers.has(pid) && lives.get(pid)?.exitedAt === undefined) answers.set(pid, 0);
  }

  const counts = [...answers.entries()].sort(([a], [b]) => a - b);
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  const spread = counts.map(([pid, n]) => `pid ${pid}: ${n}`).join(', ');
  const nonWorkerNote = byNonWorkers > 0 ? `; ${count(byNonWorkers, 'answer')} by non-workers left out` : '';
  const evidence = evidenceOf([ready, ...counts.flatMap(([pid]) => [lives.get(pid)?.ready, lives.get(pid)?.exit])]);

  if (counts.length < 2 || total < minAnswered) {
    return {
      invariant: 'fairness',
      status: 'unknown',
      message: `too little to judge a spread (${count(counts.length, 'worker')}, ${count(total, 'answered connection')}; needs 2 workers and ${minAnswered} answers): ${spread || 'no worker answered'}${nonWorkerNote}`,
      evidence,
    };
  }
  const squares = counts.reduce((sum, [, n]) => sum + n * n, 0);
  const index = (total * total) / (counts.length * squares);
  const verdict = index >= minJainIndex ? 'pass' : 'fail';
  const message = `Jain's index ${index.toFixed(3)} ${verdict === 'pass' ? '>=' : '<'} ${minJainIndex} over ${count(counts.length, 'worker')} and ${count(total, 'answered connection')} (before ${formatMs(run.end)}): ${spread}${nonWorkerNote}`;
  return {
    invariant: 'fairness',
    status: verdict,
    message,
    evidence,
    ...(verdict === 'fail'
      ? {
          causes: [
            { key: 'fairness/uneven-spread', origin: 'app' as const, summary: message, fix: fairnessFix, count: 1 },
          ],
          details: [{ key: 'fairness/uneven-spread', text: message }],
        }
      : {}),
  };
}
