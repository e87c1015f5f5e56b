// Launching a session's cluster: the probe server, the spawn in a process group, and the wait until it is ready.

import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { notReadyDiagnosis, startFailure } from './boot-diagnosis.js';
import type { ClusterSession } from './cluster-session.js';
import { ClusterStartError, WaitTimeoutError } from './errors.js';
import { isPortListening } from './proc.js';
import { ProbeServer, probePath } from './probe-server.js';
import { drainOutput, spawnInProcessGroup } from './process-group.js';
import { watchProcessGroup } from './session-watchdog.js';

/**
 * Spawns the app and resolves once it is ready (the port listens and the expected workers are ready), recording
 * `cluster-ready`; otherwise throws a ClusterStartError that says why. The caller stops the session either way.
 */
export async function launchCluster(session: ClusterSession): Promise<void> {
  const { options, tracker, history, clock, port } = session;
  const { argv, env, cwd, workers } = options;
  const probes = await ProbeServer.listen({
    report: (report) => session.onReport(report),
    disconnected: (pid) => tracker.probeGone(pid),
  });
  session.probes = probes;
  // The probe first, then the TypeScript loader: every node process of the cluster inherits both.
  const probe = `--require ${JSON.stringify(probePath)}`;
  const nodeOptions = [process.env.NODE_OPTIONS, env.NODE_OPTIONS, probe, ...options.nodeOptions]
    .filter(Boolean)
    .join(' ');
  // Machine-global state of the app's (PM2_HOME...) made this instance's own, so that two instances never share it.
  for (const name of options.freshDirectories) {
    const prefix = `cluster-chaos-${name.toLowerCase().replaceAll('_', '-')}-`;
    session.fresh[name] = mkdtempSync(join(tmpdir(), prefix));
  }
  // Its own process group, so that stop() and the watchdog can end the whole cluster at once.
  const child = spawnInProcessGroup(argv, {
    cwd,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      WORKERS: String(workers),
      CLUSTER_CHAOS_PROBE: probes.socketPath,
      NODE_OPTIONS: nodeOptions,
      // Over any value the user has: one PM2_HOME shared by two pm2-runtime is what stops the first.
      ...session.fresh,
    },
    onOutput: (stream, data) => session.output.push(stream, data),
  });
  session.child = child;
  let spawnError: Error | undefined;
  child.on('error', (error) => {
    spawnError = error;
    session.waits.notify();
  });
  if (child.pid === undefined) {
    await once(child, 'error').catch(() => undefined);
    const code = (spawnError as NodeJS.ErrnoException | undefined)?.code;
    throw new ClusterStartError(
      code === 'ENOENT' ? 'command-not-found' : 'crashed-at-boot',
      code === 'ENOENT' ? `Command not found: ${argv[0]}` : `Could not start ${argv[0]}: ${spawnError?.message}`,
    );
  }
  const rootPid = child.pid;
  tracker.spawned(rootPid);
  watchProcessGroup(rootPid, probes.socketPath, Object.values(session.fresh));
  child.on('exit', (code, signal) => tracker.rootExited(code, signal));
  // A cluster left running must not keep the harness alive: the exit hook and the watchdog end it.
  child.unref();
  for (const stream of [child.stdout, child.stderr] as unknown as { unref?: () => void }[]) stream.unref?.();

  const context = () => session.errorContext();
  try {
    await session.waitUntil(
      () => {
        const failure = startFailure(tracker, options.label, context);
        if (failure) throw failure;
        return tracker.port.listening && tracker.readyWorkers.length >= workers ? true : undefined;
      },
      `the cluster to become ready (port ${port} listening and ${workers} worker${workers === 1 ? '' : 's'} ready)`,
      options.readyTimeoutMs,
    );
  } catch (error) {
    if (error instanceof WaitTimeoutError) {
      const diagnosis = notReadyDiagnosis(history, tracker, session.workerCount);
      throw new ClusterStartError(
        'not-ready',
        `${options.label} did not become ready within ${options.readyTimeoutMs} ms${diagnosis ? `: ${diagnosis}` : ''}`,
        context(),
        [`awaited: ${error.awaited}`, `seen: ${error.seen}`],
      );
    }
    const atBoot = (reason: string) => reason === 'crashed-at-boot' || reason === 'exited-at-boot';
    if (error instanceof ClusterStartError && atBoot(error.reason)) {
      // The exit can be seen before the last output and probe reports are read: read them, then decide.
      await drainOutput(child);
      // A process that dies within a millisecond of its start may do so before its probe connects: then only
      // /proc can tell that somebody else holds the port the cluster was to listen on.
      if (!tracker.port.inUse && !tracker.port.reported && isPortListening(port)) tracker.port.inUse = true;
      if (tracker.port.inUse) {
        const failure = startFailure(tracker, options.label, context);
        if (failure) throw failure;
      }
      throw new ClusterStartError(error.reason, error.message.split('\n')[0]!, {
        ...context(),
        exitCode: error.exitCode,
        signal: error.signal,
      });
    }
    throw error;
  }
  tracker.settle();
  const { masterPid, workers: ready } = session;
  history.record({ type: 'cluster-ready', t: clock.now(), masterPid, workers: ready, port });
}
