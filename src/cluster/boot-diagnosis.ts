// Why a cluster did not start, in words: a boot failure's class, what most likely kept it from ready, what is seen.

import type { History } from '../history/history.js';
import { ClusterStartError, type ErrorContext } from './errors.js';
import type { ProcessTracker } from './process-tracker.js';

/** The start failure the tracker shows already (the port held by another, the spawned process gone), if any. */
export function startFailure(
  tracker: ProcessTracker,
  label: string,
  context: () => ErrorContext,
): ClusterStartError | undefined {
  if (tracker.port.inUse) {
    return new ClusterStartError('port-in-use', `Port ${tracker.port.number} is already in use`, context());
  }
  if (tracker.rootExit === undefined) return undefined;
  const { code, signal } = tracker.rootExit;
  if (code === 0) {
    return new ClusterStartError('exited-at-boot', `${label} exited with code 0 before the cluster was ready`, {
      ...context(),
      exitCode: code,
      signal,
    });
  }
  return new ClusterStartError(
    'crashed-at-boot',
    `${label} crashed at boot (${signal ? `signal ${signal}` : `exit code ${code}`})`,
    { ...context(), exitCode: code, signal },
  );
}

/**
 * What most likely kept the cluster from becoming ready, from its history: servers on another port than PORT, exits
 * during boot (a crash loop), or fewer workers started than asked. Undefined when nothing stands out.
 */
export function notReadyDiagnosis(history: History, tracker: ProcessTracker, workerCount: number): string | undefined {
  const events = history.events;
  const port = tracker.port;
  const elsewhere = new Map<number, number[]>();
  for (const event of events) {
    if (event.type !== 'listening' || event.port === port.number || event.port === 0) continue;
    elsewhere.set(event.port, [...(elsewhere.get(event.port) ?? []), event.pid]);
  }
  if (elsewhere.size > 0 && !port.listening) {
    const where = [...elsewhere]
      .map(([other, pids]) => `port ${other} (pid${pids.length === 1 ? '' : 's'} ${pids.join(', ')})`)
      .join(', ');
    return `it listens on ${where}, not on the port in env PORT (${port.number}): listen on process.env.PORT`;
  }
  // Exits seen by the harness, and children that died before their probe could say hello (seen by their parent).
  const exits = new Map<number, { code: number | null; signal: NodeJS.Signals | null }>();
  for (const event of events) if (event.type === 'process-exit') exits.set(event.pid, event);
  for (const exit of tracker.childExits) exits.set(exit.pid, exit);
  if (exits.size > 0) {
    const [pid, last] = [...exits].at(-1)!;
    const how = last.signal ? `signal ${last.signal}` : `code ${last.code}`;
    const loop = exits.size >= 3 ? ', a crash loop' : '';
    const count = `${exits.size} process${exits.size === 1 ? '' : 'es'}`;
    return `${count} exited during boot (the last: pid ${pid}, ${how})${loop}: see the app's output`;
  }
  const started = events.filter((event) => event.type === 'process-start' && event.role === 'worker').length;
  if (port.listening && started < workerCount) {
    const must = `the app must start as many workers as env WORKERS says (${workerCount})`;
    return `${started} of ${workerCount} workers started: ${must}`;
  }
  return undefined;
}

/** What the harness sees, for a wait's timeout: the port, the ready workers, each process's state. */
export function describeState(tracker: ProcessTracker, workerCount: number): string {
  const ready = tracker.readyWorkers;
  const parts = [`port ${tracker.port.number} ${tracker.port.listening ? 'listening' : 'not listening'}`];
  parts.push(`${ready.length} of ${workerCount} workers ready${ready.length ? ` (${ready.join(', ')})` : ''}`);
  const described = [...tracker.all()].map((state) => {
    const status = !state.alive
      ? 'exited'
      : state.ready
        ? 'ready'
        : state.listenCalled
          ? 'called listen, not listening yet'
          : state.started
            ? 'started'
            : 'starting';
    return `${state.role} ${state.pid} ${status}`;
  });
  parts.push(described.length > 0 ? `processes: ${described.join(', ')}` : 'no process said hello through its probe');
  const rootExit = tracker.rootExit;
  if (rootExit) parts.push(`spawned process exited (${rootExit.signal ?? `code ${rootExit.code}`})`);
  return parts.join('; ');
}
