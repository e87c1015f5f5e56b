// When a reload is complete: the rule reloadCluster waits on, over the worker sets CI runs of reload/rolling showed.

import { describe, expect, test } from 'vitest';
import { reloadProgress, type ReloadStartWorkers } from '../../src/cluster/reload-completion.js';

const alive =
  (...pids: number[]) =>
  (pid: number): boolean =>
    pids.includes(pid);

describe('reloadProgress', () => {
  test('complete once the workers ready at its start are gone and the baseline is ready', () => {
    const start: ReloadStartWorkers = { mustGo: [1, 2], before: new Set([1, 2]) };
    expect(reloadProgress(start, { ready: [1, 2, 3], starting: [], isAlive: alive(1, 2, 3) }, 2)).toEqual({
      complete: false,
      waitingFor: 'workers 1, 2 (ready at its start) to be gone',
    });
    expect(reloadProgress(start, { ready: [3, 4], starting: [], isAlive: alive(3, 4) }, 2)).toEqual({
      complete: true,
    });
  });

  // Seen in CI (seed 198772413): worker 6404 ready at the start; 6405 forked just before it, online for the app (so
  // old) but not yet known to the harness. 6404 was sent SIGTERM and replaced (6419, still starting); 6418 replaced
  // 6405, which the app retired 3 ms after the harness had ended the reload: 1 worker live after "the end".
  test('not complete while a worker is still starting, even with the baseline ready', () => {
    const start: ReloadStartWorkers = { mustGo: [6404], before: new Set([6404]) };
    const seen = { ready: [6405, 6418], starting: [6419], isAlive: alive(6405, 6418, 6419) };
    expect(reloadProgress(start, seen, 2)).toEqual({
      complete: false,
      waitingFor: 'worker 6419 to finish starting',
    });
    expect(reloadProgress(start, { ready: [6418, 6419], starting: [], isAlive: alive(6418, 6419) }, 2)).toEqual({
      complete: true,
    });
  });

  test('not complete while a worker from before the reload stands next to a full set of new ones', () => {
    // 7152 was starting as the reload began: the app counts it old and retires it once its replacement listens.
    const start: ReloadStartWorkers = { mustGo: [7151], before: new Set([7151, 7152]) };
    expect(
      reloadProgress(start, { ready: [7152, 7172, 7173], starting: [], isAlive: alive(7152, 7172, 7173) }, 2),
    ).toEqual({ complete: false, waitingFor: '2 ready workers (3 now, worker 7152 from before the reload)' });
    expect(reloadProgress(start, { ready: [7172, 7173], starting: [], isAlive: alive(7172, 7173) }, 2)).toEqual({
      complete: true,
    });
  });

  test('complete with a worker from before the reload that the app keeps (it counts it new), at the baseline', () => {
    const start: ReloadStartWorkers = { mustGo: [1], before: new Set([1, 2]) };
    expect(reloadProgress(start, { ready: [2, 3], starting: [], isAlive: alive(2, 3) }, 2)).toEqual({
      complete: true,
    });
  });

  test('complete with one worker too many when every ready worker is new: worker-count-restored judges it', () => {
    const start: ReloadStartWorkers = { mustGo: [1, 2], before: new Set([1, 2]) };
    expect(reloadProgress(start, { ready: [3, 4, 5], starting: [], isAlive: alive(3, 4, 5) }, 2)).toEqual({
      complete: true,
    });
  });

  test('not complete below the baseline', () => {
    const start: ReloadStartWorkers = { mustGo: [1, 2], before: new Set([1, 2]) };
    expect(reloadProgress(start, { ready: [3], starting: [], isAlive: alive(3) }, 2)).toEqual({
      complete: false,
      waitingFor: '2 ready workers (1 now)',
    });
  });
});
