// Each campaign run as a row (schedule on one line, answered of judged, faults, restores), and which run a report shows and why.

import { describe, expect, it } from 'vitest';
import type { RunRow } from '../../src/property/resilience-result.js';
import { restoresCell, runRowFacts, scheduleLine, shownRun } from '../../src/report/_internals/run-rows.js';
import { passResult, reportOf, runLog } from './_campaigns.js';

function row(index: number, fields: Partial<RunRow> & { faults?: RunRow['figures']['faultsLanded'] } = {}): RunRow {
  const { faults, ...rest } = fields;
  return {
    index,
    schedule: [{ type: 'pause', ms: 20 }],
    status: 'pass',
    cluster: 'reused',
    figures: {
      connections: { judged: 10, answered: 10, lost: 0, excused: {} },
      faultsLanded: faults ?? {},
      restoreMs: [],
      reloads: { started: 0, completed: 0 },
    },
    durationMs: 420,
    ...rest,
  };
}

describe('runRowFacts', () => {
  it('numbers runs from 1, puts the schedule on one line, and says answered of judged, losses apart', () => {
    const facts = runRowFacts(
      row(6, {
        status: 'fail',
        cluster: 'fresh',
        schedule: [
          { type: 'burst', count: 9, concurrency: 3 },
          {
            type: 'burst',
            count: 8,
            concurrency: 4,
            crash: { fault: { kind: 'SIGTERM', target: 'newest', inFlight: true }, after: 3 },
          },
          { type: 'pause', ms: 120 },
        ],
        figures: {
          connections: { judged: 31, answered: 27, lost: 2, excused: { 'fault-on-holder': 1, stop: 1 } },
          faultsLanded: { exit: 1, SIGTERM: 2 },
          restoreMs: [160.4, 53],
          reloads: { started: 0, completed: 0 },
        },
        durationMs: 1840,
      }),
    );
    expect(facts).toEqual({
      run: '7',
      schedule:
        'burst 9 connections (3 at once) · burst 8 connections (4 at once), SIGTERM on the newest worker in flight after 3 · pause 120 ms',
      cluster: 'fresh',
      answered: '27/31',
      losses: '2 lost, 2 excused',
      faults: '2 SIGTERM, 1 exit',
      restores: '160, 53 ms',
      duration: '1.8 s',
    });
  });

  it('says none where a run had no fault, no restore, and nothing lost', () => {
    const facts = runRowFacts(row(0, { schedule: [] }));
    expect([facts.schedule, facts.faults, facts.restores, facts.losses]).toEqual([
      'no step (settle and final burst only)',
      'none',
      'none',
      '',
    ]);
    expect(scheduleLine([{ type: 'reload' }, { type: 'pause', ms: 5 }])).toBe('reload · pause 5 ms');
  });

  it('lists up to three restore times, then the slowest and how many', () => {
    expect(restoresCell([])).toBe('none');
    expect(restoresCell([97.4])).toBe('97 ms');
    expect(restoresCell([40, 50, 60])).toBe('40, 50, 60 ms');
    expect(restoresCell([40, 431, 60, 70])).toBe('max 431 ms of 4');
  });
});

describe('shownRun', () => {
  const report = (rows: RunRow[], representativeRun: number | undefined) => ({
    ...reportOf(passResult()),
    runLog: rows,
    representativeRun,
  });

  it('names the run shown as a person counts runs, and says why when its row bears it out', () => {
    const rows = [row(0), row(1, { faults: { SIGKILL: 2, exit: 1 } }), row(2, { faults: { SIGKILL: 1 } })];
    expect(shownRun(report(rows, 1))).toMatchObject({
      index: 1,
      name: 'run 2 of 3',
      why: 'the run with the most faults landed (3: 2 SIGKILL, 1 exit)',
      row: rows[1],
    });
    // A run that is not the one with the most faults: named, with no reason its own table would contradict.
    expect(shownRun(report(rows, 2))).toEqual({ index: 2, name: 'run 3 of 3', row: rows[2] });
  });

  it('says when several runs landed as many faults, and whether the one shown is the last of them', () => {
    const rows = [row(0, { faults: { SIGKILL: 1 } }), row(1), row(2, { faults: { hang: 1 } })];
    expect(shownRun(report(rows, 2))?.why).toBe('the last of the 2 runs with the most faults landed (1 each)');
    expect(shownRun(report(rows, 0))?.why).toBe('one of the 2 runs with the most faults landed (1 each)');
    expect(shownRun(reportOf(passResult()))?.why).toBe('the last of the 12 runs with the most faults landed (1 each)');
  });

  it('says when no run landed a fault, and is undefined when the report shows no campaign run', () => {
    const rows = [row(0), row(1)];
    expect(shownRun(report(rows, 1))?.why).toBe('the last run (no run landed a fault)');
    expect(shownRun(report(rows, 0))?.why).toBeUndefined();
    expect(shownRun(report(rows, undefined))).toBeUndefined();
    // Without rows, the number of runs comes from the totals.
    expect(shownRun(report([], 4))).toEqual({ index: 4, name: 'run 5 of 40' });
    expect(runLog(3).map((entry) => runRowFacts(entry).run)).toEqual(['1', '2', '3']);
  });
});
