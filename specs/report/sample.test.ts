// Writes the sample report (to $REPORT_SAMPLE_DIR when set, to look at it in a browser) and checks what it shows.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectionRecords } from '../../src/history/connections.js';
import { writeReport } from '../../src/report/index.js';
import { byClass, parseXml, textOf } from './_xml.js';
import { sampleCampaignFailure, sampleCampaignPass, sampleReport } from './sample.js';

describe('the sample report', () => {
  const keep = process.env.REPORT_SAMPLE_DIR;
  let scratch: string | undefined;
  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('is a 2-worker run with 40 connections, a killed worker, two losses (one proving the failure) and a replacement', async () => {
    const report = sampleReport();
    const records = connectionRecords(report.events);
    expect(records).toHaveLength(40);
    expect(records.filter((record) => record.outcome !== 'answered').map((record) => record.outcome)).toEqual(['reset', 'closed-empty']);

    const directory = keep ?? (scratch = await mkdtemp(join(tmpdir(), 'cluster-chaos-sample-')));
    const paths = await writeReport(report, directory);
    const html = parseXml(await readFile(paths.html, 'utf8'));
    const svg = byClass(html, 'cc')[0]!;
    expect(byClass(svg, 'cc-lane').map((lane) => lane.attributes['data-pid'])).toEqual(['4100', '4101', '4102', '4103']);
    expect(byClass(svg, 'cc-connection')).toHaveLength(40);
    const bold = byClass(svg, 'cc-connection').filter((element) => element.attributes['data-highlight'] === 'true');
    expect(bold.map((element) => element.attributes['data-outcome'])).toEqual(['closed-empty']);
    expect(byClass(svg, 'cc-fault')).toHaveLength(1);
  });

  it('has campaign twins: a failure with an app and a platform problem, and a pass with its totals (the docs screenshots)', async () => {
    const root = keep ?? (scratch ??= await mkdtemp(join(tmpdir(), 'cluster-chaos-sample-')));
    const failure = await writeReport(sampleCampaignFailure(), join(root, 'campaign-fail'));
    const failPage = parseXml(await readFile(failure.html, 'utf8'));
    const sections = byClass(failPage, 'problem').filter((element) => element.name === 'section');
    expect(sections.map((section) => section.attributes['data-origin'])).toEqual(['app', 'platform']);
    expect(sections.map((section) => byClass(section, 'cc').length)).toEqual([1, 1]);
    expect(failure.problemHistories).toHaveLength(2);

    const pass = await writeReport(sampleCampaignPass(), join(root, 'campaign-pass'));
    const passPage = parseXml(await readFile(pass.html, 'utf8'));
    expect(byClass(passPage, 'problem')).toEqual([]);
    expect(textOf(byClass(passPage, 'totals').find((element) => element.name === 'table')!)).toContain('Runs100 (100 passed, 0 failed, 0 unknown)');
    expect(byClass(passPage, 'cc')).toHaveLength(1);
  });
});
