// Specs for the causes worker-count-restored names: each key with its own fix, a departure above or below the baseline.

import { describe, expect, it } from 'vitest';
import {
  departureCause,
  notAnswering,
  notRestored,
  restoreFixes,
} from '../../src/invariants/_internals/restore-finding.js';

describe('restore causes', () => {
  it('names a count that did not come back as not-restored, with its fix', () => {
    expect(notRestored('fault #1: not restored')).toEqual({
      key: 'worker-count-restored/not-restored',
      origin: 'app',
      text: 'fault #1: not restored',
      fix: restoreFixes.notRestored,
    });
  });

  it('names a restored cluster that did not answer as not-answering-after-restore', () => {
    expect(notAnswering('no follow-up answered')).toMatchObject({
      key: 'worker-count-restored/not-answering-after-restore',
      fix: restoreFixes.notAnsweringAfterRestore,
    });
  });

  it('names a departure by its direction: more workers than the baseline, or fewer', () => {
    expect(departureCause('3 live', [1, 2, 3], 2)).toMatchObject({
      key: 'worker-count-restored/too-many-workers',
      fix: restoreFixes.tooManyWorkers,
    });
    expect(departureCause('1 live', [1], 2)).toMatchObject({ key: 'worker-count-restored/not-restored' });
  });
});
