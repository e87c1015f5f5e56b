// What a fault is: its kind, its target, its parameters; validated where it enters.

import type { FaultKind } from '../history/events.js';
import { ClusterOptionsError } from '../cluster/errors.js';

export type { FaultKind };

export const faultKinds: readonly FaultKind[] = [
  'SIGKILL',
  'SIGTERM',
  'exit',
  'uncaught-exception',
  'unhandled-rejection',
  'hang',
  'ipc-disconnect',
];

/** Which process a fault hits: a worker picked at random (seeded), the newest or oldest ready worker, the master, or a pid. */
export type FaultTarget = 'random' | 'newest' | 'oldest' | 'master' | { pid: number };

export interface Fault {
  kind: FaultKind;
  /** Default `'random'` (a ready worker, picked by the cluster's seeded random source). */
  target?: FaultTarget;
  /** For `exit`: the exit code. Default 1. */
  code?: number;
  /** For `hang`: how long the event loop is blocked, in ms. Default 1000. */
  durationMs?: number;
  /**
   * In flight: the fault is armed in the target and fires as the target receives its next connection (`true`)
   * or the connection from this client port, before the app can answer it. Default false: it fires now.
   */
  inFlight?: boolean | { clientPort: number };
}

/**
 * Kinds that end the process, unless the app handles them (SIGTERM, an uncaught exception with a handler, a worker
 * that outlives its IPC channel: node:cluster workers and well-made hand-off workers exit when it closes). Only a hang
 * leaves the process to go on.
 */
export const endingKinds: ReadonlySet<FaultKind> = new Set([
  'SIGKILL',
  'SIGTERM',
  'exit',
  'uncaught-exception',
  'unhandled-rejection',
  'ipc-disconnect',
]);

/** Kinds the harness delivers as a signal from outside; the others are carried out by the probe inside the process. */
export const signalKinds: ReadonlySet<FaultKind> = new Set(['SIGKILL', 'SIGTERM']);

export function validateFault(fault: Fault): Required<Pick<Fault, 'kind' | 'target'>> & Fault {
  if (fault === null || typeof fault !== 'object')
    throw new ClusterOptionsError('fault', 'must be an object such as { kind: "SIGKILL" }');
  if (!faultKinds.includes(fault.kind)) {
    throw new ClusterOptionsError(
      'fault.kind',
      `unknown fault kind ${JSON.stringify(fault.kind)}; known: ${faultKinds.join(', ')}`,
    );
  }
  const target = fault.target ?? 'random';
  const validTarget =
    target === 'random' ||
    target === 'newest' ||
    target === 'oldest' ||
    target === 'master' ||
    (typeof target === 'object' && target !== null && Number.isInteger(target.pid) && target.pid > 0);
  if (!validTarget) {
    throw new ClusterOptionsError(
      'fault.target',
      `must be 'random', 'newest', 'oldest', 'master' or { pid }, got ${JSON.stringify(target)}`,
    );
  }
  if (fault.code !== undefined && (!Number.isInteger(fault.code) || fault.code < 0 || fault.code > 255)) {
    throw new ClusterOptionsError(
      'fault.code',
      `must be an integer exit code from 0 to 255, got ${JSON.stringify(fault.code)}`,
    );
  }
  if (fault.durationMs !== undefined && (!Number.isFinite(fault.durationMs) || fault.durationMs <= 0)) {
    throw new ClusterOptionsError(
      'fault.durationMs',
      `must be a positive number of ms, got ${JSON.stringify(fault.durationMs)}`,
    );
  }
  return { ...fault, target };
}
