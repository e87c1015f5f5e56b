// The platform guard: cluster-chaos reads /proc, so anything that would read it first checks that it is there.

import { existsSync } from 'node:fs';
import { ClusterChaosError } from './errors.js';

/** cluster-chaos runs only where /proc is (Linux): raised before anything is started elsewhere. */
export class UnsupportedPlatformError extends ClusterChaosError {
  override name = 'UnsupportedPlatformError';
  readonly platform: string;

  constructor(platform: string) {
    super(
      [
        `cluster-chaos needs Linux (it reads /proc); this is ${platform}`,
        'It finds the processes of a cluster, their parents, environments and listening ports in /proc: run it on',
        'Linux (a container or a CI runner will do).',
      ].join('\n'),
    );
    this.platform = platform;
  }
}

export interface PlatformProbe {
  /** Default: `process.platform`. */
  platform?: string;
  /** Whether /proc is there to read. Default: `/proc/self/stat` exists. */
  hasProcfs?: () => boolean;
}

/**
 * Throws an UnsupportedPlatformError unless the platform is Linux with /proc mounted. Both facts can be given, so that
 * the guard can be exercised on the Linux machine the specs run on.
 */
export function assertProcfs(probe: PlatformProbe = {}): void {
  const platform = probe.platform ?? process.platform;
  const hasProcfs = probe.hasProcfs ?? (() => existsSync('/proc/self/stat'));
  if (platform !== 'linux') throw new UnsupportedPlatformError(platform);
  if (!hasProcfs()) throw new UnsupportedPlatformError(`${platform} without /proc mounted`);
}
