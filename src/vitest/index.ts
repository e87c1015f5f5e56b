// The vitest entry point of cluster-chaos: a per-test cluster fixture, typed matchers, and the whole library.

import './matchers.js';

export { clusterTest, OrphanProcessesError, type ClusterFixtures, type ClusterTestOptions } from './cluster-test.js';
export type { ClusterMatchers, HistorySource } from './matchers.js';
export * from '../index.js';
