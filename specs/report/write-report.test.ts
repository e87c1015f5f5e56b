// Writing a report to disk: report.html, timeline.svg and history.json in the directory asked for, created if missing.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { History } from '../../src/history/history.js';
import { writeReport } from '../../src/report/index.js';
import { byClass, parseXml, textOf } from './_xml.js';
import { failResult, passResult, reportOf, target } from './_campaigns.js';
import { failingReport } from './_reports.js';

describe('writeReport', () => {
  let scratch: string | undefined;
  afterEach(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
    scratch = undefined;
  });

  it('writes the page, the picture and the history into a new nested directory and returns their paths', async () => {
    scratch = await mkdtemp(join(tmpdir(), 'cluster-chaos-report-'));
    const directory = join(scratch, 'runs', 'failing');
    const report = failingReport();
    const paths = await writeReport(report, directory);
    expect(paths).toEqual({
      html: join(directory, 'report.html'),
      svg: join(directory, 'timeline.svg'),
      json: join(directory, 'history.json'),
      problemHistories: [],
    });

    const json = JSON.parse(await readFile(paths.json, 'utf8')) as unknown;
    expect(json).toEqual({ version: 1, events: report.events });
    expect(History.fromJSON(json as { version: 1; events: typeof report.events }).length).toBe(report.events.length);

    const svg = parseXml(await readFile(paths.svg, 'utf8'));
    expect(svg.name).toBe('svg');
    expect(byClass(svg, 'cc-lane')).toHaveLength(4);
    expect(
      byClass(svg, 'cc-connection').filter((element) => element.attributes['data-highlight'] === 'true'),
    ).toHaveLength(1);

    const page = parseXml(await readFile(paths.html, 'utf8'));
    expect(textOf(byClass(page, 'replay').find((element) => element.name === 'pre')!)).toBe(report.replay);
    expect(byClass(page, 'cc')).toHaveLength(1);
  });

  it("writes each problem's own history for a campaign: the representative run's as history.json, the others beside it", async () => {
    scratch = await mkdtemp(join(tmpdir(), 'cluster-chaos-report-'));
    const report = reportOf(failResult());
    const paths = await writeReport(report, scratch);
    // The report lists app problems first: the app problem (second in the result) is problem 1.
    const [app, platform] = [report.problems![1]!, report.problems![0]!];
    expect(app.cause.origin).toBe('app');
    // The representative run is the runner's first problem (the platform one here): it is history.json.
    expect(paths.problemHistories).toEqual([join(scratch, 'history-problem-1.json'), join(scratch, 'history.json')]);
    for (const [path, problem] of [
      [paths.problemHistories[0]!, app],
      [paths.problemHistories[1]!, platform],
    ] as const) {
      expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ version: 1, events: problem.events });
    }
    expect(JSON.parse(await readFile(paths.json, 'utf8'))).toEqual({ version: 1, events: report.events });
    const svg = parseXml(await readFile(paths.svg, 'utf8'));
    expect(byClass(svg, 'cc-lane').map((lane) => lane.attributes['data-pid'])).toEqual(['200', '201', '202', '203']);
  });

  it("names the run a pass shows in timeline.svg's title, and a failure's first problem", async () => {
    scratch = await mkdtemp(join(tmpdir(), 'cluster-chaos-report-'));
    const titleOf = async (report: ReturnType<typeof reportOf>, directory: string) =>
      textOf(
        byClass(
          parseXml(await readFile((await writeReport(report, join(scratch!, directory))).svg, 'utf8')),
          'cc-title',
        )[0]!,
      );
    expect(await titleOf(reportOf(passResult()), 'pass')).toBe(
      `${target}: PASS, run 37 of 40, the last of the 12 runs with the most faults landed (1 each)`,
    );
    expect(await titleOf(reportOf(failResult()), 'fail')).toBe(
      `${target}: FAIL, every-connection-answered/handed-to-dead-worker`,
    );
  });

  it('replaces the files of an earlier report in the same directory', async () => {
    scratch = await mkdtemp(join(tmpdir(), 'cluster-chaos-report-'));
    await writeReport(failingReport({ target: 'first.js' }), scratch);
    const paths = await writeReport(failingReport({ target: 'second.js' }), scratch);
    const html = await readFile(paths.html, 'utf8');
    expect(html).toContain('second.js');
    expect(html).not.toContain('first.js');
  });
});
