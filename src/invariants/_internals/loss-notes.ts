// The phrases the cause of a lost connection is told with: an addressee's state, the faults that excuse nothing, an exit.

import type { Millis, ProcessExitEvent } from '../../history/events.js';
import { describeFault, formatMs } from './evidence.js';
import { isAbrupt, type LandedFault } from './faults.js';
import { faultsOn, type LossContext } from './loss-context.js';

/** An addressee's state for a message: `had died at 39.8ms (SIGKILL, fault #1)`, `exited at 41ms before taking it`. */
export function addresseeState(
  sentAt: Millis,
  fault: LandedFault | undefined,
  exit: ProcessExitEvent | undefined,
): string {
  if (fault !== undefined) {
    const what = `(${fault.landed.kind}, fault #${fault.landed.fault})`;
    const exited = exit !== undefined ? `, exited at ${formatMs(exit.t)}` : ', never exited';
    if (fault.landed.kind === 'SIGTERM') {
      return fault.landed.t <= sentAt
        ? `had been sent SIGTERM at ${formatMs(fault.landed.t)} ${what}${exited}, and never took it`
        : `was sent SIGTERM at ${formatMs(fault.landed.t)} ${what} before taking it${exited}`;
    }
    return fault.landed.t <= sentAt
      ? `had died at ${formatMs(fault.landed.t)} ${what}${exit ? `, exit seen at ${formatMs(exit.t)}` : ''}`
      : `was killed at ${formatMs(fault.landed.t)} ${what} before taking it${exited}`;
  }
  // Only reached with an exit (see the caller).
  const exitAt = exit === undefined ? '?' : formatMs(exit.t);
  return exit !== undefined && exit.t <= sentAt
    ? `had exited at ${exitAt} with no fault injected into it`
    : `exited at ${exitAt} with no fault injected into it, before taking it`;
}

/** A hang on `pid` overlapping [from, to], for a message. */
export function hangNote(pid: number, from: Millis, to: Millis, context: LossContext): string {
  const hang = faultsOn(pid, context).find(
    (fault) => fault.landed.kind === 'hang' && fault.landed.t <= to && fault.until >= from,
  );
  return hang
    ? `; it was paused by ${describeFault(hang)}: a hang excuses nothing, a paused process answers afterwards`
    : '';
}

/** The faults on a holder that excuse nothing, for a message: a hang, an abrupt fault it did not die of in time. */
export function faultNote(pid: number, from: Millis, to: Millis, context: LossContext): string {
  const abrupt = faultsOn(pid, context).find((fault) => isAbrupt(fault.landed.kind) && fault.landed.t <= to);
  const abruptNote =
    abrupt === undefined
      ? ''
      : abrupt.exit === undefined
        ? `; ${describeFault(abrupt)} landed on it, but it never exited`
        : `; ${describeFault(abrupt)} landed on it, but it exited only at ${formatMs(abrupt.exit.t)}, after the connection closed`;
  return `${hangNote(pid, from, to, context)}${abruptNote}`;
}

/** How a process exited, for a message. */
export function describeExit(exit: ProcessExitEvent): string {
  return exit.signal ? `signal ${exit.signal}` : exit.code === null ? 'unknown status' : `code ${exit.code}`;
}
