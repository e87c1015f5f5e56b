// The outcome of a socket error, by protocol and by how far the connection got (pure).

import { describe, expect, test } from 'vitest';
import { outcomeOfError } from '../../src/load/error-outcome.js';

describe('outcomeOfError', () => {
  test.each([
    // code, protocol, connected, bytes received, outcome
    ['ECONNREFUSED', 'tcp', false, false, 'refused'],
    ['ECONNREFUSED', 'http', false, false, 'refused'],
    ['ECONNRESET', 'tcp', true, false, 'reset'],
    ['ECONNRESET', 'tcp', false, false, 'reset'],
    ['EPIPE', 'tcp', true, false, 'reset'],
    ['ECONNRESET', 'tcp', true, true, 'answered'],
    ['EPIPE', 'tcp', true, true, 'answered'],
    ['ECONNRESET', 'http', true, true, 'reset'],
    ['EADDRNOTAVAIL', 'tcp', false, false, 'refused'],
    ['ETIMEDOUT', 'http', true, false, 'reset'],
    [undefined, 'tcp', false, false, 'refused'],
  ] as const)('%s over %s (connected %s, bytes %s) is %s', (code, protocol, connected, received, outcome) => {
    expect(outcomeOfError(code, protocol, connected, received)).toBe(outcome);
  });
});
