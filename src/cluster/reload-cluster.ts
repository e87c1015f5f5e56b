// A zero-downtime reload of a running cluster: a signal or a command, awaited until every old worker is replaced.

import { once } from 'node:events';
import type { ClusterControl } from './cluster-control.js';
import { ClusterOptionsError, ReloadError, WaitTimeoutError, type ErrorContext } from './errors.js';
import { OutputBuffer } from './output-buffer.js';
import { describeReload, validateReloadHow, type ReloadHow } from './reload-how.js';
import { reloadProgress, type ReloadStartWorkers } from './reload-completion.js';
import { drainOutput, killProcessGroup, spawnInProcessGroup } from './process-group.js';
import { unwatchProcessGroup, watchProcessGroup } from './session-watchdog.js';
import type { Millis } from '../history/events.js';

// Where callers have always found them.
export { describeReload, validateReloadHow, type ReloadHow } from './reload-how.js';

export interface ReloadOptions {
  /** How long the whole reload may take, command included, in ms. Default 15000. */
  timeoutMs?: number;
}

/** What a completed reload did. */
export interface ReloadResult {
  /** How it was asked for, as recorded in the `reload` events: `SIGHUP to the master`, or the command line. */
  how: string;
  /** The `reload start` and `reload end` times, on the history's clock. */
  startedAt: Millis;
  endedAt: Millis;
  /** The workers ready at the start, all gone by the end. */
  replaced: number[];
  /** The ready workers at the end. */
  workers: number[];
  /** For a command: its output (the last lines). */
  commandOutput?: string;
}

interface CommandState {
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  error?: Error;
  output: OutputBuffer;
  /** Kills its process group and resolves once the command has exited (bounded: 2000 ms). */
  kill: () => Promise<void>;
}

/**
 * Reloads the cluster and resolves once the reload is complete (see `reloadProgress`): every worker ready at its start
 * has exited, no worker is still starting, the baseline number of workers is ready again (more only if none of them
 * existed before the reload), and a command has exited 0; checked again once the probes' reports in flight are read.
 * Records `reload start` before the signal or the command, and `reload end` when it is complete; a reload that
 * cannot complete records `reload failed` with its reason (one line) before the error is thrown (no `end`: its window
 * stays open, and every-connection-answered excuses no loss in it). A master already gone is a reload asked for that
 * failed: `start` and `failed` at once. Completion is judged from the cluster's own worker tracking (probes and
 * /proc), so it holds for launchers whose workers are not the master's children in the usual way.
 *
 * @throws ReloadError (command not found or exited non-zero, master gone, cluster stopped) or WaitTimeoutError; a
 *   ClusterOptionsError for a `how` or `timeoutMs` that cannot work (nothing recorded).
 */
export async function reloadCluster(
  cluster: ClusterControl,
  how: ReloadHow,
  options: ReloadOptions,
  stopSignal: AbortSignal,
): Promise<ReloadResult> {
  const valid = validateReloadHow(how);
  const timeoutMs = options.timeoutMs ?? 15_000;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new ClusterOptionsError(
      'timeoutMs',
      `must be a positive number of milliseconds, got ${JSON.stringify(options.timeoutMs)}`,
    );
  }
  const description = describeReload(valid);
  const context = (extra: ErrorContext = {}): ErrorContext => ({
    pid: cluster.masterPid,
    outputTail: cluster.output.tail(20),
    timelineTail: cluster.history.tail(12),
    ...extra,
  });
  // A stopped cluster has no history to add to: a reload asked of it is the caller's mistake, not the app's failure.
  if (stopSignal.aborted)
    throw new ReloadError('cluster-stopped', description, 'Cannot reload a stopped cluster', context());

  // The workers a reload must replace are those ready as it starts: read what the probes reported up to now first (a
  // worker ready a millisecond ago may still be in the pipe, and so may the master's report of a fork), bounded, since
  // a hung worker answers no ping. Those still starting may be old or new for the app: noted, not required to go.
  await cluster.flush({ timeoutMs: 500 }).catch(() => undefined);
  const replaced = cluster.workers;
  const before = new Set([
    ...cluster.processes.filter((process) => process.role === 'worker' && process.alive).map((process) => process.pid),
    ...cluster.startingWorkers,
  ]);
  const startedAt = cluster.clock.now();
  cluster.history.record({ type: 'reload', t: startedAt, phase: 'start', how: description });
  try {
    return await reloadStarted(
      cluster,
      valid,
      description,
      { mustGo: replaced, before },
      startedAt,
      timeoutMs,
      context,
      stopSignal,
    );
  } catch (error) {
    // Whatever ends the reload without its end (the app's failure, a timeout, a stop, a fault of ours) is in the history.
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    cluster.history.record({ type: 'reload', t: cluster.clock.now(), phase: 'failed', how: description, reason });
    throw error;
  }
}

