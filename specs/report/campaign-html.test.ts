// The HTML page of a campaign: valid XML, one section per problem with its own timeline and evidence, totals, unknown runs, harness errors.

import { describe, expect, it } from 'vitest';
import { connectionRecords } from '../../src/history/connections.js';
import { formatEvent } from '../../src/history/format.js';
import { renderHtmlReport } from '../../src/report/index.js';
import { byClass, findAll, parseXml, textOf, type XmlElement } from './_xml.js';
import {
  appProblem,
  errorResult,
  failResult,
  failThenErrorResult,
  harnessFailure,
  injectedTrace,
  passResult,
  platformProblem,
  replayLine,
  reportOf,
  unknownResult,
} from './_campaigns.js';

function page(html: string): XmlElement {
  return parseXml(html);
}

function only(root: XmlElement, className: string): XmlElement {
  const found = byClass(root, className);
  if (found.length !== 1) throw new Error(`expected one .${className}, found ${found.length}`);
  return found[0]!;
}

function named(root: XmlElement, name: string): XmlElement[] {
  return findAll(root, (element) => element.name === name);
}

function problemSections(root: XmlElement): XmlElement[] {
  return byClass(root, 'problem').filter((element) => element.name === 'section');
}

/** The pids of the lanes of the timeline pictures inside an element. */
function lanePids(root: XmlElement): string[] {
  return byClass(root, 'cc-lane').map((lane) => lane.attributes['data-pid'] ?? 'unattributed');
}

