// Injects one fault into a running cluster and records it in the history: by signal, or through the probe.

import type { ClusterControl } from '../cluster/cluster-control.js';
import { ClusterChaosError, ClusterOptionsError } from '../cluster/errors.js';
import type { FaultLandedEvent } from '../history/events.js';
import { endingKinds, signalKinds, validateFault, type Fault, type FaultTarget } from './fault.js';

/** The fault could not be injected: no worker to hit, or a target without a probe for a probe-only fault. */
export class FaultInjectionError extends ClusterChaosError {
  override name = 'FaultInjectionError';
}

export interface InjectedFault {
  /** The fault's number in the history. */
  fault: number;
  /** The pid it was aimed at. */
  pid: number;
  /** Armed in the target to fire as it receives a connection (`inFlight`), rather than injected at once. */
  inFlight: boolean;
  /**
   * Resolves with the landing event (for an in-flight fault: when the target receives the connection); rejects past
   * `readyTimeoutMs`, or as soon as the fault is disarmed (`cluster.disarm`).
   */
  landed: Promise<FaultLandedEvent>;
}

function describeTarget(target: FaultTarget): string {
  if (typeof target === 'object') return 'process';
  return target === 'master' ? 'master' : `${target} worker`;
}

function pickPid(cluster: ClusterControl, target: FaultTarget, random: () => number): number {
  if (typeof target === 'object') return target.pid;
  if (target === 'master') return cluster.masterPid;
  // A worker an ending fault already hit is dying, though its exit may not be seen yet: it is no target.
  const workers = cluster.workers.filter((pid) => !cluster.wasHitByEndingFault(pid));
  if (workers.length === 0) {
    throw new FaultInjectionError(`No ready worker to hit with a fault aimed at the ${target} worker`);
  }
  if (target === 'oldest') return workers[0]!;
  if (target === 'newest') return workers[workers.length - 1]!;
  return workers[Math.floor(random() * workers.length)]!;
}

/**
 * Injects a fault. Signals are sent from outside (and land as they are sent); the other kinds, and every
 * in-flight fault, are carried out by the target's probe, which reports the landing. Resolves once the fault
 * is requested; `landed` resolves when it lands (within `cluster.options.readyTimeoutMs`, or rejects; at once if the
 * target exits first).
 */
export function injectFault(cluster: ClusterControl, fault: Fault, random: () => number): InjectedFault {
  const spec = validateFault(fault);
  const pid = pickPid(cluster, spec.target, random);
  const role = cluster.roleOf(pid);
  const id = cluster.nextFaultId();
  const inFlight = spec.inFlight !== undefined && spec.inFlight !== false;
  const parameters = {
    ...(spec.kind === 'exit' ? { code: spec.code ?? 1 } : {}),
    ...(spec.kind === 'hang' ? { durationMs: spec.durationMs ?? 1000 } : {}),
  };
  cluster.history.record({
    type: 'fault-requested',
    t: cluster.clock.now(),
    fault: id,
    kind: spec.kind,
    pid,
    role,
    inFlight,
    target: describeTarget(spec.target),
    ...parameters,
  });

  const landed = cluster.waitUntil(
    () => {
      const landing = cluster.landedFault(id);
      if (landing !== undefined) return landing;
      const disarmed = cluster.disarmedFault(id);
      if (disarmed !== undefined)
        throw new FaultInjectionError(
          `Fault #${id} (${spec.kind} on ${role} ${pid}) was disarmed before it landed: ${disarmed.reason}`,
        );
      // A probe reports a landing before its process goes (one ordered stream), and a signal's landing is recorded as
      // it is sent: a target gone with no landing was dying already (another fault, or its own doing).
      if (!cluster.isAlive(pid))
        throw new FaultInjectionError(
          `Fault #${id} (${spec.kind} on ${role} ${pid}) never landed: the process exited before it could`,
        );
      return undefined;
    },
    `fault #${id} (${spec.kind} on ${role} ${pid}) to land`,
    cluster.options.readyTimeoutMs,
  );
  // A caller that only cares that the fault was requested must not see an unhandled rejection.
  landed.catch(() => undefined);

  if (inFlight) {
    const match = typeof spec.inFlight === 'object' ? spec.inFlight.clientPort : 'next';
    if (spec.kind === 'SIGKILL') cluster.noteKilledBy(pid, 'SIGKILL');
    if (!cluster.sendToProbe(pid, { type: 'arm', fault: id, kind: spec.kind, match, ...parameters })) {
      throw new FaultInjectionError(
        `Process ${pid} carries no probe: an in-flight fault needs one (only signals work from outside)`,
      );
    }
  } else if (signalKinds.has(spec.kind)) {
    const signal = spec.kind as NodeJS.Signals;
    cluster.noteKilledBy(pid, signal);
    // Stamped before the signal goes: its effect cannot come before it, but the harness may be descheduled between
    // the kill and the next line, and a worker that drains at once may already be gone then.
    const landedAt = cluster.clock.now();
    try {
      process.kill(pid, signal);
    } catch (error) {
      throw new FaultInjectionError(`Could not send ${signal} to ${role} ${pid}: ${(error as Error).message}`);
    }
    cluster.history.record({ type: 'fault-landed', t: landedAt, fault: id, kind: spec.kind, pid, role });
  } else if (!cluster.sendToProbe(pid, { type: 'fault', fault: id, kind: spec.kind, ...parameters })) {
    throw new FaultInjectionError(
      `Process ${pid} carries no probe: ${spec.kind} can only be injected through one (use SIGKILL or SIGTERM)`,
    );
  }
  return { fault: id, pid, inFlight, landed };
}

/**
 * Withdraws an armed in-flight fault (see `StartedCluster.disarm`): asks the target's probe to drop it and waits for its
 * answer, which comes after the fault's landing if it landed first (a probe's reports are in order). Records
 * `fault-disarmed` unless the fault landed; resolves whether it was disarmed.
 */
export async function disarmFault(cluster: ClusterControl, injected: InjectedFault, reason: string): Promise<boolean> {
  const { fault, pid } = injected;
  if (!injected.inFlight) {
    throw new ClusterOptionsError(
      'disarm',
      `fault #${fault} is not in flight: only an armed in-flight fault can be disarmed (the others land at once)`,
    );
  }
  if (typeof reason !== 'string' || reason.trim() === '')
    throw new ClusterOptionsError('disarm', 'give the reason the fault is withdrawn, for the history');
  if (cluster.landedFault(fault) !== undefined) return false;
  if (cluster.disarmedFault(fault) !== undefined) return true;
  if (cluster.sendToProbe(pid, { type: 'disarm', fault })) {
    // A process gone meanwhile has had all its reports read once its probe's socket is closed.
    await cluster.waitUntil(
      () =>
        cluster.landedFault(fault) !== undefined || cluster.disarmAnswer(fault) !== undefined || !cluster.hasProbe(pid)
          ? true
          : undefined,
      `process ${pid}'s probe to drop fault #${fault}`,
      cluster.options.readyTimeoutMs,
    );
  }
  if (cluster.landedFault(fault) !== undefined) return false;
  cluster.history.record({
    type: 'fault-disarmed',
    t: cluster.clock.now(),
    fault,
    pid,
    reason: reason.split('\n')[0]!,
  });
  return true;
}

/** True for the kinds that end the process they hit (unless the app handles them). */
export function endsProcess(fault: Fault): boolean {
  return endingKinds.has(fault.kind);
}
