// Shrinking a failing schedule: the smaller candidates to try, cheapest first, and the path that replays a shrink.

import { ClusterChaosError } from '../errors/cluster-chaos-error.js';
import type { Fault, FaultKind } from '../faults/fault.js';
import type { BurstStep, Schedule, Step } from './schedule.js';

/**
 * One shrink step, as the path records it: drop some steps (`d0-2.5`: steps 0, 1, 2 and 5), or replace one step by
 * one of its simplifications (`s3.1`: step 3, its simplification 1 in `stepSimplifications` order). A token says what
 * it does, so a path replays without the runs that chose it.
 */
export type ShrinkToken = { type: 'drop'; steps: number[] } | { type: 'simplify'; step: number; variant: number };

export interface ShrinkCandidate {
  token: ShrinkToken;
  schedule: Schedule;
}

export interface ShrinkOptions {
  /** The fault kind faults shrink toward (the first of the campaign's kinds). Default SIGKILL. */
  simplestKind?: FaultKind;
  /**
   * Steps that played a part in the failure (their bursts, faults or reloads are in the failing verdicts' evidence).
   * Dropping all the others is tried early: most steps of a long schedule play no part.
   */
  relevantSteps?: ReadonlySet<number>;
}

/** A path that cannot be read or does not fit its schedule. */
export class PathError extends ClusterChaosError {
  override name = 'PathError';
}

/**
 * The candidates to try, in order: no step at all; only the steps that played a part; each half (long schedules);
 * each single step dropped, the costliest first; then each step simplified (a burst without its crash or reload,
 * smaller, one at a time, without its client faults or with fewer and plainer ones; a fault toward SIGKILL on the
 * oldest worker, not in flight; a shorter pause). Every candidate
 * is strictly simpler than `schedule`, so shrinking ends. Deterministic for the same inputs.
 */
export function shrinkCandidates(schedule: Schedule, options: ShrinkOptions = {}): ShrinkCandidate[] {
  const candidates: ShrinkCandidate[] = [];
  const seen = new Set<string>();
  const add = (token: ShrinkToken) => {
    const shrunk = applyToken(schedule, token, options);
    const key = JSON.stringify(shrunk);
    if (seen.has(key) || key === JSON.stringify(schedule)) return;
    seen.add(key);
    candidates.push({ token, schedule: shrunk });
  };
  const all = schedule.map((_, index) => index);
  if (schedule.length > 0) add({ type: 'drop', steps: all });
  const relevant = options.relevantSteps;
  if (relevant !== undefined && relevant.size > 0) {
    const others = all.filter((index) => !relevant.has(index));
    if (others.length > 0) add({ type: 'drop', steps: others });
  }
  if (schedule.length >= 4) {
    const half = Math.floor(schedule.length / 2);
    add({ type: 'drop', steps: all.slice(0, half) });
    add({ type: 'drop', steps: all.slice(half) });
  }
  const byCost = [...all].sort((a, b) => stepCost(schedule[b]!) - stepCost(schedule[a]!) || b - a);
  for (const index of byCost) add({ type: 'drop', steps: [index] });
  for (const [index, step] of schedule.entries()) {
    const variants = stepSimplifications(step, options.simplestKind);
    for (let variant = 0; variant < variants.length; variant++) add({ type: 'simplify', step: index, variant });
  }
  return candidates;
}

/** A rough cost of a step in ms, to try dropping the costly ones first. */
function stepCost(step: Step): number {
  switch (step.type) {
    case 'burst':
      return (
        10 +
        5 * Math.ceil(step.count / step.concurrency) +
        (step.crash ? 200 : 0) +
        (step.reload ? 1000 : 0) +
        (step.clientFaults ? 1000 : 0)
      );
    case 'crash':
      return 200;
    case 'pause':
      return step.ms;
    case 'settle':
      return 300;
    case 'reload':
      return 1000;
  }
}

