// Writes the sample report (to $REPORT_SAMPLE_DIR when set, to look at it in a browser) and checks what it shows.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectionRecords } from '../../src/history/connections.js';
import { writeReport } from '../../src/report/index.js';
import { byClass, findAll, parseXml, textOf } from './_xml.js';
import { sampleCampaignFailure, sampleCampaignPass, sampleReport } from './sample.js';

describe('the sample report', () => {
  const keep = process.env.REPORT_SAMPLE_DIR;
  let scratch: string | undefined;
  /** REPORT_SAMPLE_DIR when given (to look at the pages), else one scratch directory, removed after the specs. */
  const outputDirectory = async (): Promise<string> => {
    if (keep !== undefined) return keep;
    scratch ??= await mkdtemp(join(tmpdir(), 'cluster-chaos-sample-'));
    return scratch;
  };
  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('is a 2-worker run with 40 connections, a killed worker, two losses (one proving the failure) and a replacement', async () => {
    const report = sampleReport();
    const records = connectionRecords(report.events);
    expect(records).toHaveLength(40);
    expect(records.filter((record) => record.outcome !== 'answered').map((record) => record.outcome)).toEqual([
      'reset',
      'closed-empty',
    ]);

    const directory = await outputDirectory();
    const paths = await writeReport(report, directory);
    const html = parseXml(await readFile(paths.html, 'utf8'));
    const svg = byClass(html, 'cc')[0]!;
    expect(byClass(svg, 'cc-lane').map((lane) => lane.attributes['data-pid'])).toEqual([
      '4100',
      '4101',
      '4102',
      '4103',
    ]);
    expect(byClass(svg, 'cc-connection')).toHaveLength(40);
    const bold = byClass(svg, 'cc-connection').filter((element) => element.attributes['data-highlight'] === 'true');
    expect(bold.map((element) => element.attributes['data-outcome'])).toEqual(['closed-empty']);
    expect(byClass(svg, 'cc-fault')).toHaveLength(1);
  });

  it('has campaign twins: a failure with an app and a platform problem, and a pass with its totals and a row per run (the docs screenshots)', async () => {
    const root = await outputDirectory();
    const failure = await writeReport(sampleCampaignFailure(), join(root, 'campaign-fail'));
    const failPage = parseXml(await readFile(failure.html, 'utf8'));
    const sections = byClass(failPage, 'problem').filter((element) => element.name === 'section');
    expect(sections.map((section) => section.attributes['data-origin'])).toEqual(['app', 'platform']);
    expect(sections.map((section) => byClass(section, 'cc').length)).toEqual([1, 1]);
    expect(failure.problemHistories).toHaveLength(2);

    expect(
      byClass(failPage, 'run-row')
        .filter((row) => row.attributes['data-status'] === 'fail')
        .map((row) => row.attributes['data-run']),
    ).toEqual(['3', '23', '41', '52']);

    const pass = await writeReport(sampleCampaignPass(), join(root, 'campaign-pass'));
    const passPage = parseXml(await readFile(pass.html, 'utf8'));
    expect(byClass(passPage, 'problem')).toEqual([]);
    expect(textOf(byClass(passPage, 'totals').find((element) => element.name === 'table')!)).toContain(
      'Runs100 (100 passed, 0 failed, 0 unknown)',
    );
    expect(byClass(passPage, 'cc')).toHaveLength(1);
    // A row per run, and the run with the most faults (run 38, on the reused cluster) drawn over its own span.
    expect(byClass(passPage, 'run-row')).toHaveLength(100);
    expect(byClass(passPage, 'shown').map((row) => row.attributes['data-run'])).toEqual(['37']);
    const timeline = byClass(passPage, 'timeline-section')[0]!;
    expect(textOf(findAll(timeline, (element) => element.name === 'h2')[0]!)).toBe(
      'Timeline of run 38 of 100, the run with the most faults landed (3: 1 SIGTERM, 1 uncaught-exception, 1 SIGKILL)',
    );
    expect(
      byClass(timeline, 'cc-tick')
        .map(textOf)
        .find((label) => label.endsWith(' ms')),
    ).toMatch(/^196\d\d ms$/);
    expect(byClass(timeline, 'cc-fault')).toHaveLength(3);
  });
});
