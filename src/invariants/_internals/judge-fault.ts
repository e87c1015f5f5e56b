// Judges one worker fault: restored to the baseline by its deadline, held there, and answering again.

import type { ConnectionRecord } from '../../history/connections.js';
import type { HistoryEvent, Millis } from '../../history/events.js';
import { count, describeConnection, describeFault, eventsOfConnection, formatMs, listFirst } from './evidence.js';
import { faultKills, type LandedFault } from './faults.js';
import { heldAtBaseline } from './held-at-baseline.js';
import { liveWorkersAt } from './processes.js';
import { notAnswering, notRestored, restoreFixes, type Judgement, type RestoreFinding } from './restore-finding.js';

/** A worker fault judged by the rules of `workerCountRestored`: restored by its deadline, held, and followed up. */
export function judgeFault(fault: LandedFault, judgement: Judgement): RestoreFinding {
  const { run, baseline, lives, records } = judgement;
  const { landed } = fault;
  const pid = landed.pid;
  const deadline = landed.t + judgement.restoreWithinMs;
  const horizon = Math.min(deadline, run.end);
  const exit = lives.get(pid)?.exit ?? run.events.find((event) => event.type === 'process-exit' && event.pid === pid);
  const gone = (t: Millis): boolean => exit !== undefined && exit.t <= t;
  const kills = faultKills(landed.kind);
  const hangEnd = fault.until;
  const answersAgain = (t: Millis): ConnectionRecord | undefined =>
    kills
      ? undefined
      : records.find(
          (record) =>
            record.attributedPid === pid &&
            record.outcome === 'answered' &&
            !record.clientAborted &&
            record.clientFault === undefined &&
            record.closedAt !== undefined &&
            record.closedAt >= hangEnd &&
            record.closedAt <= t,
        );

  const lifecycle = run.events.filter(
    (event) =>
      (event.type === 'worker-ready' || event.type === 'process-exit') && event.t >= landed.t && event.t <= horizon,
  );
  const moments = [
    landed.t,
    ...lifecycle.map((event) => event.t),
    ...(kills
      ? []
      : records.flatMap((record) =>
          record.attributedPid === pid && record.closedAt !== undefined && record.closedAt <= horizon
            ? [record.closedAt]
            : [],
        )),
    ...(kills ? [] : [hangEnd]),
  ]
    .filter((t) => t >= landed.t && t <= horizon)
    .sort((a, b) => a - b);

  const readies = lifecycle.filter((event) => event.type === 'worker-ready');
  const evidence: (HistoryEvent | undefined)[] = [landed, exit, ...readies, ...lifecycle, fault.requested];
  const subject = describeFault(fault);

  for (const moment of moments) {
    const live = liveWorkersAt(lives, moment);
    if (live.length !== baseline) continue;
    const proof = answersAgain(moment);
    if (proof) {
      const broken = heldAtBaseline(fault, moment, live, judgement, evidence);
      if (broken) return broken;
      return {
        status: 'pass',
        text: `${subject}: answered again with ${describeConnection(proof)}, ${baseline} workers live`,
        evidence: [landed, ...eventsOfConnection(proof, judgement.clientEvents), ...evidence],
        fault,
        restoredAt: moment,
      };
    }
    if (gone(moment))
      return (
        heldAtBaseline(fault, moment, live, judgement, evidence) ?? followUp(fault, moment, live, judgement, evidence)
      );
  }

  if (!kills && !gone(horizon)) {
    // The hung worker took a connection opened after its hang and did not answer it: it has not recovered. A connection
    // that ends once a later fault has landed on the same worker is that fault's to judge (every-connection-answered
    // excuses it or not), not a sign that the hang left the worker broken.
    const nextFaultAt = run.events.find(
      (event) => event.type === 'fault-landed' && event.pid === pid && event.t > landed.t,
    )?.t;
    const stuck = records.find(
      (record) =>
        record.attributedPid === pid &&
        record.openedAt >= hangEnd &&
        record.closedAt !== undefined &&
        (nextFaultAt === undefined || record.closedAt < nextFaultAt) &&
        record.outcome !== 'answered' &&
        !record.clientAborted &&
        record.clientFault === undefined,
    );
    const over = moments.find((moment) => moment >= hangEnd && liveWorkersAt(lives, moment).length === baseline);
    if (stuck) {
      const text = `${subject}: after its hang it took ${describeConnection(stuck)} and did not answer it`;
      return {
        status: 'fail',
        text,
        evidence: [landed, ...eventsOfConnection(stuck, judgement.clientEvents), ...evidence],
        cause: notAnswering(text),
        fault,
      };
    }
    if (over !== undefined) {
      const live = liveWorkersAt(lives, over);
      return heldAtBaseline(fault, over, live, judgement, evidence) ?? followUp(fault, over, live, judgement, evidence);
    }
  }

  const liveAtHorizon = liveWorkersAt(lives, horizon);
  const state = `live workers at ${formatMs(horizon)}: [${liveAtHorizon.join(', ')}] (${liveAtHorizon.length} of ${baseline}); ${
    exit ? `pid ${pid} exited at ${formatMs(exit.t)}` : `pid ${pid} never exited`
  }; worker-ready after the fault: ${readies.length === 0 ? 'none' : readies.map((event) => `pid ${event.pid} at ${formatMs(event.t)}`).join(', ')}`;
  if (deadline > run.end) {
    return {
      status: 'unknown',
      text: `${subject}: the run ended at ${formatMs(run.end)}, before the deadline ${formatMs(deadline)}, not yet restored (${state})`,
      evidence,
      fault,
    };
  }
  if (!kills && hangEnd <= deadline) {
    const reached = records.filter(
      (record) =>
        record.attributedPid === pid &&
        record.closedAt !== undefined &&
        record.closedAt >= hangEnd &&
        record.closedAt <= deadline,
    );
    if (reached.length === 0) {
      return {
        status: 'unknown',
        text: `${subject}: no connection reached pid ${pid} between the hang's end and the deadline ${formatMs(deadline)}, so nothing shows it answers again (${state})`,
        evidence,
        fault,
      };
    }
  }
  const why = !kills && hangEnd > deadline ? `hung past the deadline and was not replaced; ` : '';
  const text = `${subject}: not restored by the deadline ${formatMs(deadline)}: ${why}${state}`;
  // The faulted worker went but more than the baseline stayed live: too many, not too few.
  const tooMany = kills && gone(horizon) && liveAtHorizon.length > baseline;
  return {
    status: 'fail',
    text,
    evidence,
    cause: tooMany
      ? { key: 'worker-count-restored/too-many-workers', origin: 'app', text, fix: restoreFixes.tooManyWorkers }
      : notRestored(text),
    fault,
  };
}

