// The figures of one run (connections judged, answered, lost, excused; faults landed; restore times; reloads), by the verdicts' own judgement.

import type { FaultKind, HistoryEvent } from '../history/events.js';
import { connectionFates } from './_internals/connection-fates.js';
import { landedFaults } from './_internals/faults.js';
import { reloadWindows } from './_internals/reloads.js';
import { inTimeOrder, judgedRun } from './_internals/timeline.js';
import type { CheckOptions } from './check.js';
import { judgeRestores } from './_internals/judge-restores.js';

export interface RunFigures {
  connections: {
    /** Connections opened before the stop request, closed and not client-aborted: answered + lost + every excused. */
    judged: number;
    answered: number;
    /** Lost and not excused (in strict mode, every loss). */
    lost: number;
    /**
     * Lost and excused, by the excuse's kind (`LossExcuse['kind']`): `stop`, `master-killed`, `fault-on-holder`,
     * `fault-near-accept`; a kind with no excused loss is absent. Empty in strict mode.
     */
    excused: Record<string, number>;
    /** Connections of misbehaving clients (a client fault), not judged whatever their outcome; absent when none. */
    clientFaults?: number;
  };
  /** Faults that landed before the stop request, by kind. */
  faultsLanded: Partial<Record<FaultKind, number>>;
  /** For each worker fault that reached its restore moment r (in landing order): r minus the fault's landing, in ms. */
  restoreMs: number[];
  /** Reloads started before the stop request, and those of them that ended (`reload end`) before it. */
  reloads: { started: number; completed: number };
}

/** The options that change the figures: those of the invariants they come from. Everything else is ignored. */
export type RunFiguresOptions = Pick<CheckOptions, 'everyConnectionAnswered' | 'workerCountRestored'>;

/**
 * The figures of one run, for a campaign's totals. They come from the very judgement the verdicts make:
 * `connections` from every-connection-answered's (same judged set, same excuse rules, same `strict` and
 * `maxAnsweredStatus` options), `restoreMs` from worker-count-restored's restore moments (same `restoreWithinMs`), and
 * `reloads` from the same pairing of reload events as every-reload-completes. A verdict turned off (`false`) still
 * has its figures, with its default options.
 */
export function runFigures(events: readonly HistoryEvent[], options: RunFiguresOptions = {}): RunFigures {
  const timeline = inTimeOrder(events);
  const run = judgedRun(timeline);
  const optionsOf = <T extends object>(choice: boolean | T | undefined): T =>
    typeof choice === 'object' ? choice : ({} as T);

  const fates = connectionFates(timeline, optionsOf(options.everyConnectionAnswered));
  const excused: Record<string, number> = {};
  for (const { excuse } of fates.excused) excused[excuse.kind] = (excused[excuse.kind] ?? 0) + 1;

  const faultsLanded: Partial<Record<FaultKind, number>> = {};
  for (const fault of landedFaults(run.events))
    faultsLanded[fault.landed.kind] = (faultsLanded[fault.landed.kind] ?? 0) + 1;

  const restores = judgeRestores(timeline, optionsOf(options.workerCountRestored));
  const restoreMs =
    restores.kind === 'judged'
      ? restores.findings.flatMap((finding) =>
          finding.fault !== undefined && finding.restoredAt !== undefined
            ? [finding.restoredAt - finding.fault.landed.t]
            : [],
        )
      : [];

  const reloads = reloadWindows(run.events);
  return {
    connections: {
      judged: fates.answered.length + fates.excused.length + fates.violations.length,
      answered: fates.answered.length,
      lost: fates.violations.length,
      excused,
      ...(fates.clientFaulted.length > 0 ? { clientFaults: fates.clientFaulted.length } : {}),
    },
    faultsLanded,
    restoreMs,
    reloads: { started: reloads.length, completed: reloads.filter((reload) => reload.close?.phase === 'end').length },
  };
}
