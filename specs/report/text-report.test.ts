// The terminal report: fast-check's layout (what failed, counterexample, shrinks, seed and path, replay), line by line.

import { describe, expect, it } from 'vitest';
import { formatEvent } from '../../src/history/format.js';
import { renderTextReport } from '../../src/report/index.js';
import { failingReport, passingReport } from './_reports.js';

describe('renderTextReport', () => {
  it('lays a failure out as: headline, message, target, counterexample, seed and path, replay, evidence, output', () => {
    const report = failingReport();
    const lost = report.verdicts[0]!;
    expect(renderTextReport(report).split('\n')).toEqual([
      'cluster-chaos: FAIL  every-connection-answered',
      `  ${lost.message}`,
      '  (also checked: worker-count-restored pass, master-survived pass)',
      'Target: fixtures/x/master.js, 2 workers, tcp; failed after 3 runs in 12.3 s',
      'Counterexample (shrunk 5 times, from 6 steps to 2):',
      '  1. burst 4 connections (2 at once)',
      '  2. crash: SIGKILL on the oldest worker',
      'Seed: 42  Path: "0:1:1"',
      'Replay: cluster-chaos check fixtures/x/master.js --workers 2 --seed 42 --path "0:1:1"',
      'Evidence:',
      ...lost.evidence.map((event) => `  ${formatEvent(event)}`),
      'Output (last lines):',
      '  master listening',
      '  worker 101 ready',
      '  worker 102 ready',
    ]);
  });

  it('says "1 time" and leaves out what it does not know (original schedule, seed, replay, output)', () => {
    const text = renderTextReport(
      failingReport({
        shrinks: 1,
        originalSchedule: undefined,
        seed: undefined,
        path: undefined,
        replay: undefined,
        outputTail: undefined,
      }),
    );
    const lines = text.split('\n');
    expect(lines).toContain('Counterexample (shrunk 1 time):');
    expect(text).not.toMatch(/Seed:|Path:|Replay:|Output/);
  });

  it('names every failing invariant in the headline, each with its message', () => {
    const report = failingReport();
    report.verdicts[1] = { ...report.verdicts[1]!, status: 'fail', message: 'only 1 worker 5000 ms after fault #1' };
    const lines = renderTextReport(report).split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'cluster-chaos: FAIL  every-connection-answered, worker-count-restored',
      `  every-connection-answered: ${report.verdicts[0]!.message}`,
      '  worker-count-restored: only 1 worker 5000 ms after fault #1',
      '  (also checked: master-survived pass)',
    ]);
  });

  it('reports a pass with every invariant and the last schedule, and an unknown with what proved nothing', () => {
    const pass = renderTextReport(passingReport()).split('\n');
    expect(pass.slice(0, 5)).toEqual([
      'cluster-chaos: PASS  every invariant held (2 checked)',
      '  every-connection-answered: 11 connections answered; 1 loss excused by fault #1',
      '  master-survived: master 100 was alive from ready to stop',
      'Target: fixtures/corrected/master.js, 2 workers, http; passed 100 runs in 800 ms',
      'Schedule (last run):',
    ]);
    expect(pass).not.toContain('Evidence:');

    const unknown = passingReport({
      status: 'unknown',
      verdicts: [
        {
          invariant: 'every-connection-answered',
          status: 'unknown',
          message: 'no connection was answered: the run proves nothing',
          evidence: [],
        },
      ],
    });
    expect(renderTextReport(unknown).split('\n').slice(0, 2)).toEqual([
      'cluster-chaos: UNKNOWN  every-connection-answered',
      '  no connection was answered: the run proves nothing',
    ]);
  });

  it('shows only the last lines of a long output, saying how many it left out', () => {
    const outputTail = Array.from({ length: 30 }, (_, index) => `line ${index + 1}`).join('\n');
    const lines = renderTextReport(failingReport({ outputTail }), { maxOutputLines: 5 }).split('\n');
    expect(lines.slice(-6)).toEqual([
      'Output (last 5 of 30 lines):',
      '  line 26',
      '  line 27',
      '  line 28',
      '  line 29',
      '  line 30',
    ]);
  });

  it('bounds the evidence it prints', () => {
    const lines = renderTextReport(failingReport(), { maxEvidence: 2 }).split('\n');
    const start = lines.indexOf('Evidence:');
    expect(lines[start + 3]).toBe('  … and 2 more events (see the HTML report)');
  });

  it('writes no ANSI escape unless asked, and colours the status when asked', () => {
    expect(renderTextReport(failingReport())).not.toContain('\u001B[');
    const coloured = renderTextReport(failingReport(), { color: true });
    expect(coloured.split('\n')[0]).toBe(
      'cluster-chaos: \u001B[1m\u001B[31mFAIL\u001B[39m\u001B[22m  every-connection-answered',
    );
    expect(coloured).toContain('\u001B[36mcluster-chaos check fixtures/x/master.js');
    expect(renderTextReport(passingReport(), { color: true })).toContain('\u001B[32mPASS\u001B[39m');
  });
});
