// What worker-count-restored finds for one fault or reload end, the facts every rule reads, and the causes it names.

import type { ConnectionRecord } from '../../history/connections.js';
import type { HistoryEvent, Millis } from '../../history/events.js';
import type { VerdictStatus } from '../verdict.js';
import type { CauseOfFailure } from './causes.js';
import type { LandedFault } from './faults.js';
import type { WorkerLife } from './processes.js';
import type { ReloadWindow } from './reloads.js';
import type { JudgedRun } from './timeline.js';

/** The cause keys of worker-count-restored (stable: a campaign groups its failures by them). */
export type RestoreCauseKey =
  | 'worker-count-restored/not-restored'
  | 'worker-count-restored/too-many-workers'
  | 'worker-count-restored/not-answering-after-restore';

/** The fixes, by cause. */
export const restoreFixes = {
  notRestored:
    "Replace every worker that exits (fork again on its 'exit', once per worker) within restoreWithin, keep the replacement up, and make sure a faulted worker really goes: the live workers must come back to exactly the baseline and stay there.",
  tooManyWorkers:
    "Fork a replacement only for a worker that is gone, and only once (not on both 'disconnect' and 'exit'), and retire every old worker at the end of a reload: the live workers must come back to exactly the baseline, not more.",
  notAnsweringAfterRestore:
    'The cluster was back to its baseline workers but did not answer: check that a replacement listens (or is handed connections) once it is ready, and that a worker recovers from a pause.',
} as const;

/** One judged fault or reload end. */
export interface RestoreFinding {
  status: VerdictStatus;
  text: string;
  /** Most relevant first. */
  evidence: (HistoryEvent | undefined)[];
  /** For `fail`: why. */
  cause?: CauseOfFailure & { key: RestoreCauseKey };
  /** The worker fault judged (absent for a reload end, or a fault that never landed). */
  fault?: LandedFault;
  /** The reload whose end was judged. */
  reload?: ReloadWindow;
  /** The restore moment r of a worker fault, when one was reached. */
  restoredAt?: Millis;
}

/** What the rules of worker-count-restored read: the run, its baseline, its workers' lives, connections and faults. */
export interface Judgement {
  run: JudgedRun;
  baseline: number;
  restoreWithinMs: Millis;
  lives: ReadonlyMap<number, WorkerLife>;
  records: readonly ConnectionRecord[];
  clientEvents: ReadonlyMap<number, HistoryEvent[]>;
  /** The worker faults judged: those that landed, and those whose target exited before they could (landed at that exit). */
  faults: readonly LandedFault[];
  reloads: readonly ReloadWindow[];
}

/** The cause of a count that did not come back to the baseline in time (or left it for fewer). */
export const notRestored = (text: string): RestoreFinding['cause'] => ({
  key: 'worker-count-restored/not-restored',
  origin: 'app',
  text,
  fix: restoreFixes.notRestored,
});
/** The cause of a restored cluster, or a hung worker after its hang, that did not answer. */
export const notAnswering = (text: string): RestoreFinding['cause'] => ({
  key: 'worker-count-restored/not-answering-after-restore',
  origin: 'app',
  text,
  fix: restoreFixes.notAnsweringAfterRestore,
});

/** The cause of a departure from the baseline. */
export function departureCause(text: string, live: readonly number[], baseline: number): RestoreFinding['cause'] {
  return live.length > baseline
    ? { key: 'worker-count-restored/too-many-workers', origin: 'app', text, fix: restoreFixes.tooManyWorkers }
    : notRestored(text);
}
