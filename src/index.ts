// The public surface of cluster-chaos.

export * from './history/events.js';
export { History, type HistoryJSON, type HistoryListener } from './history/history.js';
export { Clock } from './history/clock.js';
export { connectionRecords, type ConnectionRecord } from './history/connections.js';
export * from './invariants/verdict.js';
export { startCluster, StartedCluster, type StopResult, type ClusterProcess, type WaitOptions, type WaitForWorkersOptions } from './cluster/start-cluster.js';
export type { StartClusterOptions } from './cluster/options.js';
export { topologies, topologyNames, type TopologyName } from './cluster/topologies.js';
export { OutputBuffer } from './cluster/output-buffer.js';
export { ClusterChaosError, ClusterOptionsError, ClusterStartError, WaitTimeoutError, type StartFailureReason } from './cluster/errors.js';
export { formatEvent, formatEvents } from './history/format.js';
