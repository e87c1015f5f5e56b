// The public surface of cluster-chaos: the core (also in `cluster-chaos/vitest`), then the parts for building your
// own checks, load and reports. Every name is listed on purpose; specs/api/ holds the list and fails on a change.

export * from './core.js';

// The cluster's fixtures by name (`startCluster({ topology })`).
export { topologyNames } from './cluster/topologies.js';

// The history as data: build one, or read the connections out of one.
export { History } from './history/history.js';
export { connectionRecords, type ConnectionRecord } from './history/connections.js';

// Each invariant on its own (`checkInvariants` runs them all), and the figures of a run.
export { everyConnectionAnswered } from './invariants/every-connection-answered.js';
export { workerCountRestored } from './invariants/worker-count-restored.js';
export { everyReloadCompletes } from './invariants/every-reload-completes.js';
export { everyWorkerDeathExplained } from './invariants/every-worker-death-explained.js';
export { masterSurvived } from './invariants/master-survived.js';
export { noOrphans } from './invariants/no-orphans.js';
export { handledOnce } from './invariants/handled-once.js';
export { idleClientsCutOff } from './invariants/idle-clients-cut-off.js';
export { fairness } from './invariants/fairness.js';
export { restartLatency } from './invariants/restart-latency.js';
export { runFigures } from './invariants/run-figures.js';

// Schedules step by step: the arbitraries `scheduleArbitrary` is made of, and the smallest schedules of each kind.
export {
  burstStepArbitrary,
  crashStepArbitrary,
  faultArbitrary,
  pauseStepArbitrary,
  reloadStepArbitrary,
  stepArbitrary,
} from './property/arbitraries.js';
export { smallestSchedules } from './property/smallest-schedules.js';

// Load on any port, without a started cluster.
export { burst } from './load/burst.js';
export { connectOnce, type ConnectOnceOptions, type ConnectOnceResult } from './load/connect-once.js';

// Reports: the timeline picture, the HTML page, the terminal text, and the files written to disk.
export type { ReportInput, ReportProblem, ReportStatus } from './report/report-input.js';
export { renderTimelineSvg, type TimelineSvgOptions } from './report/timeline-svg.js';
export { renderHtmlReport, type HtmlReportOptions } from './report/html-report.js';
export { renderTextReport, type TextReportOptions } from './report/text-report.js';
export { writeReport, type WrittenReport } from './report/write-report.js';
export { resilienceReportInput, type ReportTarget } from './report/resilience-report.js';

// Results CI tools read: the JSON document `check --json` writes and `merge` reads (schema: docs/result.schema.json).
export type { CampaignResult, ResultDocument, ResultProblem, ResultTarget } from './results/result-document.js';
