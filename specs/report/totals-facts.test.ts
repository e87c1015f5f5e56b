// Specs for a campaign's totals in words: connections excused by kind, faults by kind, restores, reloads.

import { describe, expect, test } from 'vitest';
import { excusedFacts, totalsFacts } from '../../src/report/_internals/totals-facts.js';
import { totals } from './_campaigns.js';

describe('totals facts', () => {
  test('lists the excused connections by excuse, the most frequent first', () => {
    expect(excusedFacts({})).toBe('0 excused');
    expect(excusedFacts({ stop: 1, 'fault-on-holder': 2, 'fault-while-open': 0 })).toBe(
      '3 excused (2: a fault ended the process that held them; 1: cut by the stop at the end of the run)',
    );
    expect(excusedFacts({ 'some-new-kind': 1 })).toBe('1 excused (1: some-new-kind)');
  });

  test('states every total, in the order both reports show them', () => {
    expect(totalsFacts(totals())).toEqual([
      ['Runs', '40 (40 passed, 0 failed, 0 unknown)'],
      [
        'Connections',
        '1234 judged: 1230 answered, 4 excused (3: a fault ended the process that held them; ' +
          '1: cut by the stop at the end of the run), 0 lost',
      ],
      ['Faults landed', '12 (8 SIGKILL, 3 exit, 1 uncaught-exception)'],
      ['Restores', '11 after worker faults: median 143 ms, max 412 ms'],
      ['Reloads', 'none'],
    ]);
  });

  test('names the connections of misbehaving clients, not judged', () => {
    const base = totals();
    const facts = new Map(totalsFacts({ ...base, connections: { ...base.connections, clientFaults: 7 } }));
    expect(facts.get('Connections')).toMatch(/, 0 lost; 7 of misbehaving clients \(client faults\) not judged$/);
  });

  test('says when nothing was measured', () => {
    const restores = { count: 0, medianMs: undefined, maxMs: undefined };
    const facts = new Map(totalsFacts(totals({ faults: {}, restores })));
    expect(facts.get('Faults landed')).toBe('none');
    expect(facts.get('Restores')).toBe('none measured (no worker fault was restored)');
  });
});
