// The faults of one cluster as its waits need them: landings, disarms, the processes hit or in a hang, fault numbers.

import { endingKinds } from '../faults/fault.js';
import type { FaultDisarmedEvent, FaultLandedEvent, HistoryEvent } from '../history/events.js';

/** Kept as events arrive, since waits read it on every event; fed by the history and by the probes' answers. */
export class FaultLedger {
  #nextFault = 1;
  /** The first landing of each fault, by fault number. */
  readonly #landedFaults = new Map<number, FaultLandedEvent>();
  /** Processes an ending fault has hit: dying, though their exit may not be seen yet. */
  readonly #hitPids = new Set<number>();
  /** Processes in a hang: a hang landed on them and their probe has not yet said it is over. */
  readonly #hungPids = new Set<number>();
  /** Faults withdrawn before they landed, by fault number. */
  readonly #disarmedFaults = new Map<number, FaultDisarmedEvent>();
  /** Probes' answers to `disarm`, by fault number: whether the fault was still armed. */
  readonly #disarmAnswers = new Map<number, boolean>();

  /** Reads one event of the cluster's history. */
  observe(event: HistoryEvent): void {
    if (event.type === 'fault-landed') {
      if (!this.#landedFaults.has(event.fault)) this.#landedFaults.set(event.fault, event);
      if (endingKinds.has(event.kind)) this.#hitPids.add(event.pid);
      if (event.kind === 'hang') this.#hungPids.add(event.pid);
    } else if (event.type === 'fault-disarmed' && !this.#disarmedFaults.has(event.fault)) {
      this.#disarmedFaults.set(event.fault, event);
    }
  }

  nextFaultId(): number {
    return this.#nextFault++;
  }

  landedFault(fault: number): FaultLandedEvent | undefined {
    return this.#landedFaults.get(fault);
  }

  disarmedFault(fault: number): FaultDisarmedEvent | undefined {
    return this.#disarmedFaults.get(fault);
  }

  disarmAnswer(fault: number): boolean | undefined {
    return this.#disarmAnswers.get(fault);
  }

  /** A probe answered `disarm`. */
  answerDisarm(fault: number, wasArmed: boolean): void {
    this.#disarmAnswers.set(fault, wasArmed);
  }

  wasHit(pid: number): boolean {
    return this.#hitPids.has(pid);
  }

  isHung(pid: number): boolean {
    return this.#hungPids.has(pid);
  }

  /** The process's hang is over (or the process is gone); true if it was in one. */
  endHang(pid: number): boolean {
    return this.#hungPids.delete(pid);
  }
}
