// The bounded wait every handle method uses: re-checked on each event of the cluster, rejected with a WaitTimeoutError.

import { setMaxListeners } from 'node:events';
import pWaitFor from 'p-wait-for';
import { WaitTimeoutError, type ErrorContext } from './errors.js';

/** How often the poll runs while waiting, for what no probe reports (/proc). */
const pollIntervalMs = 100;

export interface WaitEngineHooks {
  /** Reads what no event reports (/proc), on every poll. */
  poll: () => void;
  /** What is seen, for a timeout's message. */
  describe: () => string;
  context: () => ErrorContext;
}

/** Event-driven waits with one bound each; the poll is there only because the OS has no event for some things. */
export class WaitEngine {
  readonly #waiters = new Set<() => void>();
  readonly #hooks: WaitEngineHooks;

  constructor(hooks: WaitEngineHooks) {
    this.#hooks = hooks;
  }

  /** Something changed: every wait checks again. */
  notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  /**
   * Resolves with the first value `check` returns (undefined: not yet), re-checked on every `notify` and poll; rejects
   * with what `check` throws, or after `timeoutMs` with a WaitTimeoutError that says what was awaited and seen.
   */
  waitUntil<T>(check: () => T | undefined, awaited: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const controller = new AbortController();
      const finish = (settle: () => void) => {
        if (settled) return;
        settled = true;
        this.#waiters.delete(evaluate);
        controller.abort();
        settle();
      };
      const evaluate = () => {
        try {
          const value = check();
          if (value !== undefined) finish(() => resolve(value));
        } catch (error) {
          finish(() => reject(error));
        }
      };
      this.#waiters.add(evaluate);
      evaluate();
      if (settled) return;
      // The bound: a plain timer, so that the poll below needs no timeout of its own.
      const timer = setTimeout(
        () => {
          const { describe, context } = this.#hooks;
          finish(() => reject(new WaitTimeoutError(awaited, describe(), timeoutMs, context())));
        },
        Math.max(1, Math.ceil(timeoutMs)),
      );
      controller.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
      // p-wait-for adds an abort listener per interval and never removes it: a long wait passes ten of them.
      setMaxListeners(0, controller.signal);
      // Events resolve the wait at once; this loop only reads /proc for processes no probe reports.
      pWaitFor(
        () => {
          this.#hooks.poll();
          evaluate();
          return settled;
        },
        { interval: pollIntervalMs, before: false, signal: controller.signal },
      ).catch(() => undefined);
    });
  }
}
