// The vitest entry point of cluster-chaos: a per-test cluster fixture (and, with it, the whole library).

export { clusterTest, OrphanProcessesError, type ClusterFixtures, type ClusterTestOptions } from './cluster-test.js';
export * from '../index.js';
