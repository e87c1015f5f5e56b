// The causes every-connection-answered names for a lost connection: their stable keys, and the fix of each.

import type { CauseOfFailure } from './causes.js';

/** The cause keys of every-connection-answered (stable: a campaign groups its failures by them). */
export type LossCauseKey =
  | 'every-connection-answered/handed-to-dead-worker'
  | 'every-connection-answered/refused-no-worker'
  | 'every-connection-answered/dropped-during-sigterm'
  | 'every-connection-answered/accepted-never-handed-on'
  | 'every-connection-answered/holder-died-without-fault'
  | 'every-connection-answered/dropped-by-holder'
  | 'every-connection-answered/refused-master-gone'
  | 'every-connection-answered/http-server-error'
  | 'every-connection-answered/lost-during-reload'
  | 'every-connection-answered/unexplained'
  | 'every-connection-answered/cut-by-fault'
  | 'every-connection-answered/cut-by-stop';

export interface LossCause extends CauseOfFailure {
  key: LossCauseKey;
}

/** The fixes, by cause (and origin where it differs). */
export const lossFixes = {
  handedToDeadWorkerPlatform:
    'Run node:cluster with SCHED_NONE (cluster.schedulingPolicy = cluster.SCHED_NONE before the first fork, or NODE_CLUSTER_SCHED_POLICY=none) so that only a worker that accepts a connection gets it, or use a master that owns the socket, acks each hand-off and re-dispatches what a dead worker never took.',
  handedToDeadWorkerApp:
    'Ack each hand-off (the worker confirms it took the socket) and re-dispatch to a live worker every socket a dead worker never acknowledged; stop sending to a worker as soon as its exit or disconnect is seen.',
  refusedNoWorkerPlatform:
    'node:cluster closes the listening port with its last worker: keep a worker alive (a fault budget: --min-available 1, minAvailable: 1), or use a master that owns the listening socket and queues connections until a worker is ready.',
  refusedNoWorkerApp:
    'Keep the port open while no worker is live: a master that owns the listening socket and queues connections until a worker is ready, or keep a worker alive (a fault budget: --min-available 1, minAvailable: 1).',
  droppedDuringSigterm:
    'Drain on SIGTERM: stop accepting (server.close()), finish the connections you hold, then exit; never exit or destroy sockets while requests are in flight.',
  acceptedNeverHandedOnApp:
    'Hand every accepted connection to a worker, or queue it until one is ready: a master that accepts must never keep a socket it does not serve.',
  acceptedNeverHandedOnPlatform:
    "node:cluster's round robin queues an accepted connection until a worker is free to take it: keep workers free (none paused or busy for longer than a client waits), or use SCHED_NONE (NODE_CLUSTER_SCHED_POLICY=none) so that the workers accept for themselves.",
  holderDiedWithoutFault:
    'Find why the process exited while it held connections (its exit code or signal, its output tail): a worker must not exit with connections open; whatever retires it (a reload, a restart policy, a memory limit) must let it drain first.',
  droppedByHolder:
    'The process received the connection, stayed alive and never answered it: find the path that drops it (no handler for that request, an error swallowed, a socket never ended); for a worker paused longer than a client waits, move the blocking work off its event loop or have the master route around an unresponsive worker.',
  refusedMasterGone:
    'The master exited with no fault injected into it: find why (its exit code or signal, its output tail); a master must stay up until it is stopped.',
  httpServerError:
    'Find why the server answered with an error status (the reply, its output tail); if that status is a valid answer for your app, raise maxAnsweredStatus.',
  lostDuringReload:
    'A reload must lose nothing: start each new worker, wait until it is ready, then retire an old one with a graceful drain (stop accepting, finish what it holds, exit).',
  unexplained:
    "Nothing in the history explains this loss: read its events in the timeline (a probe that missed a receipt, another process on the port, the app's output).",
  cutByFault:
    'Strict mode excuses no loss: what a process holds when a fault ends it is lost unless the client retries; retry idempotent requests in the client, or check in lenient mode.',
  cutByStop:
    'Strict mode excuses no loss: on SIGTERM the master must stop accepting, let the workers finish what they hold, then exit.',
} as const;
