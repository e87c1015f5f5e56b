// fast-check arbitraries for chaos schedules: bursts, crashes (every kind, every worker target, in flight), reloads, pauses.

import fc from 'fast-check';
import { faultKinds, type Fault, type FaultKind } from '../faults/fault.js';
import type { ClientFaultKind } from '../history/events.js';
import { burstClientFaultsArbitrary, fitClientFaults } from './client-faults-arbitrary.js';
import type { BurstStep, CrashStep, PauseStep, ReloadStep, Schedule, Step } from './schedule.js';

export interface ScheduleConstraints {
  /** The fault kinds to draw from, simplest first (shrinking goes toward the first). Default: every kind. */
  faultKinds?: readonly FaultKind[];
  /** Whether crashes may be in flight (fired as the target receives a connection). Default true. */
  inFlight?: boolean;
  /** The most steps in a schedule. Default 5. */
  maxSteps?: number;
  /** The most connections in one burst. Default 24. */
  maxBurst?: number;
  /** The longest pause, in ms. Default 300. */
  maxPauseMs?: number;
  /** The longest hang a `hang` fault blocks a worker for, in ms. Default 1500. */
  maxHangMs?: number;
  /**
   * Whether schedules may reload the cluster (reload steps, and reloads during bursts): only for a run that says how
   * (`checkResilience({ reload })`). Default false; without it the arbitraries are exactly those of earlier versions,
   * so a seed still generates the same schedules.
   */
  reload?: boolean;
  /**
   * The client fault kinds bursts may carry, plainest first (shrinking goes toward the first): some connections of a
   * burst then misbehave (see `BurstStep.clientFaults`). `stall` and `slow-drip` need a request to cut or drip: over
   * TCP, where runs send no payload, leave them out. Default none; without it the arbitraries are exactly those of
   * earlier versions, so a seed still generates the same schedules.
   */
  clientFaults?: readonly ClientFaultKind[];
}

/** A fault on a worker: shrinks toward SIGKILL on the oldest worker, not in flight. */
export function faultArbitrary(constraints: ScheduleConstraints = {}): fc.Arbitrary<Fault> {
  const kinds = constraints.faultKinds ?? faultKinds;
  const maxHangMs = constraints.maxHangMs ?? 1500;
  return fc
    .record({
      kind: fc.constantFrom(...kinds),
      target: fc.constantFrom('oldest' as const, 'newest' as const, 'random' as const),
      code: fc.integer({ min: 1, max: 255 }),
      durationMs: fc.integer({ min: 100, max: maxHangMs }),
      inFlight: constraints.inFlight === false ? fc.constant(false) : fc.boolean(),
    })
    .map(
      ({ kind, target, code, durationMs, inFlight }): Fault => ({
        kind,
        target,
        ...(kind === 'exit' ? { code } : {}),
        ...(kind === 'hang' ? { durationMs } : {}),
        ...(inFlight ? { inFlight: true } : {}),
      }),
    );
}

interface DrawnBurst {
  count: number;
  concurrency: number;
  crash: { fault: Fault; after: number } | undefined;
}

/**
 * A burst, maybe with a crash during it (with `reload`, maybe a reload during it; with `clientFaults`, maybe some
 * misbehaving clients); shrinks toward one connection, one at a time, no crash, no reload, no client fault.
 */
export function burstStepArbitrary(constraints: ScheduleConstraints = {}): fc.Arbitrary<BurstStep> {
  const maxBurst = constraints.maxBurst ?? 24;
  const burst: fc.Arbitrary<DrawnBurst> = fc.record({
    count: fc.integer({ min: 1, max: maxBurst }),
    concurrency: fc.integer({ min: 1, max: 8 }),
    crash: fc.option(fc.record({ fault: faultArbitrary(constraints), after: fc.nat({ max: maxBurst - 1 }) }), {
      nil: undefined,
    }),
  });
  const toStep = ({ count, concurrency, crash }: DrawnBurst): BurstStep => ({
    type: 'burst',
    count,
    concurrency: Math.min(concurrency, count),
    ...(crash ? { crash: { fault: crash.fault, after: Math.min(crash.after, count - 1) } } : {}),
  });
  // Without reloads the record is the one it always was: the same seed draws the same bursts.
  const plain = !constraints.reload
    ? burst.map(toStep)
    : fc
        .tuple(burst, fc.option(fc.nat({ max: maxBurst - 1 }), { nil: undefined }))
        .map(([drawn, reloadAfter]): BurstStep => {
          const step = toStep(drawn);
          return reloadAfter === undefined
            ? step
            : { ...step, reload: { after: Math.min(reloadAfter, step.count - 1) } };
        });
  // Likewise without client faults.
  const kinds = constraints.clientFaults ?? [];
  if (kinds.length === 0) return plain;
  return fc
    .tuple(plain, burstClientFaultsArbitrary(kinds, maxBurst))
    .map(([step, drawn]): BurstStep => (drawn ? { ...step, clientFaults: fitClientFaults(drawn, step.count) } : step));
}

export function crashStepArbitrary(constraints: ScheduleConstraints = {}): fc.Arbitrary<CrashStep> {
  // Between bursts nothing is in flight: an in-flight crash only makes sense during a burst.
  return faultArbitrary({ ...constraints, inFlight: false }).map((fault): CrashStep => ({ type: 'crash', fault }));
}

export function pauseStepArbitrary(constraints: ScheduleConstraints = {}): fc.Arbitrary<PauseStep> {
  return fc.integer({ min: 10, max: constraints.maxPauseMs ?? 300 }).map((ms): PauseStep => ({ type: 'pause', ms }));
}

/** A reload between bursts (the run says how). */
export function reloadStepArbitrary(): fc.Arbitrary<ReloadStep> {
  return fc.constant({ type: 'reload' });
}

export function stepArbitrary(constraints: ScheduleConstraints = {}): fc.Arbitrary<Step> {
  const steps: fc.WeightedArbitrary<Step>[] = [
    { arbitrary: burstStepArbitrary(constraints), weight: 3 },
    { arbitrary: crashStepArbitrary(constraints), weight: 2 },
    { arbitrary: pauseStepArbitrary(constraints), weight: 1 },
  ];
  if (constraints.reload) steps.push({ arbitrary: reloadStepArbitrary(), weight: 1 });
  return fc.oneof(...steps);
}

/**
 * A schedule of steps (bursts, crashes, pauses; reloads with `reload: true`); shrinks toward fewer steps, smaller
 * bursts and simpler faults. `checkResilience` draws from it; use it for your own fast-check property.
 *
 * @example
 * ```ts
 * await fc.assert(
 *   fc.asyncProperty(scheduleArbitrary({ maxSteps: 4 }), async (schedule) => {
 *     await using cluster = await startCluster({ entry: 'server.js', workers: 2 });
 *     await runSchedule(cluster, schedule);
 *     await cluster.stop();
 *     return checkInvariants(cluster.history.events).status === 'pass';
 *   }),
 *   { numRuns: 20 },
 * );
 * ```
 */
export function scheduleArbitrary(constraints: ScheduleConstraints = {}): fc.Arbitrary<Schedule> {
  return fc.array(stepArbitrary(constraints), { minLength: 0, maxLength: constraints.maxSteps ?? 5 });
}
