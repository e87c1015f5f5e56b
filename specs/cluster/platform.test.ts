// The platform guard: anywhere but Linux with /proc, a typed error whose first line says what is needed.

import { describe, expect, test } from 'vitest';
import { ClusterChaosError } from '../../src/cluster/errors.js';
import { assertProcfs, UnsupportedPlatformError } from '../../src/cluster/platform.js';

describe('assertProcfs', () => {
  test.each(['darwin', 'win32', 'freebsd'])('on %s it throws an UnsupportedPlatformError', (platform) => {
    let thrown: unknown;
    try {
      assertProcfs({ platform, hasProcfs: () => true });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnsupportedPlatformError);
    expect(thrown).toBeInstanceOf(ClusterChaosError);
    const error = thrown as UnsupportedPlatformError;
    expect(error.message.split('\n')[0]).toBe(`cluster-chaos needs Linux (it reads /proc); this is ${platform}`);
    expect(error.platform).toBe(platform);
    expect(error.name).toBe('UnsupportedPlatformError');
  });

  test('on Linux without /proc mounted it throws too, saying so', () => {
    expect(() => assertProcfs({ platform: 'linux', hasProcfs: () => false })).toThrow(
      /^cluster-chaos needs Linux \(it reads \/proc\); this is linux without \/proc mounted$/m,
    );
  });

  test('on Linux with /proc it passes, and the defaults read this machine', () => {
    expect(() => assertProcfs({ platform: 'linux', hasProcfs: () => true })).not.toThrow();
    expect(() => assertProcfs()).not.toThrow();
  });
});
