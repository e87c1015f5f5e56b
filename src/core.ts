// The core of cluster-chaos, exported by both entry points (`cluster-chaos` and `cluster-chaos/vitest`): start a real
// cluster, drive it, check it, and run a property-based campaign against it; with every type their signatures use.

// Start a cluster and drive it: the started handle, its options and what its methods take and give.
export { startCluster } from './cluster/start-cluster.js';
export type { StartedCluster } from './cluster/started-cluster.js';
export type {
  BurstCall,
  ClusterProcess,
  StopOptions,
  StopResult,
  WaitForWorkersOptions,
  WaitOptions,
} from './cluster/cluster-handle-types.js';
export type { ResolvedStartOptions, StartClusterOptions } from './cluster/options.js';
export type { TopologyName } from './cluster/topologies.js';
export type { TypeScriptLoader } from './cluster/typescript-loader.js';
export type { ReloadOptions, ReloadResult } from './cluster/reload-cluster.js';
export type { ReloadHow } from './cluster/reload-how.js';
export type { OutputBuffer, OutputChunk } from './cluster/output-buffer.js';
export type { Clock } from './history/clock.js';
export type { BurstResult } from './load/burst.js';
export type { BurstOptions } from './load/burst-options.js';
export type { ClientFaults } from './load/client-faults.js';

// Faults: what can be injected, and what an injection gives back.
export { faultKinds, type Fault, type FaultTarget } from './faults/fault.js';
export type { InjectedFault } from './faults/inject-fault.js';

// The history every check reads.
export type { History, HistoryJSON, HistoryListener } from './history/history.js';
export type * from './history/events.js';

// Check a history: the invariants and their verdicts.
export { checkInvariants, type CheckOptions, type CheckResult } from './invariants/check.js';
export type { FailureCause, InvariantName, Verdict, VerdictDetail, VerdictStatus } from './invariants/verdict.js';
export type { EveryConnectionAnsweredOptions } from './invariants/every-connection-answered.js';
export type { WorkerCountRestoredOptions } from './invariants/worker-count-restored.js';
export type { FairnessOptions } from './invariants/fairness.js';
export type { RestartLatencyOptions } from './invariants/restart-latency.js';
export type { IdleClientsCutOffOptions } from './invariants/idle-clients-cut-off.js';
export type { RunFigures, RunFiguresOptions } from './invariants/run-figures.js';

// Property-based campaigns: generated schedules, one run, a whole campaign and its result.
export { scheduleArbitrary, type ScheduleConstraints } from './property/arbitraries.js';
export type { BurstStep, CrashStep, PauseStep, ReloadStep, Schedule, SettleStep, Step } from './property/schedule.js';
export { runSchedule, type RunResult, type RunScheduleOptions, type StepRecord } from './property/run-schedule.js';
export { checkResilience, type ResilienceProgress } from './property/check-resilience.js';
export type { CheckResilienceOptions } from './property/check-resilience-options.js';
export type { CampaignPhase } from './property/campaign-progress.js';
export type {
  CampaignStatus,
  CampaignTotals,
  HarnessFailure,
  Problem,
  ResilienceResult,
  RunRow,
  RunSummary,
} from './property/resilience-result.js';
export { campaignSeed } from './property/campaign-seed.js';
export type { Shard } from './property/shard-schedules.js';

// Errors: one base, a class per family.
export {
  ClusterChaosError,
  ClusterOptionsError,
  ClusterStartError,
  MasterExitedError,
  ReloadError,
  WaitTimeoutError,
  type CauseOption,
  type ReloadFailureReason,
  type StartFailureReason,
} from './cluster/errors.js';
export type { ClusterChaosErrorOptions, ErrorContext } from './errors/cluster-chaos-error.js';
export { UnsupportedPlatformError } from './cluster/platform.js';
export { FaultInjectionError } from './faults/inject-fault.js';
export { LoadOptionsError } from './load/errors.js';
