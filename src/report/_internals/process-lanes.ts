// Derives one lane per process of a history (master first, then workers in start order, then the others).

import type {
  FaultLandedEvent,
  HistoryEvent,
  Millis,
  OrphanEvent,
  ProcessExitEvent,
  ProcessRole,
  ProcessStartEvent,
  WorkerReadyEvent,
} from '../../history/events.js';

/** Everything a timeline draws on one process's lane. */
export interface ProcessLane {
  pid: number;
  role: ProcessRole;
  /** When the process came into view (its start event, or the first event that names it). */
  startedAt: Millis;
  start?: ProcessStartEvent;
  ready: WorkerReadyEvent[];
  faults: FaultLandedEvent[];
  exit?: ProcessExitEvent;
  orphan?: OrphanEvent;
  /** Every event about this process's life, in time order, for its tooltip. */
  lifecycle: HistoryEvent[];
}

const roleOrder: Record<ProcessRole, number> = { master: 0, worker: 1, launcher: 2, other: 3 };

/**
 * The lanes of a history. A process is known from `process-start`, and also from any event that names its pid
 * (a worker seen only by `/proc` or by the connections it received still gets a lane). Its role is the first
 * definite one found: its start event, then its exit, a fault that hit it, `cluster-ready`, `worker-ready`.
 * `extraPids` adds lanes for pids seen elsewhere (the processes connections were attributed to).
 */
export function processLanes(
  events: readonly HistoryEvent[],
  extraPids: Iterable<readonly [number, Millis]> = [],
): ProcessLane[] {
  const lanes = new Map<number, ProcessLane>();
  const hintedRoles = new Map<number, ProcessRole[]>();

  const laneOf = (pid: number, t: Millis): ProcessLane => {
    let lane = lanes.get(pid);
    if (!lane) {
      lane = { pid, role: 'other', startedAt: t, ready: [], faults: [], lifecycle: [] };
      lanes.set(pid, lane);
    }
    lane.startedAt = Math.min(lane.startedAt, t);
    return lane;
  };
  const hint = (pid: number, role: ProcessRole): void => {
    const list = hintedRoles.get(pid) ?? [];
    list.push(role);
    hintedRoles.set(pid, list);
  };

  for (const event of events) {
    switch (event.type) {
      case 'process-start': {
        const lane = laneOf(event.pid, event.t);
        lane.start ??= event;
        lane.lifecycle.push(event);
        break;
      }
      case 'worker-ready': {
        const lane = laneOf(event.pid, event.t);
        lane.ready.push(event);
        lane.lifecycle.push(event);
        hint(event.pid, 'worker');
        break;
      }
      case 'listening':
        laneOf(event.pid, event.t).lifecycle.push(event);
        break;
      case 'process-exit': {
        const lane = laneOf(event.pid, event.t);
        lane.exit ??= event;
        lane.lifecycle.push(event);
        hint(event.pid, event.role);
        break;
      }
      case 'fault-landed': {
        const lane = laneOf(event.pid, event.t);
        lane.faults.push(event);
        lane.lifecycle.push(event);
        hint(event.pid, event.role);
        break;
      }
      case 'orphan': {
        const lane = laneOf(event.pid, event.t);
        lane.orphan ??= event;
        lane.lifecycle.push(event);
        break;
      }
      case 'cluster-ready':
        laneOf(event.masterPid, event.t);
        hint(event.masterPid, 'master');
        for (const pid of event.workers) {
          laneOf(pid, event.t);
          hint(pid, 'worker');
        }
        break;
      default:
        break;
    }
  }
  for (const [pid, t] of extraPids) laneOf(pid, t);

  for (const lane of lanes.values()) {
    const candidates = [lane.start?.role, ...(hintedRoles.get(lane.pid) ?? [])];
    lane.role = candidates.find((role): role is ProcessRole => role !== undefined && role !== 'other') ?? 'other';
    lane.lifecycle.sort((a, b) => a.t - b.t);
  }

  return [...lanes.values()].sort(
    (a, b) => roleOrder[a.role] - roleOrder[b.role] || a.startedAt - b.startedAt || a.pid - b.pid,
  );
}
