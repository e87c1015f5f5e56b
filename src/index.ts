// The public surface of cluster-chaos.

export * from './history/events.js';
export { History, type HistoryJSON, type HistoryListener } from './history/history.js';
export { Clock } from './history/clock.js';
export { connectionRecords, type ConnectionRecord } from './history/connections.js';
export {
  startCluster,
  StartedCluster,
  type StopOptions,
  type StopResult,
  type ClusterProcess,
  type WaitOptions,
  type WaitForWorkersOptions,
} from './cluster/start-cluster.js';
export type { StartClusterOptions } from './cluster/options.js';
export { describeReload, type ReloadHow, type ReloadOptions, type ReloadResult } from './cluster/reload-cluster.js';
export { nodeStripsTypes, type TypeScriptLoader } from './cluster/typescript-loader.js';
export { topologies, topologyNames, type TopologyName } from './cluster/topologies.js';
export { OutputBuffer } from './cluster/output-buffer.js';
export {
  ClusterChaosError,
  ClusterOptionsError,
  ClusterStartError,
  MasterExitedError,
  WaitTimeoutError,
  ReloadError,
  type StartFailureReason,
  type ReloadFailureReason,
} from './cluster/errors.js';
export { formatEvent, formatEvents } from './history/format.js';
export { faultKinds, type Fault, type FaultTarget } from './faults/fault.js';
export { FaultInjectionError, type InjectedFault } from './faults/inject-fault.js';
export { seededRandom } from './faults/random.js';
export * from './invariants/index.js';
export {
  checkResilience,
  type ResilienceResult,
  type ResilienceProgress,
  type RunSummary,
} from './property/check-resilience.js';
export type { CheckResilienceOptions } from './property/check-resilience-options.js';
export type { Shard } from './property/shard-schedules.js';
export type { CampaignResult, ResultDocument } from './results/result-document.js';
export { runSchedule, type RunScheduleOptions, type RunResult } from './property/run-schedule.js';
export * from './property/arbitraries.js';
export * from './property/schedule.js';
export { smallestSchedules } from './property/smallest-schedules.js';
export { campaignSeed } from './property/campaign-seed.js';
export { burst, type BurstResult } from './load/burst.js';
export type { BurstOptions } from './load/burst-options.js';
export { connectOnce, type ConnectOnceOptions, type ConnectOnceResult } from './load/connect-once.js';
export { LoadOptionsError } from './load/errors.js';
export * from './report/index.js';
