// Specs for the fixes of the loss causes: each is advice a person can act on, ending as a sentence.

import { describe, expect, it } from 'vitest';
import { lossFixes } from '../../src/invariants/_internals/loss-fixes.js';

describe('lossFixes', () => {
  it.each(Object.entries(lossFixes))('%s ends as a sentence', (_name, fix) => {
    // A fix may open with a name as written in code (`node:cluster ...`), so only its end is checked.
    expect(fix).toMatch(/^\S.*\S\.$/s);
  });

  it('gives node:cluster (platform) and the app their own fix where their losses differ', () => {
    expect(lossFixes.handedToDeadWorkerPlatform).not.toBe(lossFixes.handedToDeadWorkerApp);
    expect(lossFixes.refusedNoWorkerPlatform).not.toBe(lossFixes.refusedNoWorkerApp);
    expect(lossFixes.acceptedNeverHandedOnPlatform).not.toBe(lossFixes.acceptedNeverHandedOnApp);
  });
});
