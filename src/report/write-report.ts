// Writes a report's files (report.html, timeline.svg, history.json) into a directory: the one report function with I/O.

import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { HistoryJSON } from '../history/history.js';
import { highlightedConnections } from './_internals/report-facts.js';
import { renderHtmlReport } from './html-report.js';
import type { ReportInput } from './report-input.js';
import { renderTimelineSvg } from './timeline-svg.js';

/** The absolute paths of the files written. */
export interface WrittenReport {
  html: string;
  svg: string;
  json: string;
}

/**
 * Writes `report.html` (the whole report), `timeline.svg` (the picture alone) and `history.json` (the events as
 * `{ version: 1, events }`, readable with `History.fromJSON`) into `directory`, creating it if needed. Existing files
 * of those names are replaced.
 */
export async function writeReport(report: ReportInput, directory: string): Promise<WrittenReport> {
  const root = resolve(directory);
  await mkdir(root, { recursive: true });
  const paths: WrittenReport = {
    html: join(root, 'report.html'),
    svg: join(root, 'timeline.svg'),
    json: join(root, 'history.json'),
  };
  const history: HistoryJSON = { version: 1, events: report.events };
  const svg = renderTimelineSvg(report.events, {
    title: `${report.target}: ${report.status.toUpperCase()}`,
    highlight: highlightedConnections(report),
  });
  await Promise.all([
    writeFile(paths.html, renderHtmlReport(report), 'utf8'),
    writeFile(paths.svg, `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`, 'utf8'),
    writeFile(paths.json, `${JSON.stringify(history, null, 2)}\n`, 'utf8'),
  ]);
  return paths;
}
