// Specs for every-worker-death-explained: each explained death passes, each unexplained one fails with its cause key.

import { describe, expect, it } from 'vitest';
import type { ClientFaultKind, HistoryEvent } from '../../src/history/events.js';
import { abruptExitWithinMs, hangExitGraceMs } from '../../src/invariants/_internals/death-excuse.js';
import { everyWorkerDeathExplained } from '../../src/invariants/every-worker-death-explained.js';
import { history, portOf } from './_build.js';

const master = 100;
const workers = [101, 102];
const base = () => history().ready(master, workers).answered(workers, 10, 4);

/** A client connection `id` whose client fault took effect at `at`, received by `pid` (or dispatched to it). */
function clientFaulted(
  id: number,
  pid: number,
  at: number,
  kind: ClientFaultKind = 'reset',
  via: 'accept' | 'dispatched' | 'unseen' = 'accept',
): HistoryEvent[] {
  const receipt: HistoryEvent[] =
    via === 'unseen'
      ? []
      : via === 'accept'
        ? [{ type: 'connection-handled', t: at + 0.5, pid, clientPort: portOf(id), via: 'accept' }]
        : [
            { type: 'connection-handled', t: at + 0.3, pid: master, clientPort: portOf(id), via: 'accept' },
            { type: 'connection-dispatched', t: at + 0.4, pid: master, to: pid, clientPort: portOf(id), by: 'app' },
          ];
  return [
    { type: 'connection-open', t: at - 1, connection: id, protocol: 'tcp', clientFault: { kind } as never },
    { type: 'connection-connected', t: at - 0.5, connection: id, clientPort: portOf(id) },
    ...receipt,
    {
      type: 'connection-close',
      t: at + 3000,
      connection: id,
      outcome: 'timeout',
      latencyMs: 3001,
      clientFault: kind,
      clientFaultAt: at,
    },
  ];
}

const keysOf = (events: readonly HistoryEvent[]) =>
  (everyWorkerDeathExplained(events).causes ?? []).map((cause) => cause.key);

