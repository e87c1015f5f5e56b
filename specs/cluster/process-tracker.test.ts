// The process tracker from hand-built probe reports: roles, readiness, the master under a wrapper, exits; no process.

import { describe, expect, test } from 'vitest';
import { FaultLedger } from '../../src/cluster/fault-ledger.js';
import { applyProbeReport } from '../../src/cluster/probe-reports.js';
import type { ProbeReport } from '../../src/cluster/probe-server.js';
import { ProcessTracker } from '../../src/cluster/process-tracker.js';
import { Clock } from '../../src/history/clock.js';
import type { HistoryEvent } from '../../src/history/events.js';
import { History } from '../../src/history/history.js';

// Above any Linux pid_max (2^22): a parent the tracker looks up in /proc is never found there.
const root = 9_000_001;
const primary = 9_000_002;
const [first, second, third] = [9_000_011, 9_000_012, 9_000_013];
const port = 41_234;

/** A tracker as a session builds it, with reports stamped `ms` after the clock's origin. */
function trackerFor(spawnedIsMaster: boolean) {
  const history = new History();
  const clock = new Clock();
  const faults = new FaultLedger();
  history.subscribe((event) => faults.observe(event));
  let wakes = 0;
  const tracker = new ProcessTracker({ port, spawnedIsMaster, history, clock, faults });
  const at = (ms: number) => String(clock.origin + BigInt(ms * 1e6));
  type Body = ProbeReport extends infer R ? (R extends ProbeReport ? Omit<R, 't'> : never) : never;
  const report = (ms: number, body: Body) =>
    applyProbeReport(tracker, { ...body, t: at(ms) } as ProbeReport, { history, clock, faults, notify: () => wakes++ });
  const hello = (ms: number, pid: number, ppid: number) =>
    report(ms, { type: 'hello', pid, ppid, argv: ['node', `process-${pid}.js`] });
  const of = <T extends HistoryEvent['type']>(type: T) =>
    history.events.filter((event): event is Extract<HistoryEvent, { type: T }> => event.type === type);
  return { tracker, history, faults, report, hello, of, wakes: () => wakes };
}