/** The reload once its `start` is recorded: resolves at its end, or throws what made it fail. */
async function reloadStarted(
  cluster: ClusterControl,
  valid: ReloadHow,
  description: string,
  start: ReloadStartWorkers,
  startedAt: Millis,
  timeoutMs: number,
  context: (extra?: ErrorContext) => ErrorContext,
  stopSignal: AbortSignal,
): Promise<ReloadResult> {
  if (!cluster.masterAlive)
    throw new ReloadError('master-gone', description, 'Cannot reload: the master is gone', context());

  let command: CommandState | undefined;
  if ('signal' in valid) {
    try {
      process.kill(cluster.masterPid, valid.signal);
    } catch (error) {
      throw new ReloadError(
        'master-gone',
        description,
        `Could not send ${valid.signal} to master ${cluster.masterPid}: ${(error as Error).message}`,
        context(),
      );
    }
  } else {
    command = runCommand(cluster, valid);
  }
  const onStop = () => void command?.kill();
  stopSignal.addEventListener('abort', onStop, { once: true });

  const baseline = cluster.workerCount;
  const deadline = cluster.clock.now() + timeoutMs;
  const replaced = [...start.mustGo];
  try {
    /** What the last check still waited for: a timeout says it. */
    let waitingFor: string | undefined;
    const completed = (): number[] | undefined => {
      if (stopSignal.aborted)
        throw new ReloadError('cluster-stopped', description, 'The cluster was stopped during the reload', context());
      if (command?.error) {
        const code = (command.error as NodeJS.ErrnoException).code;
        throw new ReloadError(
          code === 'ENOENT' ? 'command-not-found' : 'command-failed',
          description,
          code === 'ENOENT'
            ? `Reload command not found: ${'command' in valid ? valid.command[0] : ''}`
            : `Could not run the reload command: ${command.error.message}`,
          context(),
        );
      }
      if (command?.exit && command.exit.code !== 0) {
        throw new ReloadError(
          'command-failed',
          description,
          `The reload command failed (${command.exit.signal ? `signal ${command.exit.signal}` : `exit code ${command.exit.code}`})`,
          {
            ...context({ exitCode: command.exit.code, signal: command.exit.signal }),
            commandOutput: command.output.tail(20),
          },
        );
      }
      if (!cluster.masterAlive)
        throw new ReloadError('master-gone', description, 'The master exited during the reload', context());
      if (command && !command.exit) return undefined;
      const ready = cluster.workers;
      const progress = reloadProgress(
        start,
        { ready, starting: cluster.startingWorkers, isAlive: (pid) => cluster.isAlive(pid) },
        baseline,
      );
      waitingFor = progress.complete ? undefined : progress.waitingFor;
      return progress.complete ? ready : undefined;
    };
    const awaited = `the reload (${description}) to complete: ${replaced.length === 0 ? 'no worker was ready at its start' : `worker${replaced.length === 1 ? '' : 's'} ${replaced.join(', ')} (ready at its start) gone`}, no worker still starting, ${baseline} worker${baseline === 1 ? '' : 's'} ready (more only if none is from before the reload)${command ? ', the command exited 0' : ''}`;
    let workers: number[];
    for (;;) {
      workers = await cluster
        .waitUntil(completed, awaited, Math.max(1, deadline - cluster.clock.now()))
        .catch((error: unknown) => {
          if (!(error instanceof WaitTimeoutError)) throw error;
          // Said with the whole bound (each wait has what is left of it), and what the last check still waited for.
          const seen = waitingFor === undefined ? error.seen : `still waiting for ${waitingFor}; ${error.seen}`;
          const { pid, outputTail, timelineTail } = error;
          throw new WaitTimeoutError(awaited, seen, timeoutMs, { pid, outputTail, timelineTail });
        });
      // What the probes sent up to here (a worker's exit, the master's fork of one more) may still be in the pipes:
      // read it, bounded (a hung worker answers no ping), and end the reload only if it is still complete.
      await cluster
        .flush({ timeoutMs: Math.max(1, Math.min(500, deadline - cluster.clock.now())) })
        .catch(() => undefined);
      const still = completed();
      if (still !== undefined) {
        workers = still;
        break;
      }
    }
    const endedAt = cluster.clock.now();
    cluster.history.record({ type: 'reload', t: endedAt, phase: 'end', how: description });
    return {
      how: description,
      startedAt,
      endedAt,
      replaced,
      workers,
      ...(command ? { commandOutput: command.output.tail(20) } : {}),
    };
  } finally {
    stopSignal.removeEventListener('abort', onStop);
    // A command still running here timed out or outlived a stop: it goes, with its process group, before we return.
    if (command && !command.exit) await command.kill();
  }
}

