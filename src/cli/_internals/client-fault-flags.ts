// `--client-faults [KINDS]` and `--max-idle MS` of `cluster-chaos check`, read into checkResilience's options or a usage error.

import { ClusterOptionsError } from '../../cluster/errors.js';
import { resolveStartOptions, type StartClusterOptions } from '../../cluster/options.js';
import type { ClientFaultKind } from '../../history/events.js';
import { clientFaultKinds } from '../../load/client-faults.js';
import { resolveClientFaultKinds, resolveMaxIdleMs } from '../../property/_internals/client-fault-options.js';
import { checkResilienceDefaults } from '../../property/_internals/resolve-options.js';
import { UsageError } from '../usage-error.js';
import { positiveInteger } from './flag-values.js';

/** What `--client-faults` alone stands for: every kind the protocol can play. */
const allKinds = 'all';

/** A value `--client-faults` may take: `all`, or kinds separated by commas (`reset,stall`). */
function isKindList(text: string): boolean {
  return text === allKinds || text.split(',').every((kind) => clientFaultKinds.includes(kind as ClientFaultKind));
}

/**
 * `--client-faults` takes an optional value: alone (or followed by another flag or by the entry) it is
 * `--client-faults=all`; followed by a list of kinds, that list. node:util's parseArgs has no optional values, so the
 * arguments are rewritten before it reads them.
 */
export function withClientFaultsValue(own: readonly string[]): string[] {
  const out: string[] = [];
  for (let index = 0; index < own.length; index++) {
    const argument = own[index]!;
    const next = own[index + 1];
    if (argument !== '--client-faults') out.push(argument);
    else if (next !== undefined && isKindList(next)) {
      out.push(`--client-faults=${next}`);
      index++;
    } else out.push(`--client-faults=${allKinds}`);
  }
  return out;
}

/** The flags as checkResilience options: `clientFaults` (false when not given) and `maxIdleMs` (when given). */
export function clientFaultFlags(
  clientFaults: string | undefined,
  maxIdle: string | undefined,
  cluster: StartClusterOptions,
): { clientFaults: boolean | ClientFaultKind[]; maxIdleMs: number | undefined } {
  const maxIdleMs = maxIdle === undefined ? undefined : positiveInteger('--max-idle', maxIdle, 0);
  let chosen: boolean | ClientFaultKind[] = false;
  if (clientFaults !== undefined) {
    if (!isKindList(clientFaults))
      throw new UsageError(
        `--client-faults takes ${allKinds} or kinds separated by commas (${clientFaultKinds.join(', ')}), got ${JSON.stringify(clientFaults)}`,
      );
    chosen = clientFaults === allKinds ? true : (clientFaults.split(',') as ClientFaultKind[]);
  }
  let protocol: 'tcp' | 'http';
  try {
    protocol = resolveStartOptions(cluster).protocol;
  } catch {
    // The cluster's own options are reported where the check starts it; the flags are checked there too.
    return { clientFaults: chosen, maxIdleMs };
  }
  try {
    resolveClientFaultKinds(chosen, protocol, maxIdleMs, '--client-faults');
    resolveMaxIdleMs(maxIdleMs, checkResilienceDefaults.connectionTimeoutMs);
  } catch (error) {
    if (!(error instanceof ClusterOptionsError)) throw error;
    throw new UsageError(error.message.replace(/^maxIdleMs/, '--max-idle'), { cause: error });
  }
  return { clientFaults: chosen, maxIdleMs };
}