/** After a restore at `restoredAt`, one connection opened since must have been answered. */
function followUp(
  fault: LandedFault,
  restoredAt: Millis,
  live: readonly number[],
  judgement: Judgement,
  evidence: (HistoryEvent | undefined)[],
): RestoreFinding {
  const subject = `${describeFault(fault)}: restored at ${formatMs(restoredAt)} to [${live.join(', ')}]`;
  const followUps = judgement.records.filter(
    (record) =>
      record.openedAt >= restoredAt &&
      !record.clientAborted &&
      record.clientFault === undefined &&
      record.closedAt !== undefined,
  );
  const answered = followUps.find((record) => record.outcome === 'answered');
  if (answered) {
    return {
      status: 'pass',
      text: `${subject}, follow-up ${describeConnection(answered)} answered`,
      evidence: [fault.landed, ...evidence.slice(1, 6), ...eventsOfConnection(answered, judgement.clientEvents)],
      fault,
      restoredAt,
    };
  }
  if (followUps.length > 0) {
    const text = `${subject}, but none of the ${count(followUps.length, 'follow-up connection')} opened since was answered: ${listFirst(followUps.map(describeConnection), 3, ', ')}`;
    return {
      status: 'fail',
      text,
      evidence: [
        fault.landed,
        ...evidence.slice(1, 4),
        ...followUps.slice(0, 3).flatMap((record) => eventsOfConnection(record, judgement.clientEvents)),
        ...evidence.slice(4),
      ],
      cause: notAnswering(text),
      fault,
      restoredAt,
    };
  }
  return {
    status: 'unknown',
    text: `${subject}, but no connection was opened after the restore: nothing proves the restored cluster answers`,
    evidence,
    fault,
    restoredAt,
  };
}
