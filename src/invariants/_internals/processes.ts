// Who is a worker and when each worker was live: the derivation behind restored counts, replacements and fairness.

import type { HistoryEvent, Millis, ProcessExitEvent, ProcessRole, WorkerReadyEvent } from '../../history/events.js';
import { clusterReadyOf } from './timeline.js';

/** One worker's life: live from its readiness until its exit (a worker that never became ready is never live). */
export interface WorkerLife {
  pid: number;
  readyAt: Millis;
  /** Undefined for a baseline worker whose `worker-ready` the history lacks (it is then ready at `cluster-ready`). */
  ready?: WorkerReadyEvent;
  exitedAt?: Millis;
  exit?: ProcessExitEvent;
  /** One of the `cluster-ready` event's workers. */
  baseline: boolean;
}

/**
 * The role of each pid, as the history states it: `process-start`, `process-exit` and `fault-landed` carry a role, and
 * `cluster-ready` names the master and the baseline workers. The first statement wins.
 */
export function rolesOf(events: readonly HistoryEvent[]): Map<number, ProcessRole> {
  const roles = new Map<number, ProcessRole>();
  const state = (pid: number, role: ProcessRole): void => {
    if (!roles.has(pid)) roles.set(pid, role);
  };
  for (const event of events) {
    if (event.type === 'process-start' || event.type === 'process-exit' || event.type === 'fault-landed') {
      state(event.pid, event.role);
    } else if (event.type === 'cluster-ready') {
      state(event.masterPid, 'master');
      for (const pid of event.workers) state(pid, 'worker');
    }
  }
  return roles;
}

/**
 * The life of every worker that became ready, by pid. A `worker-ready` makes its pid a worker unless the history
 * states another role for it; a baseline worker without one is ready at `cluster-ready`.
 */
export function workerLives(events: readonly HistoryEvent[]): Map<number, WorkerLife> {
  const roles = rolesOf(events);
  const baseline = new Set(clusterReadyOf(events)?.workers ?? []);
  const lives = new Map<number, WorkerLife>();
  const exits = new Map<number, ProcessExitEvent>();

  for (const event of events) {
    if (event.type === 'worker-ready') {
      const role = roles.get(event.pid);
      if ((role === undefined || role === 'worker') && !lives.has(event.pid)) {
        lives.set(event.pid, { pid: event.pid, readyAt: event.t, ready: event, baseline: baseline.has(event.pid) });
      }
    } else if (event.type === 'cluster-ready') {
      for (const pid of event.workers) {
        if (!lives.has(pid)) lives.set(pid, { pid, readyAt: event.t, baseline: true });
      }
    } else if (event.type === 'process-exit' && !exits.has(event.pid)) {
      exits.set(event.pid, event);
    }
  }
  for (const life of lives.values()) {
    const exit = exits.get(life.pid);
    if (exit) {
      life.exit = exit;
      life.exitedAt = exit.t;
    }
  }
  return lives;
}

/** Whether a worker is live at `t`: ready at or before `t`, and not exited at or before `t`. */
export function isLiveAt(life: WorkerLife, t: Millis): boolean {
  return life.readyAt <= t && (life.exitedAt === undefined || life.exitedAt > t);
}

/** The pids of the workers live at `t`, ascending. */
export function liveWorkersAt(lives: ReadonlyMap<number, WorkerLife>, t: Millis): number[] {
  const live: number[] = [];
  for (const life of lives.values()) if (isLiveAt(life, t)) live.push(life.pid);
  return live.sort((a, b) => a - b);
}

/** The first `process-exit` of a pid, if the history has one. */
export function exitOf(events: readonly HistoryEvent[], pid: number): ProcessExitEvent | undefined {
  return events.find((event): event is ProcessExitEvent => event.type === 'process-exit' && event.pid === pid);
}
