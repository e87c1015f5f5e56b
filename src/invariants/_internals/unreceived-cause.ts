// The cause of a lost connection that no process reported receiving: refused, reset or dropped before any took it.

import type { ConnectionRecord } from '../../history/connections.js';
import type { Millis } from '../../history/events.js';
import { describeFault, formatMs } from './evidence.js';
import { unattributedWindowMs } from './excuse.js';
import { isAbrupt, type LandedFault } from './faults.js';
import { describeGap, momentWithNoWorker, type LossContext } from './loss-context.js';
import { lossFixes, type LossCause } from './loss-fixes.js';
import { liveWorkersAt } from './processes.js';

/** The cause of a loss no process received (no receipt, no dispatch). */
export function unreceivedCause(record: ConnectionRecord, closedAt: Millis, context: LossContext): LossCause {
  const { masterPid, masterExit } = context;
  const outcome = record.outcome ?? 'lost';
  if (record.outcome === 'refused' && masterExit !== undefined && masterExit.t <= record.openedAt) {
    return {
      key: 'every-connection-answered/refused-master-gone',
      origin: 'app',
      text: `refused after master ${masterPid ?? '?'} exited at ${formatMs(masterExit.t)} with no fault injected into it`,
      fix: lossFixes.refusedMasterGone,
    };
  }
  // The master died while it was open and no process took it: its port was still open while the dying process was torn
  // down (the exit is reported before the kernel closes the socket), or the master accepted it and died.
  if (masterExit !== undefined && masterExit.t <= closedAt) {
    return {
      key: 'every-connection-answered/refused-master-gone',
      origin: 'app',
      text: `${outcome === 'lost' ? 'never answered' : outcome}: opened at ${formatMs(record.openedAt)}, and master ${masterPid ?? '?'} exited at ${formatMs(masterExit.t)} with no fault injected into it before any process took it`,
      fix: lossFixes.refusedMasterGone,
    };
  }
  const masterAlive = masterPid !== undefined && (masterExit === undefined || masterExit.t > record.openedAt);
  const gap = momentWithNoWorker(record.openedAt, closedAt, context);
  if ((record.outcome === 'refused' || record.outcome === 'reset') && masterAlive && gap !== undefined) {
    return context.nodeCluster
      ? {
          key: 'every-connection-answered/refused-no-worker',
          origin: 'platform',
          text: `${outcome} while master ${masterPid} was alive and no worker took connections (${describeGap(gap, context)}); node:cluster closes the port with its last worker`,
          fix: lossFixes.refusedNoWorkerPlatform,
        }
      : {
          key: 'every-connection-answered/refused-no-worker',
          origin: 'app',
          text: `${outcome} while master ${masterPid} was alive and no worker took connections (${describeGap(gap, context)}): the port was closed while the workers were down`,
          fix: lossFixes.refusedNoWorkerApp,
        };
  }
  const acceptedAt = record.connectedAt ?? record.openedAt;
  const nearest = nearestFault(acceptedAt, context.faults);
  const seen = nearest
    ? `; the nearest fault: ${describeFault(nearest)}${nearest.exit ? `, its process exited at ${formatMs(nearest.exit.t)}` : ', its process never exited'}${isAbrupt(nearest.landed.kind) ? '' : ` (a ${nearest.landed.kind} excuses nothing)`}`
    : '; no fault landed in this run';
  const live = liveWorkersAt(context.lives, record.openedAt);
  const lead =
    record.outcome === 'refused' && masterAlive
      ? `refused while master ${masterPid} was alive and ${live.length === 1 ? `worker ${live[0]} was` : `workers ${live.join(', ')} were`} live`
      : `no process reported receiving it (no receipt, no dispatch)`;
  return {
    key: 'every-connection-answered/unexplained',
    origin: 'app',
    text: `${lead}, and no abrupt fault ended a process between its open at ${formatMs(record.openedAt)} and ${formatMs(unattributedWindowMs)} after its accept at ${formatMs(acceptedAt)}${seen}`,
    fix: lossFixes.unexplained,
  };
}

/** The fault that landed nearest to `t`. */
function nearestFault(t: Millis, faults: readonly LandedFault[]): LandedFault | undefined {
  let nearest: LandedFault | undefined;
  for (const fault of faults) {
    if (nearest === undefined || Math.abs(fault.landed.t - t) < Math.abs(nearest.landed.t - t)) nearest = fault;
  }
  return nearest;
}