/** The simpler versions of a step, each changing one thing, in a fixed order (the `variant` of a `simplify` token). */
export function stepSimplifications(step: Step, simplestKind: FaultKind = 'SIGKILL'): Step[] {
  switch (step.type) {
    case 'burst': {
      const variants: Step[] = [];
      const { crash, reload, clientFaults, ...plain } = step;
      const withClientFaults = clientFaults ? { clientFaults } : {};
      const resized = (count: number): BurstStep => ({
        ...step,
        count,
        concurrency: Math.min(step.concurrency, count),
        ...(crash ? { crash: { ...crash, after: Math.min(crash.after, count - 1) } } : {}),
        ...(reload ? { reload: { after: Math.min(reload.after, count - 1) } } : {}),
        ...(clientFaults ? { clientFaults: { ...clientFaults, count: Math.min(clientFaults.count, count) } } : {}),
      });
      if (crash) variants.push({ ...plain, ...(reload ? { reload } : {}), ...withClientFaults });
      if (reload) variants.push({ ...plain, ...(crash ? { crash } : {}), ...withClientFaults });
      if (step.count > 1) variants.push(resized(1));
      if (step.count > 2) variants.push(resized(Math.ceil(step.count / 2)));
      if (step.concurrency > 1) variants.push({ ...step, concurrency: 1 });
      if (step.keepAlive) {
        const { keepAlive: _keepAlive, ...withoutKeepAlive } = step;
        variants.push(withoutKeepAlive);
      }
      if (crash && crash.after > 0) variants.push({ ...step, crash: { ...crash, after: 0 } });
      if (reload && reload.after > 0) variants.push({ ...step, reload: { after: 0 } });
      if (crash)
        for (const fault of faultSimplifications(crash.fault, simplestKind))
          variants.push({ ...step, crash: { ...crash, fault } });
      // Last, so that the variants of a burst without client faults keep their numbers (old paths still replay).
      if (clientFaults) variants.push(...clientFaultSimplifications(step, clientFaults));
      return variants;
    }
    case 'crash':
      return faultSimplifications(step.fault, simplestKind).map((fault) => ({ type: 'crash', fault }));
    case 'pause': {
      const variants: Step[] = [];
      if (step.ms > 10) variants.push({ type: 'pause', ms: 10 });
      if (step.ms > 20) variants.push({ type: 'pause', ms: Math.ceil(step.ms / 2) });
      return variants;
    }
    case 'settle':
    case 'reload':
      return [];
  }
}

/**
 * A burst's client faults simplified: none; only the kinds its faulted connections use (the j-th gets kind j); one
 * faulted connection; each kind alone; the plainest kind (`reset`).
 */
function clientFaultSimplifications(step: BurstStep, clientFaults: NonNullable<BurstStep['clientFaults']>): Step[] {
  const { clientFaults: _clientFaults, ...without } = step;
  const variants: Step[] = [without];
  const { count, kinds } = clientFaults;
  if (kinds.length > count) variants.push({ ...step, clientFaults: { count, kinds: kinds.slice(0, count) } });
  if (count > 1) variants.push({ ...step, clientFaults: { ...clientFaults, count: 1 } });
  if (kinds.length > 1) for (const fault of kinds) variants.push({ ...step, clientFaults: { count, kinds: [fault] } });
  if (clientFaults.kinds.some((fault) => fault.kind !== 'reset'))
    variants.push({ ...step, clientFaults: { ...clientFaults, kinds: [{ kind: 'reset' }] } });
  return variants;
}

/** The simpler versions of a fault: the simplest kind, the oldest worker, not in flight, exit(1), a 100 ms hang. */
function faultSimplifications(fault: Fault, simplestKind: FaultKind): Fault[] {
  const variants: Fault[] = [];
  const { code, durationMs, inFlight, ...rest } = fault;
  if (fault.kind !== simplestKind) {
    variants.push({
      ...rest,
      kind: simplestKind,
      ...(simplestKind === 'exit' ? { code: 1 } : {}),
      ...(simplestKind === 'hang' ? { durationMs: 100 } : {}),
      ...(inFlight ? { inFlight } : {}),
    });
  }
  if ((fault.target ?? 'random') !== 'oldest' && fault.target !== 'master')
    variants.push({ ...fault, target: 'oldest' });
  if (inFlight)
    variants.push({
      ...rest,
      ...(code === undefined ? {} : { code }),
      ...(durationMs === undefined ? {} : { durationMs }),
    });
  if (fault.kind === 'exit' && code !== undefined && code !== 1) variants.push({ ...fault, code: 1 });
  if (fault.kind === 'hang' && durationMs !== undefined && durationMs > 100)
    variants.push({ ...fault, durationMs: 100 });
  return variants;
}

