// The invariant "every worker death explained": no process of the cluster dies unless a fault, the stop or a reload ended it.

import type { HistoryEvent, ProcessExitEvent } from '../history/events.js';
import { type CauseOfFailure, detailsOf, groupCauses } from './_internals/causes.js';
import { clientFaultFinder, deathCause } from './_internals/death-causes.js';
import { type DeathExplanation, deathContext, explainDeath } from './_internals/death-excuse.js';
import { count, evidenceOf, formatMs, listFirst, maxEvidence } from './_internals/evidence.js';
import { clusterReadyOf, inTimeOrder } from './_internals/timeline.js';
import type { Verdict } from './verdict.js';

/** How many events just before an unexplained death its evidence shows (what the process was doing). */
const eventsBeforeDeath = 6;

/**
 * Every exit of the master, a worker or a launcher at or after the first `cluster-ready` is explained (see
 * `explainDeath` for the exact rules): by the stop (at or after the first `stop-requested`); by a fault of an ending
 * kind (every kind but `hang`) that landed on that pid at or before the exit (SIGTERM however long before, the others
 * at most `abruptExitWithinMs` = 5000 ms before) or was requested on it and not withdrawn, its landing recorded only
 * after the exit or never; by a `hang` on it, from its landing to `hangExitGraceMs` = 2000 ms after its end (a master
 * that kills an unresponsive worker); for any process but the master, by an ending fault that landed on the master or
 * its parent, or by the exit of either at or before its own (workers of a dead master exit); by a reload in progress
 * (from its start to its end or failure); for a launcher, by the exit of a process it wraps. A process of role `other`
 * (a helper of a worker) is not judged, nor any exit before `cluster-ready` (that is `startCluster`'s business).
 *
 * Anything else fails, a death that follows a client fault included: a client that resets its connection must not
 * take a process down. Each unexplained death names a cause (origin app): `crashed-after-client-reset` or
 * `crashed-after-client-fault` when a connection the process held (received or was sent) had its client fault take
 * effect within 2000 ms before the death (failing that, one no process was seen to receive: a process a RST kills at
 * once dies before its probe reports the receipt), else `died-at-boot` for a worker never ready (a restart storm), `master-died`,
 * `killed-by-signal`, `exited`. The message and fixes point at the app's output tail, where a crash's stack trace is.
 * Evidence: each unexplained exit, its process's start (and readiness), the client fault's connection, and the events
 * just before the exit. `unknown` when the history has no `cluster-ready`; `pass` otherwise (the message counts what
 * explained each exit).
 */
export function everyWorkerDeathExplained(events: readonly HistoryEvent[]): Verdict {
  const timeline = inTimeOrder(events);
  const ready = clusterReadyOf(timeline);
  if (!ready) {
    return {
      invariant: 'every-worker-death-explained',
      status: 'unknown',
      message: 'the history has no cluster-ready event: the cluster never became ready, so no death can be judged',
      evidence: evidenceOf(timeline.slice(-10)),
    };
  }
  const context = deathContext(timeline, ready.masterPid);
  const everReady = new Set<number>(ready.workers);
  for (const event of timeline) if (event.type === 'worker-ready') everReady.add(event.pid);
  const clientFaultBefore = clientFaultFinder(timeline);

  const explained: { exit: ProcessExitEvent; explanation: DeathExplanation }[] = [];
  const failures: (CauseOfFailure & { line: string; evidence: HistoryEvent[] })[] = [];
  for (const exit of context.exits.values()) {
    if (exit.t < ready.t || exit.role === 'other') continue;
    const explanation = explainDeath(exit, context);
    if (explanation) {
      explained.push({ exit, explanation });
      continue;
    }
    const clientFault = clientFaultBefore(exit);
    const cause = deathCause(exit, everReady.has(exit.pid), clientFault);
    const index = timeline.indexOf(exit);
    const before = timeline.slice(Math.max(0, index - eventsBeforeDeath), index).reverse();
    const start = context.starts.get(exit.pid);
    const readiness = timeline.find((event) => event.type === 'worker-ready' && event.pid === exit.pid);
    failures.push({
      ...cause,
      line: cause.text,
      evidence: [exit, start, readiness, ...(clientFault?.events ?? []), ...before].filter(
        (event): event is HistoryEvent => event !== undefined,
      ),
    });
  }

  if (failures.length === 0) {
    const tally = new Map<DeathExplanation['by'], number>();
    for (const { explanation } of explained) tally.set(explanation.by, (tally.get(explanation.by) ?? 0) + 1);
    const by = [...tally].map(([reason, n]) => `${n} by ${explanationNames[reason]}`).join(', ');
    return {
      invariant: 'every-worker-death-explained',
      status: 'pass',
      message:
        explained.length === 0
          ? `no process of the cluster exited after cluster-ready at ${formatMs(ready.t)}`
          : `each of the ${count(explained.length, 'process exit')} after cluster-ready was explained: ${by}`,
      evidence: evidenceOf(explained.flatMap(({ exit, explanation }) => [exit, ...explanation.evidence])),
    };
  }
  const total = explained.length + failures.length;
  return {
    invariant: 'every-worker-death-explained',
    status: 'fail',
    message: `${failures.length} of ${count(total, 'process exit')} after cluster-ready had nothing to explain it (no fault, stop or reload; a crash's stack trace is in the app's output tail): ${listFirst(
      failures.map((failure) => failure.line),
      3,
    )}`,
    // Every unexplained exit first, then what surrounds each, as far as the bound allows.
    evidence: evidenceOf(
      [...failures.map((failure) => failure.evidence[0]), ...failures.flatMap((failure) => failure.evidence)],
      maxEvidence,
    ),
    causes: groupCauses(failures),
    details: detailsOf(failures),
  };
}

const explanationNames: Record<DeathExplanation['by'], string> = {
  fault: 'an injected fault',
  hang: 'a hang',
  'master-fault': 'a fault on its master',
  'parent-died': "its master's death",
  stop: 'the stop',
  reload: 'a reload',
  'wrapped-exited': 'the exit of the process it wraps',
};
