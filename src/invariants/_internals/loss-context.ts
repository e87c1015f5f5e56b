// What the cause rules of a lost connection read, and the questions they ask of it: roles, faults, moments with no worker.

import type { Millis, ProcessExitEvent, ProcessRole } from '../../history/events.js';
import { formatMs } from './evidence.js';
import type { ExcuseContext } from './excuse.js';
import { isAbrupt, type LandedFault } from './faults.js';
import { liveWorkersAt, type WorkerLife } from './processes.js';
import type { ReloadWindow } from './reloads.js';

/** What the cause rules read besides the connection itself. */
export interface LossContext extends ExcuseContext {
  /** The first exit of each pid. */
  exits: ReadonlyMap<number, ProcessExitEvent>;
  lives: ReadonlyMap<number, WorkerLife>;
  roles: ReadonlyMap<number, ProcessRole>;
  /** The workers are node:cluster workers (a `process-start` with `nodeClusterWorker`, or a dispatch by node:cluster). */
  nodeCluster: boolean;
  reloads: readonly ReloadWindow[];
  maxAnsweredStatus: number;
}

/** The word a pid is named with in a message (`master`, `worker`), or `pid` when it has no role. */
export function roleOf(pid: number, context: LossContext): string {
  const role = context.roles.get(pid) ?? (context.lives.has(pid) ? 'worker' : undefined);
  return role === undefined || role === 'other' ? 'pid' : role;
}

/** The faults that landed on a pid. */
export function faultsOn(pid: number, context: LossContext): LandedFault[] {
  return context.faults.filter((fault) => fault.landed.pid === pid);
}

/**
 * The first moment of [from, to] at which no worker takes connections, if any: none live, or every live one told to
 * stop (a SIGTERM) or hit by a fault that ends it (a worker that drains has closed its server: with node:cluster the
 * port closes with the last worker that listens).
 */
export function momentWithNoWorker(
  from: Millis,
  to: Millis,
  context: Pick<LossContext, 'lives' | 'faults'>,
): Millis | undefined {
  const stopping = (pid: number, t: Millis) =>
    context.faults.some(
      (fault) =>
        fault.landed.pid === pid &&
        fault.landed.t <= t &&
        (fault.landed.kind === 'SIGTERM' || isAbrupt(fault.landed.kind)),
    );
  const accepting = (t: Millis) => liveWorkersAt(context.lives, t).filter((pid) => !stopping(pid, t));
  const moments = [
    from,
    ...[...context.lives.values()].flatMap((life) =>
      life.exitedAt !== undefined && life.exitedAt > from && life.exitedAt <= to ? [life.exitedAt] : [],
    ),
    ...context.faults.flatMap((fault) => (fault.landed.t > from && fault.landed.t <= to ? [fault.landed.t] : [])),
  ];
  return moments.sort((a, b) => a - b).find((moment) => accepting(moment).length === 0);
}

/** The stretch with no worker live around `moment`, for a message: `the last exited at 106ms, the next ready at 300ms`. */
export function describeGap(moment: Millis, context: Pick<LossContext, 'lives' | 'faults'>): string {
  const all = [...context.lives.values()];
  const nextReady = all.flatMap((life) => (life.readyAt > moment ? [life.readyAt] : [])).sort((a, b) => a - b)[0];
  const next = `the next was ready at ${nextReady === undefined ? 'no time in this history' : formatMs(nextReady)}`;
  // Live but told to stop: the workers that were draining (or dying of a fault) then.
  const stopping = liveWorkersAt(context.lives, moment);
  if (stopping.length > 0) {
    const told = stopping.map((pid) => {
      const fault = context.faults
        .filter((candidate) => candidate.landed.pid === pid && candidate.landed.t <= moment)
        .at(-1);
      return fault ? `${pid} (${fault.landed.kind} at ${formatMs(fault.landed.t)})` : `${pid}`;
    });
    return `the only live worker${stopping.length === 1 ? ' was' : 's were'} stopping: ${told.join(', ')}; ${next}`;
  }
  const lastExit = all
    .flatMap((life) => (life.exitedAt !== undefined && life.exitedAt <= moment ? [life.exitedAt] : []))
    .sort((a, b) => b - a)[0];
  return `the last worker exited at ${lastExit === undefined ? '?' : formatMs(lastExit)}, ${next}`;
}