/** Applies one token; a token that does not fit the schedule is a `PathError`. */
export function applyToken(
  schedule: Schedule,
  token: ShrinkToken,
  options: Pick<ShrinkOptions, 'simplestKind'> = {},
): Schedule {
  if (token.type === 'drop') {
    const dropped = new Set(token.steps);
    for (const index of dropped) {
      if (index >= schedule.length)
        throw new PathError(`the path drops step ${index}, but the schedule has ${schedule.length} steps`);
    }
    return schedule.filter((_, index) => !dropped.has(index));
  }
  const step = schedule[token.step];
  if (step === undefined)
    throw new PathError(`the path simplifies step ${token.step}, but the schedule has ${schedule.length} steps`);
  const variant = stepSimplifications(step, options.simplestKind)[token.variant];
  if (variant === undefined) throw new PathError(`step ${token.step} has no simplification ${token.variant}`);
  return schedule.map((original, index) => (index === token.step ? variant : original));
}

/** `d0-2.5` or `s3.1`. */
export function formatToken(token: ShrinkToken): string {
  if (token.type === 'simplify') return `s${token.step}.${token.variant}`;
  const sorted = [...new Set(token.steps)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let index = 0; index < sorted.length; ) {
    let end = index;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end]! + 1) end++;
    ranges.push(end > index ? `${sorted[index]}-${sorted[end]}` : `${sorted[index]}`);
    index = end + 1;
  }
  return `d${ranges.join('.')}`;
}

/** Where a path starts: one run of the campaign (`first === last`), or runs first..last played on one cluster. */
export interface ParsedPath {
  first: number;
  last: number;
  tokens: ShrinkToken[];
}

const pathPattern = /^(\d+)(?:-(\d+))?((?::(?:d\d+(?:-\d+)?(?:\.\d+(?:-\d+)?)*|s\d+\.\d+))*)$/;

/** The grammar a path follows, for messages: `17`, `12-17` (runs 12 to 17 on one cluster), then `:d0-2.5`, `:s3.1`... */
export const pathSyntax = '<run>[-<last run>][:d<steps>|:s<step>.<variant>]..., e.g. 17, 17:d0-2:s0.1 or 12-17:d0-9';

/** Reads a path as printed in a report; a `PathError` when it does not follow `pathSyntax`. */
export function parsePath(text: string): ParsedPath {
  const match = pathPattern.exec(text);
  if (!match) throw new PathError(`a path looks like ${pathSyntax}, got ${JSON.stringify(text)}`);
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  if (last < first) throw new PathError(`a path's run range goes up, got ${first}-${last}`);
  const tokens = (match[3] ?? '')
    .split(':')
    .filter((part) => part !== '')
    .map((part): ShrinkToken => {
      if (part.startsWith('s')) {
        const [step, variant] = part.slice(1).split('.').map(Number) as [number, number];
        return { type: 'simplify', step, variant };
      }
      const steps = part
        .slice(1)
        .split('.')
        .flatMap((range) => {
          const [from, to] = range.split('-').map(Number) as [number, number | undefined];
          const end = to ?? from;
          if (end < from) throw new PathError(`a step range goes up, got ${range}`);
          return Array.from({ length: end - from + 1 }, (_, offset) => from + offset);
        });
      return { type: 'drop', steps };
    });
  return { first, last, tokens };
}

/** A path as printed: the run (or run range), then the tokens. */
export function formatPath(first: number, last: number, tokens: readonly ShrinkToken[]): string {
  const base = first === last ? `${first}` : `${first}-${last}`;
  return [base, ...tokens.map(formatToken)].join(':');
}
