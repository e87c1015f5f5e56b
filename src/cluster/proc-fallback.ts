// What /proc adds to the probes' reports: children that cannot carry a probe, their exits, a port nobody reported.

import { isPortListening, isRunning, childrenOf, readEnvironmentVariable, readExecutableName } from './proc.js';
import { probePath } from './probe-server.js';
import type { ProcessTracker } from './process-tracker.js';
import { isTypeScriptLoaderHelper } from './typescript-loader.js';

/** Whether a process carries the probe, from its executable and NODE_OPTIONS; unknown while it is mid-exec. */
export function carriesProbe(pid: number): 'yes' | 'no' | 'unknown' {
  const executable = readExecutableName(pid);
  const nodeOptions = readEnvironmentVariable(pid, 'NODE_OPTIONS');
  if (executable === undefined || nodeOptions === null) return 'unknown';
  return /^node/.test(executable) && (nodeOptions ?? '').includes(probePath) ? 'yes' : 'no';
}

/** Read on every poll of a wait; remembers, between two reads, the children seen once as unable to carry the probe. */
export class ProcFallback {
  readonly #tracker: ProcessTracker;
  readonly #stopping: () => boolean;
  readonly #notify: () => void;
  /** Children of the master seen once, in the last /proc read, as unable to carry the probe. */
  #unprobedOnce = new Set<number>();

  constructor(tracker: ProcessTracker, hooks: { stopping: () => boolean; notify: () => void }) {
    this.#tracker = tracker;
    this.#stopping = hooks.stopping;
    this.#notify = hooks.notify;
  }

  /** What probes cannot tell: processes that carry none, and a port nobody reported. */
  refresh(): void {
    const tracker = this.#tracker;
    const master = tracker.masterPid;
    if (master !== undefined && !this.#stopping()) {
      const unprobed = new Set<number>();
      for (const child of childrenOf(master)) {
        // A node process started with our NODE_OPTIONS will say hello, however slow its boot: wait for it. Only a
        // process seen twice in a row to be unable to carry the probe (another executable, or an environment
        // without it) is taken from /proc; a process caught mid-exec reads as neither. A TypeScript loader's helper
        // (esbuild's service) is no process of the app's.
        if (tracker.has(child) || carriesProbe(child) !== 'no' || isTypeScriptLoaderHelper(child)) continue;
        if (this.#unprobedOnce.has(child)) tracker.addUnprobed(child, master);
        else unprobed.add(child);
      }
      this.#unprobedOnce = unprobed;
    }
    for (const state of tracker.all()) {
      const gone = state.seenThrough === '/proc' && state.alive && !isRunning(state.pid);
      if (gone) tracker.markExited(state.pid, null, null);
    }
    // Only a launch whose spawned process carries no probe relies on /proc for the port: a probe tells listen errors
    // apart.
    const root = tracker.rootPid;
    const port = tracker.port;
    if (!port.listening && root !== undefined && !tracker.has(root) && carriesProbe(root) === 'no') {
      if (isPortListening(port.number)) {
        port.listening = true;
        this.#notify();
      }
    }
  }
}