describe('ProcessTracker, a plain entry (the spawned process is the master)', () => {
  test('workers are ready as they listen on the port, oldest first, at the time their probe said so', () => {
    const { tracker, report, hello, of } = trackerFor(true);
    tracker.spawned(root);
    hello(1, root, 1);
    hello(2, first, root);
    hello(3, second, root);
    report(4, { type: 'listen-called', pid: second });
    report(5, { type: 'listening', pid: second, port });
    report(6, { type: 'listen-called', pid: first });
    report(7, { type: 'listening', pid: first, port });

    expect(tracker.roleOf(root)).toBe('master');
    expect([tracker.roleOf(first), tracker.roleOf(second)]).toEqual(['worker', 'worker']);
    expect(tracker.readyWorkers).toEqual([second, first]);
    expect(of('worker-ready').map(({ pid, t, via }) => ({ pid, t, via }))).toEqual([
      { pid: second, t: 5, via: 'listening' },
      { pid: first, t: 7, via: 'listening' },
    ]);
    expect(tracker.port.listening && tracker.port.reported).toBe(true);
  });

  test('a worker listening on another port is not ready, and the port is not taken for listening', () => {
    const { tracker, report, hello } = trackerFor(true);
    tracker.spawned(root);
    hello(1, root, 1);
    hello(2, first, root);
    report(3, { type: 'listen-called', pid: first });
    report(4, { type: 'listening', pid: first, port: port + 1 });
    expect(tracker.readyWorkers).toEqual([]);
    expect(tracker.port.listening).toBe(false);
  });

  test('a hand-off worker that never calls listen is ready once its main module has run', () => {
    const { tracker, report, hello, of } = trackerFor(true);
    tracker.spawned(root);
    hello(1, root, 1);
    hello(2, first, root);
    report(9, { type: 'started', pid: first, listenCalled: false });
    expect(tracker.readyWorkers).toEqual([first]);
    expect(of('worker-ready')[0]).toMatchObject({ pid: first, t: 9, via: 'started' });
  });

  test('an exit leaves the ready workers, dated when the process said it was exiting', () => {
    const { tracker, report, hello, of } = trackerFor(true);
    tracker.spawned(root);
    hello(1, root, 1);
    hello(2, first, root);
    report(3, { type: 'started', pid: first, listenCalled: false });
    report(10, { type: 'exit', pid: first, code: 3 });
    tracker.probeGone(first);
    expect(tracker.readyWorkers).toEqual([]);
    expect(tracker.get(first)?.alive).toBe(false);
    expect(of('process-exit')).toEqual([
      { type: 'process-exit', t: 10, pid: first, role: 'worker', code: 3, signal: null },
    ]);
    // Seen twice (the socket's close, then /proc), recorded once.
    tracker.markExited(first, null, null);
    expect(of('process-exit')).toHaveLength(1);
  });

  test('a worker that said it is exiting is no ready worker from then on, before its socket closes', () => {
    const { tracker, report, hello, of } = trackerFor(true);
    tracker.spawned(root);
    hello(1, root, 1);
    hello(2, first, root);
    hello(3, second, root);
    report(4, { type: 'started', pid: first, listenCalled: false });
    report(5, { type: 'started', pid: second, listenCalled: false });
    report(10, { type: 'exit', pid: first, code: 0 });
    expect(tracker.readyWorkers).toEqual([second]);
    expect(tracker.get(first)?.alive).toBe(true);
    // Neither ready again (a later hello reconsiders every worker not ready) nor starting.
    hello(11, third, root);
    expect(tracker.readyWorkers).toEqual([second]);
    expect(tracker.startingWorkers).toEqual([third]);
    expect(of('worker-ready').map(({ pid }) => pid)).toEqual([first, second]);
    tracker.probeGone(first);
    expect(of('process-exit')[0]).toMatchObject({ pid: first, t: 10, code: 0 });
  });

  test("a worker is starting from the master's report of its fork, before its own hello, until it is ready or gone", () => {
    const { tracker, report, hello, wakes } = trackerFor(true);
    tracker.spawned(root);
    hello(1, root, 1);
    report(2, { type: 'forked', pid: root, child: first });
    report(2, { type: 'forked', pid: root, child: second });
    expect(tracker.startingWorkers).toEqual([first, second]);
    hello(3, first, root);
    report(4, { type: 'listen-called', pid: first });
    expect(tracker.startingWorkers).toEqual([first, second]);
    report(5, { type: 'listening', pid: first, port });
    expect(tracker.startingWorkers).toEqual([second]);
    // The second dies at boot, before its probe says hello: only its parent saw it, and the waits wake.
    const before = wakes();
    report(6, { type: 'child-exit', pid: root, child: second, code: 1, signal: null });
    expect(tracker.startingWorkers).toEqual([]);
    expect(wakes()).toBe(before + 1);
    expect(tracker.childExits).toEqual([{ pid: second, code: 1, signal: null }]);
  });

  test("a child forked by a process other than the master (a worker's helper) is no starting worker", () => {
    const { tracker, report, hello } = trackerFor(true);
    tracker.spawned(root);
    hello(1, root, 1);
    hello(2, first, root);
    report(3, { type: 'started', pid: first, listenCalled: false });
    report(4, { type: 'forked', pid: first, child: 9_000_099 });
    expect(tracker.startingWorkers).toEqual([]);
  });

  test('a process the harness killed, with no exit report, exits by that signal', () => {
    const { tracker, report, hello, of } = trackerFor(true);
    tracker.spawned(root);
    hello(1, root, 1);
    hello(2, first, root);
    report(3, { type: 'started', pid: first, listenCalled: false });
    tracker.noteKilledBy(first, 'SIGKILL');
    tracker.probeGone(first);
    expect(of('process-exit')[0]).toMatchObject({ pid: first, code: null, signal: 'SIGKILL' });
  });

  test("the spawned process's probe closing is not its exit: its exit event is (it carries code and signal)", () => {
    const { tracker, hello, of } = trackerFor(true);
    tracker.spawned(root);
    hello(1, root, 1);
    tracker.probeGone(root);
    expect(of('process-exit')).toEqual([]);
    tracker.rootExited(null, 'SIGTERM');
    expect(tracker.rootExit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(of('process-exit')[0]).toMatchObject({ pid: root, role: 'master', signal: 'SIGTERM' });
  });

  test('EADDRINUSE on the port marks it in use and wakes the waits', () => {
    const { tracker, report, hello, wakes } = trackerFor(true);
    tracker.spawned(root);
    hello(1, root, 1);
    const before = wakes();
    report(2, { type: 'listen-error', pid: root, code: 'EADDRINUSE', port });
    expect(tracker.port.inUse).toBe(true);
    expect(wakes()).toBe(before + 1);
  });
});

describe('ProcessTracker, a command (the master is found under its launcher)', () => {
  test("a wrapper's only child is no ready worker; it becomes the master when it forks, the wrapper a launcher", () => {
    const { tracker, report, hello, history } = trackerFor(false);
    tracker.spawned(root);
    hello(1, root, 1);
    expect(tracker.roleOf(root)).toBe('launcher');
    hello(2, primary, root);
    report(3, { type: 'started', pid: primary, listenCalled: true });
    report(4, { type: 'listening', pid: primary, port });
    expect(tracker.readyWorkers).toEqual([]);

    report(5, { type: 'forked', pid: primary, child: first });
    expect(tracker.masterPid).toBe(primary);
    expect(tracker.roleOf(root)).toBe('launcher');
    expect(tracker.roleOf(primary)).toBe('master');
    hello(6, first, primary);
    hello(7, second, primary);
    report(8, { type: 'started', pid: first, listenCalled: false });
    report(9, { type: 'started', pid: second, listenCalled: false });
    expect(tracker.readyWorkers).toEqual([first, second]);
    // The start events were recorded with a provisional role, corrected in place.
    const starts = history.events.filter((event) => event.type === 'process-start');
    expect(starts.map((event) => [event.pid, event.role])).toEqual([
      [root, 'launcher'],
      [primary, 'master'],
      [first, 'worker'],
      [second, 'worker'],
    ]);
  });

  test('once settled, a worker that forks a helper stays a worker', () => {
    const { tracker, report, hello } = trackerFor(false);
    tracker.spawned(root);
    hello(1, root, 1);
    report(2, { type: 'forked', pid: root, child: first });
    hello(3, first, root);
    report(4, { type: 'started', pid: first, listenCalled: false });
    expect(tracker.masterPid).toBe(root);
    tracker.settle();
    report(5, { type: 'forked', pid: first, child: third });
    hello(6, third, first);
    expect(tracker.masterPid).toBe(root);
    expect(tracker.roleOf(first)).toBe('worker');
    expect(tracker.readyWorkers).toEqual([first]);
  });

  test('with no fork report, a second child makes both children real workers', () => {
    const { tracker, report, hello } = trackerFor(false);
    tracker.spawned(root);
    hello(1, root, 1);
    hello(2, first, root);
    report(3, { type: 'started', pid: first, listenCalled: false });
    expect(tracker.readyWorkers).toEqual([]);
    hello(4, second, root);
    report(5, { type: 'started', pid: second, listenCalled: false });
    expect(tracker.readyWorkers).toEqual([first, second]);
  });
});

describe('ProcessTracker and the fault ledger', () => {
  test('a hang holds a worker out of the available ones until its probe says it is over, or it exits', () => {
    const { tracker, report, hello, faults, wakes } = trackerFor(true);
    tracker.spawned(root);
    hello(1, root, 1);
    hello(2, first, root);
    report(3, { type: 'fault-landed', pid: first, fault: 1, kind: 'hang' });
    expect(faults.isHung(first)).toBe(true);
    expect(faults.landedFault(1)).toMatchObject({ pid: first, role: 'worker', kind: 'hang' });
    const before = wakes();
    report(4, { type: 'hang-end', pid: first, fault: 1 });
    expect(faults.isHung(first)).toBe(false);
    expect(wakes()).toBe(before + 1);

    report(5, { type: 'fault-landed', pid: first, fault: 2, kind: 'hang' });
    tracker.probeGone(first);
    expect(faults.isHung(first)).toBe(false);
  });

  test("an ending fault marks its target hit; a probe's answer to disarm is kept by fault", () => {
    const { tracker, report, hello, faults } = trackerFor(true);
    tracker.spawned(root);
    hello(1, root, 1);
    hello(2, first, root);
    report(3, { type: 'fault-landed', pid: first, fault: 1, kind: 'uncaught-exception', clientPort: 50_000 });
    expect(faults.wasHit(first)).toBe(true);
    expect(faults.landedFault(1)?.clientPort).toBe(50_000);
    report(4, { type: 'disarmed', pid: first, fault: 2, wasArmed: true });
    expect(faults.disarmAnswer(2)).toBe(true);
    expect(faults.disarmAnswer(3)).toBeUndefined();
  });
});
