// Starts the session watchdog once per harness process and tells it which process groups to reap if we die.

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const watchdogPath = fileURLToPath(new URL('../../src/cluster/watchdog.cjs', import.meta.url));

let watchdog: ChildProcess | undefined;
const registered = new Set<number>();

function ensureWatchdog(): ChildProcess {
  if (watchdog && watchdog.exitCode === null && watchdog.signalCode === null) return watchdog;
  const environment = { ...process.env };
  delete environment.CLUSTER_CHAOS_PROBE;
  delete environment.NODE_OPTIONS;
  // Detached: its own session and group, so a kill aimed at our group does not take the watchdog with it.
  watchdog = spawn(process.execPath, [watchdogPath], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: environment,
  });
  watchdog.unref();
  const stdin = watchdog.stdin as (NodeJS.WritableStream & { unref?: () => void }) | null;
  stdin?.unref?.();
  stdin?.on('error', () => {});
  return watchdog;
}

/**
 * Registers a cluster's process group (and its probe path, to find processes that left the group), and the directories
 * made for it (its fresh directories), to remove once its processes are killed.
 */
export function watchProcessGroup(
  processGroup: number,
  probeSocketPath: string,
  directories: readonly string[] = [],
): void {
  registered.add(processGroup);
  const stdin = ensureWatchdog().stdin;
  stdin?.write(`+${processGroup} ${probeSocketPath}\n`);
  for (const directory of directories) stdin?.write(`*${processGroup} ${directory}\n`);
  installExitHook();
}

/** The cluster is stopped: nothing of it is left to reap. */
export function unwatchProcessGroup(processGroup: number): void {
  if (!registered.delete(processGroup)) return;
  watchdog?.stdin?.write(`-${processGroup}\n`);
}

let exitHookInstalled = false;

/** A harness that exits normally with clusters still up kills them itself, at once and synchronously. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const group of registered) {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
}
