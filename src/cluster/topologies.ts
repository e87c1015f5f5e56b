// The built-in topologies: the tutorial's programs as written, their corrected versions, node:cluster, reload and HTTP apps.

import { fileURLToPath } from 'node:url';

const fixturesRoot = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** Every built-in topology, by name, with its entry file (relative to `fixtures/`) and what it is. */
export const topologies = {
  'tutorial/round-robin': {
    entry: 'tutorial/round-robin/master.js',
    protocol: 'tcp',
    description: "the tutorial's hand-off master as written: `workers[workerId % 10]`",
  },
  'tutorial/restart': {
    entry: 'tutorial/restart/master.js',
    protocol: 'tcp',
    description: "the tutorial's restart master as written: re-forks on exit; its worker exits at random",
  },
  'tutorial/shared-handle': {
    entry: 'tutorial/shared-handle/master.js',
    protocol: 'tcp',
    description: "the tutorial's shared server handle as written: the master listens with no connection handler",
  },
  'corrected/round-robin': {
    entry: 'corrected/round-robin/master.js',
    protocol: 'tcp',
    description: 'hand-off master that dispatches to live workers, acknowledges hand-offs and re-dispatches',
  },
  'corrected/restart': {
    entry: 'corrected/restart/master.js',
    protocol: 'tcp',
    description: 'restart master done right: bounded restarts, no loss on a dead worker',
  },
  'corrected/sigterm-drains': {
    entry: 'corrected/sigterm-drains/master.js',
    protocol: 'tcp',
    description:
      'hand-off master whose workers drain on SIGTERM: the master stops routing to a draining worker, re-dispatches what it never took, and replaces it',
  },
  'corrected/shared-handle': {
    entry: 'corrected/shared-handle/master.js',
    protocol: 'tcp',
    description: 'shared server handle where the master never keeps a connection for itself',
  },
  'node-cluster/round-robin': {
    entry: 'node-cluster/round-robin/master.js',
    protocol: 'tcp',
    description:
      "node:cluster with SCHED_RR (Linux's default): Node loses a connection it hands to a worker that just died",
  },
  'node-cluster/round-robin-drops-on-error': {
    entry: 'node-cluster/round-robin-drops-on-error/master.js',
    protocol: 'tcp',
    description:
      "node:cluster with SCHED_RR (Node's loss of a connection handed to a just-dead worker) and an app bug of its own: every 5th connection a worker serves is destroyed unanswered by an error path",
  },
  'node-cluster/sched-none': {
    entry: 'node-cluster/sched-none/master.js',
    protocol: 'tcp',
    description: 'node:cluster with SCHED_NONE (the OS balances accepts)',
  },
  'reload/rolling': {
    entry: 'reload/rolling.js',
    protocol: 'tcp',
    description:
      'node:cluster with a rolling reload on SIGHUP/SIGUSR2 (each new worker listens before its old one retires); the primary keeps the port open',
  },
  'reload/naive': {
    entry: 'reload/naive.js',
    protocol: 'tcp',
    description:
      'node:cluster (SCHED_NONE) with a naive reload on SIGHUP/SIGUSR2: kills every worker at once, then re-forks',
  },
  typescript: {
    entry: 'typescript/server.ts',
    protocol: 'tcp',
    description: 'node:cluster (SCHED_NONE) written in TypeScript: ESM, typed, a separate worker.ts module',
  },
  http: {
    entry: 'http/master.js',
    protocol: 'http',
    description: 'node:cluster HTTP app answering JSON with the worker pid',
  },
  'buggy/never-restarts': {
    entry: 'buggy/never-restarts/master.js',
    protocol: 'tcp',
    description: 'node:cluster master that only logs a dead worker and never replaces it',
  },
  'buggy/restarts-once': {
    entry: 'buggy/restarts-once/master.js',
    protocol: 'tcp',
    description: 'node:cluster master that replaces each slot once, then gives up on it',
  },
  'buggy/dead-in-rotation': {
    entry: 'buggy/dead-in-rotation/master.js',
    protocol: 'tcp',
    description: 'hand-off master that keeps dead workers in its rotation',
  },
  'buggy/exit-race': {
    entry: 'buggy/exit-race/master.js',
    protocol: 'tcp',
    description: 'hand-off master that dispatches to a worker that is dying or not ready yet',
  },
  'buggy/restart-storm': {
    entry: 'buggy/restart-storm/master.js',
    protocol: 'tcp',
    description: 'node:cluster master that re-forks at once on every exit, with no bound',
  },
  'buggy/slow-restart': {
    entry: 'buggy/slow-restart/master.js',
    protocol: 'tcp',
    description: 'node:cluster master that waits 6 s before replacing a worker',
  },
  'buggy/orphan-workers': {
    entry: 'buggy/orphan-workers/master.js',
    protocol: 'tcp',
    description: 'hand-off master whose workers outlive it (no disconnect handler, a timer keeps them up)',
  },
  'buggy/stops-listening-after-crash': {
    entry: 'buggy/stops-listening-after-crash/master.js',
    protocol: 'tcp',
    description: 'hand-off master that closes its server when a worker dies and never listens again',
  },
  'buggy/sigterm-exits-at-once': {
    entry: 'buggy/sigterm-exits-at-once/master.js',
    protocol: 'tcp',
    description:
      'hand-off master whose workers exit 40 ms after SIGTERM, dropping the connections they hold (no drain)',
  },
  'buggy/drain-destroys-handed': {
    entry: 'buggy/drain-destroys-handed/master.js',
    protocol: 'tcp',
    description:
      'hand-off master that keeps handing connections to a worker draining on SIGTERM, which destroys them unanswered',
  },
  'buggy/reload-extra-worker': {
    entry: 'buggy/reload-extra-worker/master.js',
    protocol: 'tcp',
    description:
      'node:cluster rolling reload on SIGHUP/SIGUSR2 that ends with one worker too many when a worker dies during it (replaced by the exit handler and by the reload)',
  },
  'buggy/no-socket-error-handler': {
    entry: 'buggy/no-socket-error-handler/master.js',
    protocol: 'tcp',
    description: "node:cluster TCP app whose sockets have no 'error' listener: a client's reset kills the worker",
  },
  'corrected/socket-error-handler': {
    entry: 'corrected/socket-error-handler/master.js',
    protocol: 'tcp',
    description: "buggy/no-socket-error-handler with an 'error' listener on each socket: a reset costs one connection",
  },
  'buggy/throws-on-malformed-body': {
    entry: 'buggy/throws-on-malformed-body/master.js',
    protocol: 'http',
    description: 'node:cluster JSON API calling JSON.parse on the body with no try: a malformed body kills the worker',
  },
  'corrected/validates-body': {
    entry: 'corrected/validates-body/master.js',
    protocol: 'http',
    description: 'buggy/throws-on-malformed-body that validates the body: 413 over 64 KiB, 400 when it is not JSON',
  },
  'buggy/no-idle-timeout': {
    entry: 'buggy/no-idle-timeout/master.js',
    protocol: 'http',
    description: "node:cluster HTTP app, no idle timeout: a silent client holds its socket for Node's 60 s timeout",
  },
  'corrected/idle-timeout': {
    entry: 'corrected/idle-timeout/master.js',
    protocol: 'http',
    description: 'buggy/no-idle-timeout with server.setTimeout(1000): a socket idle for 1 s is destroyed',
  },
} as const satisfies Record<string, { entry: string; protocol: 'tcp' | 'http'; description: string }>;

export type TopologyName = keyof typeof topologies;

export const topologyNames = Object.keys(topologies) as TopologyName[];

export function isTopologyName(name: string): name is TopologyName {
  return Object.hasOwn(topologies, name);
}

/** The absolute path of a topology's entry file. */
export function topologyEntry(name: TopologyName): string {
  return fixturesRoot + topologies[name].entry;
}
