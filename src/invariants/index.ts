// The public surface of the invariants: one pure checker per invariant, the combined check, and the verdict type.

export { checkInvariants, type CheckOptions, type CheckResult } from './check.js';
export { everyConnectionAnswered, type EveryConnectionAnsweredOptions } from './every-connection-answered.js';
export { workerCountRestored, type WorkerCountRestoredOptions } from './worker-count-restored.js';
export { everyReloadCompletes } from './every-reload-completes.js';
export { everyWorkerDeathExplained } from './every-worker-death-explained.js';
export { masterSurvived } from './master-survived.js';
export { noOrphans } from './no-orphans.js';
export { fairness, type FairnessOptions } from './fairness.js';
export { restartLatency, type RestartLatencyOptions } from './restart-latency.js';
export { handledOnce } from './handled-once.js';
export { runFigures, type RunFigures, type RunFiguresOptions } from './run-figures.js';
export {
  worstStatus,
  type FailureCause,
  type InvariantName,
  type Verdict,
  type VerdictDetail,
  type VerdictStatus,
} from './verdict.js';