/**
 * Starts the reload command in its own process group (so that a kill reaches whatever it started), watched by the
 * session watchdog, its output drained into the cluster's output and its own buffer; its exit is marked in the history.
 */
function runCommand(cluster: ClusterControl, how: Extract<ReloadHow, { command: string[] }>): CommandState {
  const [file] = how.command as [string, ...string[]];
  const state: CommandState = { output: new OutputBuffer(16_384), kill: async () => {} };
  const child = spawnInProcessGroup(how.command, {
    cwd: how.cwd ?? cluster.options.cwd,
    env: {
      ...process.env,
      ...cluster.options.env,
      PORT: String(cluster.port),
      WORKERS: String(cluster.workerCount),
      CLUSTER_CHAOS_MASTER_PID: String(cluster.masterPid),
      ...how.env,
      // The app's own fresh directories (PM2_HOME): `pm2 reload` must reach this instance's PM2, not the user's.
      ...cluster.freshDirectories,
    },
    onOutput: (name, data) => {
      cluster.output.push(name, data);
      state.output.push(name, data);
    },
  });
  const group = child.pid;
  const label = `reload command ${file}`;
  child.on('error', (error) => {
    state.error = error;
    cluster.history.record({ type: 'mark', t: cluster.clock.now(), label: `${label} could not run: ${error.message}` });
  });
  if (group === undefined) return state;
  watchProcessGroup(group, cluster.probeSocketPath);
  const exited = once(child, 'exit').catch(() => undefined);
  state.kill = async () => {
    killProcessGroup(group);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
    clearTimeout(timer);
  };
  child.on('exit', (code, signal) => {
    unwatchProcessGroup(group);
    // Its last output may still be in the pipes (or a daemon it started may hold them): read it, bounded, then decide.
    void drainOutput(child).then(() => {
      state.exit = { code, signal };
      // The mark also wakes the reload's wait, which re-checks on every event.
      cluster.history.record({
        type: 'mark',
        t: cluster.clock.now(),
        label: `${label} exited (${signal ? `signal ${signal}` : `code ${code}`})`,
      });
    });
  });
  return state;
}
