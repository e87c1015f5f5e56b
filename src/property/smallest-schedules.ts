// The smallest schedules, played before the generated ones: most resilience bugs show in one of them, and fast.

import { faultKinds, type Fault } from '../faults/fault.js';
import type { ClientFault, ClientFaultKind } from '../history/events.js';
import type { ScheduleConstraints } from './arbitraries.js';
import { clientFaultSizes } from './client-faults-arbitrary.js';
import type { Schedule } from './schedule.js';

/**
 * The first schedules a check plays, before fast-check's generated ones (fast-check's `examples`): the simplest of
 * each shape, so that a common bug is found by a run that costs little, and its counterexample needs no shrinking.
 *
 * 1. no step: the settled cluster answers the final burst (a master that dies on its first connections, a server
 *    handle nobody answers on, workers left behind at stop);
 * 2. one worker killed: the simplest fault (the first allowed kind, SIGKILL by default) on the oldest worker;
 * 3. the replacement killed too: the oldest worker, then the newest one (its replacement) — a master that gives up
 *    on a slot, or restarts only once;
 * 4. with `reload`: one reload during a burst (a reload that drops the connections opened while it runs);
 * 5. with `clientFaults`: one burst where one client of each kind misbehaves, at its smallest size, between plain
 *    ones (a worker that dies of a client's reset, a body it cannot parse, a silent client it never cuts off).
 *
 * They use the first allowed fault kind, not in flight, and respect `maxSteps`; like every run they count toward
 * `runs`, and `--seed S --path P` replays them like any other run.
 */
export function smallestSchedules(constraints: ScheduleConstraints = {}): Schedule[] {
  const kind = (constraints.faultKinds ?? faultKinds)[0];
  const maxSteps = constraints.maxSteps ?? 5;
  const schedules: Schedule[] = [[]];
  const clientFaults = smallestClientFaults(constraints.clientFaults ?? []);
  const misbehaving: Schedule[] =
    clientFaults.length > 0 && maxSteps >= 1
      ? [
          [
            {
              type: 'burst',
              count: 2 * clientFaults.length,
              concurrency: 2,
              clientFaults: { count: clientFaults.length, kinds: clientFaults },
            },
          ],
        ]
      : [];
  const reload: Schedule[] =
    constraints.reload && maxSteps >= 1 ? [[{ type: 'burst', count: 1, concurrency: 1, reload: { after: 0 } }]] : [];
  if (kind === undefined) return [...schedules, ...reload, ...misbehaving];
  const fault = (target: 'oldest' | 'newest'): Fault => ({
    kind,
    target,
    ...(kind === 'exit' ? { code: 1 } : {}),
    ...(kind === 'hang' ? { durationMs: 100 } : {}),
  });
  if (maxSteps >= 1) schedules.push([{ type: 'crash', fault: fault('oldest') }]);
  if (maxSteps >= 2)
    schedules.push([
      { type: 'crash', fault: fault('oldest') },
      { type: 'crash', fault: fault('newest') },
    ]);
  return [...schedules, ...reload, ...misbehaving];
}

/** One client fault of each kind, at the smallest size a generated one takes. */
function smallestClientFaults(kinds: readonly ClientFaultKind[]): ClientFault[] {
  return kinds.map((kind): ClientFault => {
    switch (kind) {
      case 'abort-after':
        return { kind, bytes: 1 };
      case 'slow-drip':
        return { kind, intervalMs: clientFaultSizes.minDripIntervalMs };
      case 'oversized':
        return { kind, bytes: clientFaultSizes.minOversizedBytes };
      default:
        return { kind };
    }
  });
}
