// Writes the sample report (to $REPORT_SAMPLE_DIR when set, to look at it in a browser) and checks what it shows.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectionRecords } from '../../src/history/connections.js';
import { writeReport } from '../../src/report/index.js';
import { byClass, parseXml } from './_xml.js';
import { sampleReport } from './sample.js';

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
});
