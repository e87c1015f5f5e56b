// The vitest entry point of cluster-chaos: what a vitest user needs. The per-test cluster fixture, the typed matchers
// (registered by importing this module), and the core (start, drive, check, campaign, errors); the rest of the library
// is in `cluster-chaos`.

import './matchers.js';

export { clusterTest, OrphanProcessesError, type ClusterFixtures, type ClusterTestOptions } from './cluster-test.js';
export { describeResilience, type ClusterMatchers, type HistorySource } from './matchers.js';
export * from '../core.js';
