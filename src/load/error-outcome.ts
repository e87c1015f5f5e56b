// Turns a socket error into a connection outcome, by protocol and by how far the connection got.

import type { ConnectionOutcome } from '../history/events.js';

/**
 * The outcome of a connection that ended with a socket error:
 * - `ECONNREFUSED` is `refused`;
 * - TCP: bytes arrived before the error, so the answer was delivered: `answered` (the error code is kept);
 * - `ECONNRESET` and `EPIPE` are `reset`, even before the client saw its connect complete (a server that resets
 *   at accept does so before libuv reports the connect);
 * - any other error is `refused` before the connect succeeded (EADDRNOTAVAIL, EHOSTUNREACH...: the connection
 *   was never established), `reset` after it.
 */
export function outcomeOfError(
  code: string | undefined,
  protocol: 'tcp' | 'http',
  connected: boolean,
  received: boolean,
): ConnectionOutcome {
  if (code === 'ECONNREFUSED') return 'refused';
  if (protocol === 'tcp' && received) return 'answered';
  if (code === 'ECONNRESET' || code === 'EPIPE' || connected) return 'reset';
  return 'refused';
}
