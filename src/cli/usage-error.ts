// The error of bad input or usage on the command line.

import { ClusterChaosError } from '../errors/cluster-chaos-error.js';

/** Bad input or usage: the CLI prints its one-line message and exits with code 2. */
export class UsageError extends ClusterChaosError {
  override name = 'UsageError';
}
