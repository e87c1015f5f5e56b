// The client faults a check draws and the idle bound it holds the app to, resolved from its options where they enter.

import { ClusterOptionsError } from '../../cluster/errors.js';
import type { ClientFaultKind } from '../../history/events.js';
import { clientFaultKinds } from '../../load/client-faults.js';
import { positive } from './option-checks.js';

/** The kinds that need a request to cut or drip: a run over TCP sends no payload, so it cannot play them. */
const needRequest: readonly ClientFaultKind[] = ['stall', 'slow-drip'];

/** The kinds an idle-clients check is about. */
const idleKinds: readonly ClientFaultKind[] = ['connect-then-silence', 'stall', 'slow-drip'];

/** Every kind a run over `protocol` can play, plainest first. */
export function playableClientFaultKinds(protocol: 'tcp' | 'http'): ClientFaultKind[] {
  return clientFaultKinds.filter((kind) => protocol === 'http' || !needRequest.includes(kind));
}

/**
 * The client fault kinds schedules draw, plainest first (so shrinking goes toward `reset`): none when off; `true` every
 * kind the protocol can play; a list those kinds (each known, each playable). With `maxIdleMs` and no client faults
 * asked for, the idle kinds the protocol can play (an idle bound with no idle client would prove nothing).
 *
 * @throws ClusterOptionsError naming `option` for an unknown kind, or one the protocol cannot play.
 */
export function resolveClientFaultKinds(
  choice: boolean | readonly string[] | undefined,
  protocol: 'tcp' | 'http',
  maxIdleMs: number | undefined,
  option = 'clientFaults',
): ClientFaultKind[] {
  const playable = playableClientFaultKinds(protocol);
  if (choice === undefined || choice === false)
    return maxIdleMs === undefined ? [] : playable.filter((kind) => idleKinds.includes(kind));
  if (choice === true) return playable;
  if (!Array.isArray(choice) || choice.length === 0)
    throw new ClusterOptionsError(option, `must be true, false or a non-empty list of client fault kinds`);
  for (const kind of choice) {
    if (!clientFaultKinds.includes(kind as ClientFaultKind))
      throw new ClusterOptionsError(
        option,
        `unknown client fault ${JSON.stringify(kind)}: one of ${clientFaultKinds.join(', ')}`,
      );
    if (!playable.includes(kind as ClientFaultKind))
      throw new ClusterOptionsError(
        option,
        `${kind} needs a request to cut or drip, and runs over TCP send none: check over HTTP, or leave it out`,
      );
  }
  return clientFaultKinds.filter((kind) => choice.includes(kind));
}

/** `maxIdleMs`: a positive integer below the connection timeout (a client that gives up first proves nothing). */
export function resolveMaxIdleMs(maxIdleMs: number | undefined, connectionTimeoutMs: number): number | undefined {
  if (maxIdleMs === undefined) return undefined;
  positive('maxIdleMs', maxIdleMs);
  if (maxIdleMs >= connectionTimeoutMs)
    throw new ClusterOptionsError(
      'maxIdleMs',
      `must be below the connection timeout (${connectionTimeoutMs} ms), got ${maxIdleMs}: a client gives up before the app had to cut it off, so nothing would be judged`,
    );
  return maxIdleMs;
}