describe('every-worker-death-explained: explained deaths pass', () => {
  it('passes a run where nothing died, and says so', () => {
    const verdict = everyWorkerDeathExplained(base().events);
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toMatch(/no process of the cluster exited/);
  });

  it('passes a death by each ending fault kind that landed on that pid', () => {
    for (const kind of [
      'SIGKILL',
      'SIGTERM',
      'exit',
      'uncaught-exception',
      'unhandled-rejection',
      'ipc-disconnect',
    ] as const) {
      const events = base().crash(101, 200, { pid: 103, readyAt: 400 }, kind).events;
      const verdict = everyWorkerDeathExplained(events);
      expect(verdict.status, kind).toBe('pass');
      expect(verdict.message).toMatch(/1 by an injected fault/);
    }
  });

  it('passes a SIGTERM drain however long it takes, but an abrupt fault explains an exit only within its bound', () => {
    const drained = base().fault({ at: 200, pid: 101, kind: 'SIGTERM' }).exit(101, 9000, 'worker', null).events;
    expect(everyWorkerDeathExplained(drained).status).toBe('pass');
    const survived = base()
      .fault({ at: 200, pid: 101, kind: 'unhandled-rejection' })
      .exit(101, 200 + abruptExitWithinMs + 1, 'worker', null).events;
    expect(keysOf(survived)).toEqual(['every-worker-death-explained/exited']);
    const justIn = base()
      .fault({ at: 200, pid: 101, kind: 'unhandled-rejection' })
      .exit(101, 200 + abruptExitWithinMs, 'worker', null).events;
    expect(everyWorkerDeathExplained(justIn).status).toBe('pass');
  });

  it('passes a fault whose landing is recorded after the exit, or never, and fails one that was withdrawn', () => {
    const lateLanding = base().fault({ at: 200, pid: 101, landsAt: 204 }).exit(101, 202).events;
    expect(everyWorkerDeathExplained(lateLanding).status).toBe('pass');
    const neverLanded = base().fault({ at: 200, pid: 101, lands: false }).exit(101, 202).events;
    expect(everyWorkerDeathExplained(neverLanded).status).toBe('pass');
    const disarmed = base().fault({ at: 200, pid: 101, disarmedAt: 250 }).exit(101, 300).events;
    expect(keysOf(disarmed)).toEqual(['every-worker-death-explained/killed-by-signal']);
  });

  it('does not let a fault explain an exit before it, nor a fault on another worker', () => {
    const before = base().exit(101, 190).fault({ at: 200, pid: 101 }).events;
    expect(everyWorkerDeathExplained(before).status).toBe('fail');
    const other = base().fault({ at: 200, pid: 102 }).exit(102, 201).exit(101, 202, 'worker', null).events;
    expect(keysOf(other)).toEqual(['every-worker-death-explained/exited']);
  });

  it('passes a hung worker its master kills, until the grace after the hang, not later', () => {
    const hang = () => base().fault({ at: 200, pid: 101, kind: 'hang', durationMs: 1000 });
    expect(everyWorkerDeathExplained(hang().exit(101, 700).events).status).toBe('pass');
    expect(everyWorkerDeathExplained(hang().exit(101, 1200 + hangExitGraceMs).events).status).toBe('pass');
    expect(keysOf(hang().exit(101, 1200 + hangExitGraceMs + 1).events)).toEqual([
      'every-worker-death-explained/killed-by-signal',
    ]);
  });

  it("passes the workers of a master a fault hit (before the master's exit too) and of a master that died", () => {
    const stopped = base()
      .fault({ at: 500, pid: master, kind: 'SIGTERM', role: 'master' })
      .exit(101, 510, 'worker', null)
      .exit(102, 512, 'worker', null)
      .exit(master, 520, 'master', null).events;
    const verdict = everyWorkerDeathExplained(stopped);
    expect(verdict.status).toBe('pass');
    expect(verdict.message).toMatch(/2 by a fault on its master/);
  });

  it('fails a master that died with nothing to explain it once, not its workers that went with it', () => {
    const events = base().exit(master, 500, 'master', null).exit(101, 520).exit(102, 6000, 'worker', null).events;
    const verdict = everyWorkerDeathExplained(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.causes).toEqual([
      expect.objectContaining({ key: 'every-worker-death-explained/master-died', origin: 'app', count: 1 }),
    ]);
    expect(verdict.message).toMatch(/^1 of 3 process exits/);
  });

  it('passes everything after the stop request, and nothing before it', () => {
    const events = base()
      .stop(1000)
      .exit(101, 1000)
      .exit(102, 1010, 'worker', null)
      .exit(master, 1020, 'master', null).events;
    expect(everyWorkerDeathExplained(events).status).toBe('pass');
    const early = base().exit(101, 999, 'worker', null).stop(1000).events;
    expect(keysOf(early)).toEqual(['every-worker-death-explained/exited']);
  });

  it('passes old workers that exit during a reload, from its start to its end, not after it ended', () => {
    const during = base().reload(300, 900).exit(101, 300, 'worker', null).exit(102, 900, 'worker', null).events;
    expect(everyWorkerDeathExplained(during).status).toBe('pass');
    const after = base().reload(300, 900).exit(101, 901, 'worker', null).events;
    expect(keysOf(after)).toEqual(['every-worker-death-explained/exited']);
    const unended = base().reloadStarted(300).exit(101, 5000, 'worker', null).events;
    expect(everyWorkerDeathExplained(unended).status).toBe('pass');
  });

  it('passes a launcher that exits after the master it wraps, and fails one that exits on its own', () => {
    const launcher: HistoryEvent = {
      type: 'process-start',
      t: 0,
      pid: 99,
      ppid: 1,
      role: 'launcher',
      command: 'npx tsx master.ts',
      seenThrough: 'probe',
    };
    const wrapped = [
      launcher,
      ...base()
        .fault({ at: 500, pid: master, role: 'master' })
        .exit(master, 501, 'master')
        .exit(99, 510, 'launcher', null).events,
    ];
    expect(everyWorkerDeathExplained(wrapped).status).toBe('pass');
    const alone = [launcher, ...base().exit(99, 510, 'launcher', null).events];
    expect(keysOf(alone)).toEqual(['every-worker-death-explained/exited']);
  });

  it('judges no process of role other, and no exit before cluster-ready', () => {
    const events = [
      ...base().events,
      { type: 'process-exit', t: 300, pid: 120, role: 'other', code: 1, signal: null },
      { type: 'process-exit', t: -5, pid: 98, role: 'worker', code: 1, signal: null },
    ] satisfies HistoryEvent[];
    expect(everyWorkerDeathExplained(events).status).toBe('pass');
  });

  it('is unknown without cluster-ready', () => {
    const verdict = everyWorkerDeathExplained(history().exit(101, 10).events);
    expect(verdict.status).toBe('unknown');
  });
});

