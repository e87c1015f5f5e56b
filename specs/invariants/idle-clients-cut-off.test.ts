// Specs for idleClientsCutOff: a stalled, silent or slowly dripping client is cut off by the app in time.

import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/invariants/check.js';
import { idleClientsCutOff } from '../../src/invariants/idle-clients-cut-off.js';
import { history } from './_build.js';

const master = 100;
const workers = [101, 102];

describe('idleClientsCutOff', () => {
  it('passes a silent client the app closed within the bound, naming the slowest cut', () => {
    const events = history()
      .ready(master, workers)
      .connection({
        id: 1,
        at: 10,
        closeAt: 1020,
        outcome: 'closed-empty',
        pid: 101,
        clientFault: { kind: 'connect-then-silence' },
        clientFaultAt: 10,
      })
      .connection({ id: 2, at: 10, closeAt: 20, pid: 102 }).events;
    const verdict = idleClientsCutOff(events, { maxIdleMs: 1500 });
    expect(verdict).toMatchObject({
      invariant: 'idle-clients-cut-off',
      status: 'pass',
      message: '1 idle client cut off within 1500 ms of the last byte (the slowest after 1010 ms)',
    });
  });

  it('fails a stalled client the app never closed, naming the connection, the cause and the fix', () => {
    const events = history()
      .ready(master, workers)
      .connection({
        id: 7,
        at: 10,
        closeAt: 3010,
        outcome: 'timeout',
        pid: 101,
        clientFault: { kind: 'stall', bytes: 20 },
        clientFaultAt: 11,
      }).events;
    const verdict = idleClientsCutOff(events, { maxIdleMs: 1000 });
    expect(verdict.status).toBe('fail');
    expect(verdict.message).toBe(
      '1 idle client not cut off within 1000 ms of its last byte (0 cut off in time): #7 (timeout, pid 101, 10ms-3010ms), a stall after 20 bytes client idle from 11ms: the app never closed it; the client gave up 2999 ms later',
    );
    expect(verdict.causes).toMatchObject([{ key: 'idle-clients-cut-off/held-open', origin: 'app', count: 1 }]);
    expect(verdict.causes?.[0]?.fix).toContain('server.setTimeout');
    expect(verdict.details).toMatchObject([{ key: 'idle-clients-cut-off/held-open', connection: 7 }]);
    expect(verdict.evidence.map((event) => event.type)).toContain('connection-close');
  });

  it('fails a cut that came too late', () => {
    const events = history()
      .ready(master, workers)
      .connection({
        id: 3,
        at: 0,
        closeAt: 2500,
        outcome: 'closed-empty',
        pid: 101,
        clientFault: { kind: 'connect-then-silence' },
        clientFaultAt: 0,
      }).events;
    const verdict = idleClientsCutOff(events, { maxIdleMs: 2000 });
    expect(verdict.status).toBe('fail');
    expect(verdict.causes?.[0]?.key).toBe('idle-clients-cut-off/cut-late');
  });

  it('does not count the time an injected hang paused the holder', () => {
    const late = (kind: 'hang' | 'SIGTERM') =>
      history()
        .ready(master, workers)
        .fault({ at: 100, pid: 101, kind, durationMs: 800 })
        .connection({
          id: 3,
          at: 0,
          closeAt: 1900,
          outcome: 'closed-empty',
          pid: 101,
          clientFault: { kind: 'connect-then-silence' },
          clientFaultAt: 0,
        }).events;
    const paused = idleClientsCutOff(late('hang'), { maxIdleMs: 1200 });
    expect(paused.status, paused.message).toBe('pass');
    expect(paused.message).toContain('the slowest after 1100 ms');
    const notPaused = idleClientsCutOff(late('SIGTERM'), { maxIdleMs: 1200 });
    expect(notPaused.status).toBe('fail');
  });

  it('leaves out what it cannot judge: a quick drip, a fault that never took effect, a client that gave up first', () => {
    const events = history()
      .ready(master, workers)
      .connection({
        id: 1,
        at: 0,
        closeAt: 4000,
        outcome: 'answered',
        pid: 101,
        clientFault: { kind: 'slow-drip', intervalMs: 50 },
        clientFaultAt: 1,
      })
      .connection({ id: 2, at: 0, closeAt: 5, pid: 101, clientFault: { kind: 'stall', bytes: 3 } })
      .connection({
        id: 3,
        at: 0,
        closeAt: 500,
        outcome: 'timeout',
        pid: 102,
        clientFault: { kind: 'connect-then-silence' },
        clientFaultAt: 0,
      }).events;
    const verdict = idleClientsCutOff(events, { maxIdleMs: 1000 });
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toBe(
      'no idle client to judge in this run (the bound: 1000 ms); 3 idle clients not judged (#1: a byte every 50 ms is never idle that long; #2: it ended (answered) before it went idle; and 1 more)',
    );
  });

  it('judges a drip slower than the bound from its first byte', () => {
    const events = history()
      .ready(master, workers)
      .connection({
        id: 1,
        at: 0,
        closeAt: 3000,
        outcome: 'timeout',
        pid: 101,
        clientFault: { kind: 'slow-drip', intervalMs: 1500 },
        clientFaultAt: 1,
      }).events;
    expect(idleClientsCutOff(events, { maxIdleMs: 1000 }).status).toBe('fail');
  });

  it('ignores other client faults and plain connections, and is opt-in', () => {
    const events = history()
      .ready(master, workers)
      .connection({
        id: 1,
        at: 0,
        closeAt: 3000,
        outcome: 'timeout',
        pid: 101,
        clientFault: { kind: 'reset' },
        clientFaultAt: 1,
      })
      .connection({ id: 2, at: 0, closeAt: 3000, outcome: 'timeout', pid: 101 }).events;
    expect(idleClientsCutOff(events).message).toBe('no idle client to judge in this run (the bound: 2000 ms)');
    const invariants = (options: Parameters<typeof checkInvariants>[1]) =>
      checkInvariants(events, options).verdicts.map((verdict) => verdict.invariant);
    expect(invariants({})).not.toContain('idle-clients-cut-off');
    expect(invariants({ idleClientsCutOff: { maxIdleMs: 500 } })).toContain('idle-clients-cut-off');
  });
});