describe('renderHtmlReport of a campaign', () => {
  it('is one self-contained, well-formed page for every status', () => {
    for (const result of [passResult(), failResult(), unknownResult(), errorResult(), failThenErrorResult()]) {
      for (const verbose of [false, true]) {
        const html = renderHtmlReport(reportOf(result, verbose));
        const root = page(html);
        expect(root.name).toBe('html');
        expect(
          findAll(root, (element) => ['script', 'link', 'img', 'iframe', 'object'].includes(element.name)),
        ).toEqual([]);
        expect(html.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:\/\//);
        expect(only(root, 'verdict').attributes['data-status']).toBe(result.status);
      }
    }
  });

  it('FAIL: leads with the number of problems by origin, then one section per problem, app ones apart from platform ones', () => {
    const root = page(renderHtmlReport(reportOf(failResult())));
    expect(textOf(named(only(root, 'verdict'), 'h1')[0]!)).toBe('2 problems: 1 in the app, 1 in the platform');
    expect(textOf(named(root, 'title')[0]!)).toBe('cluster-chaos: FAIL 2 problems: 1 in the app, 1 in the platform');
    const groups = byClass(root, 'group-heading').map((element) => [
      element.attributes['data-origin'],
      textOf(named(element, 'h2')[0]!),
    ]);
    expect(groups).toEqual([
      ['app', 'Problems in the app (1)'],
      ['platform', 'Problems in the platform (1)'],
    ]);
    const sections = problemSections(root);
    expect(
      sections.map((section) => [
        section.attributes['data-problem'],
        section.attributes['data-origin'],
        section.attributes['data-cause'],
        section.attributes['data-status'],
      ]),
    ).toEqual([
      ['1', 'app', 'every-connection-answered/dropped-during-sigterm', 'confirmed'],
      ['2', 'platform', 'every-connection-answered/handed-to-dead-worker', 'not-reproduced'],
    ]);
  });

  it('FAIL: each section states the cause, the fix, the status, the replay line and the counterexample of its problem', () => {
    const [app, platform] = problemSections(page(renderHtmlReport(reportOf(failResult()))));
    for (const [section, problem] of [
      [app!, appProblem()],
      [platform!, platformProblem()],
    ] as const) {
      expect(textOf(only(section, 'cause'))).toContain(problem.cause.summary);
      expect(textOf(only(section, 'fix'))).toBe(`Fix: ${problem.cause.fix}`);
      expect(byClass(section, 'replay').map(textOf)).toEqual([replayLine(problem.path)]);
      expect(textOf(section)).toContain(problem.verdicts[0]!.message);
    }
    expect(textOf(only(app!, 'status-line'))).toBe('Confirmed on a fresh cluster; seen in 2 runs.');
    expect(textOf(only(platform!, 'status-line'))).toBe(
      'Seen once, not reproduced in 3 fresh replays: it still fails the check.',
    );
    expect(named(app!, 'h3').map(textOf)).toContain('Counterexample (shrunk 4 times, from 7 steps to 2)');
    expect(named(platform!, 'h3').map(textOf)).toContain(
      'Schedule as seen (3 steps; a failure that did not recur is not shrunk)',
    );
  });

  it("FAIL: each section has its own run's timeline, with that run's lost connections bold, listed and proven by its own evidence", () => {
    const [app, platform] = problemSections(page(renderHtmlReport(reportOf(failResult()))));
    const appRun = appProblem();
    const platformRun = platformProblem();
    expect(named(app!, 'svg')).toHaveLength(1);
    expect(named(platform!, 'svg')).toHaveLength(1);
    expect(lanePids(app!)).toEqual(['100', '101', '102', '103']);
    expect(lanePids(platform!)).toEqual(['200', '201', '202', '203']);

    for (const [section, problem] of [
      [app!, appRun],
      [platform!, platformRun],
    ] as const) {
      const lost = connectionRecords(problem.events)
        .filter((record) => record.outcome !== 'answered')
        .map((record) => String(record.connection));
      const bold = byClass(section, 'cc-connection').filter(
        (element) => element.attributes['data-highlight'] === 'true',
      );
      expect(bold.map((element) => element.attributes['data-connection'])).toEqual(lost);
      expect(named(only(section, 'lost'), 'li').map((item) => item.attributes['data-connection'])).toEqual(lost);
      expect(textOf(only(section, 'evidence')).split('\n')).toEqual(problem.verdicts[0]!.evidence.map(formatEvent));
    }
    // Never the other problem's evidence.
    for (const event of platformRun.verdicts[0]!.evidence) expect(textOf(app!)).not.toContain(formatEvent(event));
    for (const event of appRun.verdicts[0]!.evidence) expect(textOf(platform!)).not.toContain(formatEvent(event));
  });

  it('FAIL: draws a run on a reused cluster over its own span, not as a sliver at the end of an axis from 0', () => {
    const [, platform] = problemSections(page(renderHtmlReport(reportOf(failResult()))));
    const ticks = byClass(platform!, 'cc-tick')
      .map(textOf)
      .filter((label) => label.endsWith(' ms') || label.endsWith(' s'));
    expect(ticks[0]).toBe('20000 ms');
    expect(ticks.at(-1)).toBe('23000 ms');
    // Processes with no start in the slice were already running: their bars begin at the left of the plot.
    const bars = byClass(platform!, 'cc-bar');
    const left = Math.min(...bars.map((bar) => Number(bar.attributes.x)));
    const master = byClass(platform!, 'cc-lane').find((lane) => lane.attributes['data-pid'] === '200')!;
    expect(Number(byClass(master, 'cc-bar')[0]!.attributes.x)).toBe(left);
  });

  it('FAIL: output of each run with injected stack traces folded unless verbose; every invariant of the run; its full history', () => {
    const [, platform] = problemSections(page(renderHtmlReport(reportOf(failResult()))));
    const output = named(platform!, 'pre')
      .map(textOf)
      .find((text) => text.includes('[primary 200]'))!;
    expect(output).toContain(
      '[the stack trace of fault #2 (an injected uncaught exception) is left out: --verbose shows it]',
    );
    expect(output).not.toContain('InjectedFault');
    const [, verbosePlatform] = problemSections(page(renderHtmlReport(reportOf(failResult(), true))));
    expect(
      named(verbosePlatform!, 'pre')
        .map(textOf)
        .find((text) => text.includes('[primary 200]')),
    ).toContain(injectedTrace[4]);
    const rows = named(platform!, 'tr').map((row) => [row.attributes['data-invariant'], row.attributes['data-status']]);
    expect(rows).toEqual(platformProblem().verdicts.map((verdict) => [verdict.invariant, verdict.status]));
    expect(named(platform!, 'h3').map(textOf)).toContain(
      `This run's full history (${platformProblem().events.length} events)`,
    );
  });

  it('PASS: a totals table over every run, the shown run’s timeline and verdicts, its output only with verbose', () => {
    const root = page(renderHtmlReport(reportOf(passResult())));
    expect(textOf(named(only(root, 'verdict'), 'h1')[0]!)).toBe('Every run passed (40 of 40)');
    expect(problemSections(root)).toEqual([]);
    const rows = named(only(only(root, 'totals-section'), 'totals'), 'tr');
    expect(rows.map((row) => [textOf(named(row, 'th')[0]!), textOf(named(row, 'td')[0]!)])).toEqual([
      ['Runs', '40 (40 passed, 0 failed, 0 unknown)'],
      [
        'Connections',
        '1234 judged: 1230 answered, 4 excused (3: a fault ended the process that held them; 1: cut by the stop at the end of the run), 0 lost',
      ],
      ['Faults landed', '12 (8 SIGKILL, 3 exit, 1 uncaught-exception)'],
      ['Restores', '11 after worker faults: min 52 ms, median 143 ms, p95 351 ms, max 412 ms'],
      ['Reloads', 'none'],
    ]);
    expect(lanePids(only(root, 'timeline-section'))).toEqual(['300', '301', '302', '303']);
    expect(named(only(root, 'output'), 'pre')).toEqual([]);
    expect(textOf(only(only(root, 'output'), 'hint'))).toBe(
      'Left out of a report with no failure: --verbose shows it.',
    );
    const verbose = page(renderHtmlReport(reportOf(passResult(), true)));
    expect(textOf(named(only(verbose, 'output'), 'pre')[0]!)).toContain(
      'InjectedFault [Error]: cluster-chaos: injected uncaught exception (fault 2)',
    );
    expect(
      byClass(root, 'replay')
        .filter((element) => element.name === 'pre')
        .map(textOf),
    ).toEqual([replayLine(undefined)]);
  });

  it('PASS: a row per run, in order, numbered from 1, each with its schedule on one line, cluster, answers, faults, restores, status and duration', () => {
    const root = page(renderHtmlReport(reportOf(passResult())));
    const section = only(root, 'run-log-section');
    expect(textOf(named(section, 'h2')[0]!)).toBe('Every run (40 runs: 40 passed)');
    const rows = byClass(section, 'run-row');
    expect(rows.map((row) => row.attributes['data-run'])).toEqual(
      Array.from({ length: 40 }, (_, index) => String(index)),
    );
    expect(named(only(section, 'runs'), 'th').map(textOf)).toEqual([
      'Run',
      'Schedule',
      'Cluster',
      'Answered',
      'Faults landed',
      'Restores',
      'Status',
      'Duration',
    ]);
    const cells = (row: XmlElement) =>
      Object.fromEntries(named(row, 'td').map((cell) => [cell.attributes.class, textOf(cell)]));
    expect(cells(rows[0]!)).toEqual({
      run: '1',
      schedule: 'burst 9 connections (3 at once) · pause 50 ms',
      cluster: 'fresh',
      connections: '31/31',
      faults: 'none',
      restores: 'none',
      status: 'PASS',
      duration: '400 ms',
    });
    expect(cells(rows[34]!)).toMatchObject({
      run: '35',
      cluster: 'reused',
      faults: '1 SIGKILL',
      restores: '412 ms',
      connections: '30/30',
    });
    // The run shown below is flagged in its row, and the timeline's heading names it and says why it was picked.
    expect(
      rows.filter((row) => row.attributes.class?.split(' ').includes('shown')).map((row) => row.attributes['data-run']),
    ).toEqual(['36']);
    expect(cells(rows[36]!)).toMatchObject({ run: '37shown', connections: '29/301 excused' });
    const timeline = only(root, 'timeline-section');
    expect(textOf(named(timeline, 'h2')[0]!)).toBe(
      'Timeline of run 37 of 40, the last of the 12 runs with the most faults landed (1 each)',
    );
    expect(textOf(only(timeline, 'run-schedule'))).toBe(
      '1. burst 12 connections (4 at once)\n2. burst 9 connections (3 at once), SIGKILL on the oldest worker after 4',
    );
    expect(textOf(named(only(root, 'invariants'), 'h2')[0]!)).toBe('Invariants of run 37');
    expect(textOf(named(only(root, 'output'), 'h2')[0]!)).toBe('Output of run 37');
    // The rows come right after the totals they add up to.
    const sections = named(root, 'section').map((element) => element.attributes.class);
    expect(sections.indexOf('run-log-section')).toBe(sections.indexOf('totals-section') + 1);
  });

  it('FAIL and UNKNOWN: the rows of failed runs and of runs that proved nothing are marked with their status', () => {
    const marked = (result: ReturnType<typeof failResult>) => {
      const rows = byClass(only(page(renderHtmlReport(reportOf(result))), 'run-log-section'), 'run-row');
      return rows
        .filter((row) => row.attributes['data-status'] !== 'pass')
        .map((row) => [row.attributes['data-run'], row.attributes.class, textOf(only(row, 'badge'))]);
    };
    expect(marked(failResult())).toEqual([
      ['7', 'run-row fail', 'FAIL'],
      ['23', 'run-row fail', 'FAIL'],
    ]);
    expect(marked(unknownResult())).toEqual([
      ['3', 'run-row unknown', 'UNKNOWN'],
      ['8', 'run-row unknown', 'UNKNOWN'],
      ['16', 'run-row unknown', 'UNKNOWN'],
    ]);
    const failPage = page(renderHtmlReport(reportOf(failResult())));
    expect(textOf(named(only(failPage, 'run-log-section'), 'h2')[0]!)).toBe('Every run (40 runs: 38 passed, 2 failed)');
    expect(textOf(only(only(failPage, 'run-log-section'), 'hint'))).toContain('Failed runs are red.');
    // A failure shows its problems' runs, not a campaign run: no row is flagged as shown.
    expect(byClass(failPage, 'shown')).toEqual([]);
    // A replay has no run rows, and no table.
    expect(
      byClass(page(renderHtmlReport(reportOf({ ...passResult(), runLog: [], replayAttempts: 3 }))), 'run-log-section'),
    ).toEqual([]);
  });

  it('UNKNOWN: each reason with its runs, and each run that proved nothing with its schedule', () => {
    const root = page(renderHtmlReport(reportOf(unknownResult())));
    expect(textOf(named(only(root, 'verdict'), 'h1')[0]!)).toBe('3 of 40 runs proved nothing; no run failed');
    const section = only(root, 'unknown-runs');
    expect(
      named(section, 'tr')
        .slice(1)
        .map((row) => named(row, 'td').map(textOf)),
    ).toEqual([
      ['2 runs: runs 4 and 17', 'every-connection-answered', 'no connection was answered: the run proves nothing'],
      [
        '1 run: run 9',
        'worker-count-restored',
        'fault #2 (SIGKILL on the oldest worker) was asked for and never landed',
      ],
    ]);
    expect(named(section, 'h3').map((heading) => heading.attributes['data-run'])).toEqual(['3', '16', '8']);
    expect(textOf(only(root, 'totals'))).toContain('40 (37 passed, 0 failed, 3 unknown)');
  });

  it('ERROR: says it is an error of cluster-chaos or of the environment, with what, where and the full text', () => {
    const root = page(renderHtmlReport(reportOf(errorResult())));
    const header = only(root, 'verdict');
    expect(textOf(named(header, 'h1')[0]!)).toBe('An error of cluster-chaos or of the environment, not of the app');
    expect(textOf(header)).toContain(`${harnessFailure.name}: ${harnessFailure.message}`);
    expect(textOf(only(header, 'where'))).toBe("In run 57, while running the campaign's schedules.");
    const section = only(root, 'harness-failure');
    expect(textOf(section)).toContain('56 runs (56 passed); no problem found');
    expect(textOf(named(section, 'pre')[0]!)).toBe(harnessFailure.detail);
    expect(problemSections(root)).toEqual([]);
  });

  it('ERROR after a problem: the problem keeps its section, and the error has its own', () => {
    const root = page(renderHtmlReport(reportOf(failThenErrorResult())));
    expect(problemSections(root).map((section) => section.attributes['data-cause'])).toEqual([
      'every-connection-answered/dropped-during-sigterm',
    ]);
    expect(textOf(only(root, 'harness-failure'))).toContain('Outside any run, while shrinking a counterexample');
    const error = page(renderHtmlReport(reportOf({ ...failThenErrorResult(), status: 'error' })));
    expect(problemSections(error)).toHaveLength(1);
    expect(textOf(byClass(error, 'group-heading')[0]!)).toContain('Problems in the app found before the error (1)');
  });
});
