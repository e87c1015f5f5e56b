// A chaos schedule: the steps a property run plays against a cluster (bursts, crashes, reloads, pauses).

import type { Fault } from '../faults/fault.js';
import type { ClientFault } from '../history/events.js';
import { describeClientFault, describeFault } from '../history/format.js';

/** A burst of client connections; a crash or a reload may fire during it, once `after` of its connections were opened. */
export interface BurstStep {
  type: 'burst';
  /** How many connections. */
  count: number;
  /** How many at once. */
  concurrency: number;
  /** HTTP only: reuse sockets. */
  keepAlive?: boolean;
  /** A fault fired during the burst. */
  crash?: { fault: Fault; after: number };
  /** A reload of the cluster (the run's `reload`, see `RunScheduleOptions`) started during the burst, awaited within the step. */
  reload?: { after: number };
  /**
   * `count` of the burst's connections misbehave (at most the burst's count), the j-th of them as
   * `kinds[j % kinds.length]`, spread over the burst as the load layer does (`ClientFaults`). The client's own loss
   * on them is never held against the app; the burst's other connections are judged as always.
   */
  clientFaults?: { count: number; kinds: ClientFault[] };
}

/** A fault fired between bursts. */
export interface CrashStep {
  type: 'crash';
  fault: Fault;
}

/** A reload of the cluster between bursts (how: the run's `reload` option), awaited until it is complete. */
export interface ReloadStep {
  type: 'reload';
}

/** Nothing happens for a while (the cluster idles: restarts, timers). */
export interface PauseStep {
  type: 'pause';
  ms: number;
}

/**
 * What a run does after its steps, as a step: wait (bounded by the restore deadline) for the workers to be back, then
 * a final burst. Never generated: it joins the schedules of successive runs on one cluster into one schedule, so that a
 * fresh cluster replays exactly what a reused one went through.
 */
export interface SettleStep {
  type: 'settle';
}

export type Step = BurstStep | CrashStep | ReloadStep | PauseStep | SettleStep;

export type Schedule = Step[];

/** A fault's target as text: `oldest worker`, `the master`, `pid 123`. */
export function formatFaultTarget(fault: Fault): string {
  const target = fault.target ?? 'random';
  if (typeof target === 'object') return `pid ${target.pid}`;
  return target === 'master' ? 'the master' : `${target} worker`;
}

/** One fault as text: `SIGKILL on the oldest worker (in flight)`. */
export function formatFault(fault: Fault): string {
  const inFlight = fault.inFlight ? ' in flight' : '';
  return `${describeFault(fault.kind, fault.code, fault.durationMs)} on ${formatFaultTarget(fault).replace(/^(random|newest|oldest)/, 'the $1')}${inFlight}`;
}

/** A burst's client faults as text: `2 misbehaving clients (reset, stall 20 bytes)`. */
export function formatClientFaults(clientFaults: NonNullable<BurstStep['clientFaults']>): string {
  const { count, kinds } = clientFaults;
  return `${count} misbehaving client${count === 1 ? '' : 's'} (${kinds.map(describeClientFault).join(', ')})`;
}

/** One step as text. */
export function formatStep(step: Step): string {
  switch (step.type) {
    case 'burst': {
      const base = `burst ${step.count} connection${step.count === 1 ? '' : 's'} (${step.concurrency} at once${step.keepAlive ? ', keep-alive' : ''})`;
      const crash = step.crash ? `, ${formatFault(step.crash.fault)} after ${step.crash.after}` : '';
      const reload = step.reload ? `, reload after ${step.reload.after}` : '';
      return `${base}${crash}${reload}${step.clientFaults ? `, ${formatClientFaults(step.clientFaults)}` : ''}`;
    }
    case 'crash':
      return `crash: ${formatFault(step.fault)}`;
    case 'reload':
      return 'reload';
    case 'pause':
      return `pause ${step.ms} ms`;
    case 'settle':
      return 'settle: wait for the workers, then a final burst (the end of a run)';
  }
}

/** The schedules of successive runs on one cluster, as the one schedule a fresh cluster replays them with. */
export function concatenateSchedules(schedules: readonly Schedule[]): Schedule {
  return schedules.flatMap((schedule, index) => (index === 0 ? schedule : [{ type: 'settle' } as const, ...schedule]));
}

/** A schedule as numbered lines. */
export function formatSchedule(schedule: Schedule, indent = ''): string {
  if (schedule.length === 0) return `${indent}(no step: settle and final burst only)`;
  return schedule.map((step, index) => `${indent}${index + 1}. ${formatStep(step)}`).join('\n');
}
