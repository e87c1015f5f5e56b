// Turns each probe report into process state and history events: the observe step's one entry point.

import type { Clock } from '../history/clock.js';
import type { History } from '../history/history.js';
import type { FaultLedger } from './fault-ledger.js';
import type { ProbeReport } from './probe-server.js';
import type { ProcessTracker } from './process-tracker.js';

export interface ReportContext {
  history: History;
  clock: Clock;
  faults: FaultLedger;
  /** Wakes the waits for a change that records no history event (each event wakes them already). */
  notify: () => void;
}

/** Applies one report; a report about a process that never said hello changes no process state. */
export function applyProbeReport(tracker: ProcessTracker, report: ProbeReport, context: ReportContext): void {
  const { history, clock, faults, notify } = context;
  const t = clock.fromHrtime(BigInt(report.t));
  if (report.type === 'hello') {
    tracker.hello(report, t);
    return;
  }
  const state = tracker.get(report.pid);
  const port = tracker.port;
  switch (report.type) {
    case 'listen-called':
      if (state) state.listenCalled = true;
      break;
    case 'listening':
      history.record({ type: 'listening', t, pid: report.pid, port: report.port });
      if (report.port === port.number) {
        port.listening = true;
        port.reported = true;
        if (state && !state.listeningOnPort) {
          state.listeningOnPort = true;
          state.listeningAt = t;
          tracker.updateReadiness(state);
        }
      }
      break;
    case 'listen-error':
      if (report.code === 'EADDRINUSE' && (report.port === undefined || report.port === port.number)) {
        port.inUse = true;
        notify();
      }
      break;
    case 'started':
      if (state) {
        state.started = true;
        state.startedAt ??= t;
        state.listenCalled ||= report.listenCalled;
        tracker.updateReadiness(state);
      }
      break;
    case 'forked':
      // The process that forks the workers is the master: known from its own report, before any child says hello
      // (and before it could itself be taken for a ready worker of a wrapper above it).
      if (state && !state.forks) tracker.forks(state);
      tracker.forkedChild(report.pid, report.child);
      break;
    case 'child-exit':
      tracker.childExited({ pid: report.child, code: report.code, signal: report.signal });
      // A child that died before its probe said hello records no event: a wait for it to stop starting wakes here.
      notify();
      break;
    case 'connection':
      history.record({
        type: 'connection-handled',
        t,
        pid: report.pid,
        clientPort: report.clientPort,
        via: report.via,
      });
      break;
    case 'dispatch':
      history.record({
        type: 'connection-dispatched',
        t,
        pid: report.pid,
        to: report.to,
        clientPort: report.clientPort,
        by: report.by,
      });
      break;
    case 'hang-end':
      if (faults.endHang(report.pid)) notify();
      break;
    case 'disarmed':
      faults.answerDisarm(report.fault, report.wasArmed);
      notify();
      break;
    case 'fault-landed':
      history.record({
        type: 'fault-landed',
        t,
        fault: report.fault,
        kind: report.kind,
        pid: report.pid,
        role: state?.role ?? 'other',
        ...(report.clientPort === undefined ? {} : { clientPort: report.clientPort }),
      });
      break;
    case 'exit':
      if (state) {
        state.exitCode = report.code;
        tracker.exiting(state, t);
      }
      break;
    case 'pong':
      if (state) state.pong = Math.max(state.pong, report.ping);
      notify();
      break;
  }
}