describe('every-worker-death-explained: unexplained deaths fail with their cause', () => {
  it('fails a worker that exits with a code, or is killed by a signal nobody injected', () => {
    expect(keysOf(base().exit(101, 300, 'worker', null).events)).toEqual(['every-worker-death-explained/exited']);
    expect(keysOf(base().exit(101, 300).events)).toEqual(['every-worker-death-explained/killed-by-signal']);
  });

  it('fails a replacement that dies before it is ever ready (a restart storm), one count per death', () => {
    const storm = base().crash(101, 200).workerReady(103, 300, master).exit(101, 201);
    const events = [
      ...storm.events,
      {
        type: 'process-start',
        t: 400,
        pid: 104,
        ppid: master,
        role: 'worker',
        command: 'node w',
        seenThrough: 'probe',
      },
      { type: 'process-exit', t: 450, pid: 104, role: 'worker', code: 3, signal: null },
      {
        type: 'process-start',
        t: 460,
        pid: 105,
        ppid: master,
        role: 'worker',
        command: 'node w',
        seenThrough: 'probe',
      },
      { type: 'process-exit', t: 510, pid: 105, role: 'worker', code: 3, signal: null },
    ] satisfies HistoryEvent[];
    const verdict = everyWorkerDeathExplained(events);
    expect(verdict.causes).toEqual([
      expect.objectContaining({ key: 'every-worker-death-explained/died-at-boot', count: 2 }),
    ]);
    expect(verdict.details?.map((detail) => detail.text)).toEqual([
      expect.stringMatching(/^worker 104 exited at 450ms with code 3 before it was ever ready/),
      expect.stringMatching(/^worker 105 exited/),
    ]);
  });

  it('fails a worker that dies just after a client reset on a connection it held, and names that connection', () => {
    const events = [...base().exit(101, 305, 'worker', null).events, ...clientFaulted(9, 101, 300)];
    const verdict = everyWorkerDeathExplained(events);
    expect(verdict.status).toBe('fail');
    expect(verdict.causes?.[0]).toMatchObject({
      key: 'every-worker-death-explained/crashed-after-client-reset',
      origin: 'app',
      fix: expect.stringMatching(/'error' handler on every socket/),
    });
    expect(verdict.message).toMatch(/5ms after the client fault reset on connection #9/);
    expect(verdict.message).toMatch(/output tail/);
    expect(verdict.evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'process-exit', pid: 101 }),
        expect.objectContaining({ type: 'connection-close', connection: 9 }),
      ]),
    );
  });

  it('names a client fault on a connection handed to the worker, and a malformed request by its own key', () => {
    const handed = [
      ...base().exit(102, 320, 'worker', null).events,
      ...clientFaulted(9, 102, 300, 'reset', 'dispatched'),
    ];
    expect(keysOf(handed)).toEqual(['every-worker-death-explained/crashed-after-client-reset']);
    const oversized = [...base().exit(101, 320, 'worker', null).events, ...clientFaulted(9, 101, 300, 'oversized')];
    const verdict = everyWorkerDeathExplained(oversized);
    expect(verdict.causes?.[0]).toMatchObject({
      key: 'every-worker-death-explained/crashed-after-client-fault',
      fix: expect.stringMatching(/validate what the client sends/),
    });
  });

  it('names a client fault no process was seen to receive (a RST kills before the probe reports), after one it held', () => {
    const unseen = [...base().exit(101, 305, 'worker', null).events, ...clientFaulted(9, 101, 300, 'reset', 'unseen')];
    const verdict = everyWorkerDeathExplained(unseen);
    expect(verdict.causes?.map((cause) => cause.key)).toEqual([
      'every-worker-death-explained/crashed-after-client-reset',
    ]);
    expect(verdict.message).toMatch(/reset on connection #9 that no process was seen to receive/);
    const both = [
      ...base().exit(101, 305, 'worker', null).events,
      ...clientFaulted(9, 101, 290, 'oversized'),
      ...clientFaulted(10, 101, 300, 'reset', 'unseen'),
    ];
    expect(keysOf(both)).toEqual(['every-worker-death-explained/crashed-after-client-fault']);
  });

  it('fails a master that a client reset took down with the client-reset key', () => {
    const events = [...base().exit(master, 310, 'master', null).events, ...clientFaulted(9, master, 300)];
    expect(keysOf(events)).toEqual(['every-worker-death-explained/crashed-after-client-reset']);
  });

  it('does not blame a client fault long before the death, after it, or on a connection another process held', () => {
    const long = [...base().exit(101, 2400, 'worker', null).events, ...clientFaulted(9, 101, 300)];
    expect(keysOf(long)).toEqual(['every-worker-death-explained/exited']);
    const later = [...base().exit(101, 299, 'worker', null).events, ...clientFaulted(9, 101, 300)];
    expect(keysOf(later)).toEqual(['every-worker-death-explained/exited']);
    const elsewhere = [...base().exit(101, 305, 'worker', null).events, ...clientFaulted(9, 102, 300)];
    expect(keysOf(elsewhere)).toEqual(['every-worker-death-explained/exited']);
  });

  it('a client fault excuses nothing: the crash fails even when a fault later hits the same worker', () => {
    const events = [
      ...base().exit(101, 305, 'worker', null).fault({ at: 400, pid: 101 }).events,
      ...clientFaulted(9, 101, 300),
    ];
    expect(everyWorkerDeathExplained(events).status).toBe('fail');
  });
});
