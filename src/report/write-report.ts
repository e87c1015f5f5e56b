// Writes a report's files (report.html, timeline.svg, history.json) into a directory: the one report function with I/O.

import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { HistoryEvent } from '../history/events.js';
import type { HistoryJSON } from '../history/history.js';
import { highlightOfRun, isCampaign } from './_internals/campaign-facts.js';
import { problemHighlight, problemsByOrigin } from './_internals/problem-facts.js';
import { highlightedConnections } from './_internals/report-facts.js';
import { shownRun } from './_internals/run-rows.js';
import { renderHtmlReport } from './html-report.js';
import type { ReportInput } from './report-input.js';
import { renderTimelineSvg } from './timeline-svg.js';

/** The absolute paths of the files written. */
export interface WrittenReport {
  html: string;
  svg: string;
  json: string;
  /**
   * A campaign's problems' histories, one per problem in the report's order (app problems first): `history.json` for
   * the problem whose run is the representative one (the runner's first), `history-problem-<n>.json` for the others.
   * Empty for one run's report and for a campaign with no problem.
   */
  problemHistories: string[];
}

/**
 * Writes `report.html` (the whole report), `timeline.svg` (the picture of the representative run: the first
 * problem's on a failure, else the run shown, named in its title) and `history.json` (its events as `{ version: 1, events }`, readable with
 * `History.fromJSON`) into `directory`, creating it if needed; for a campaign with several problems, each other
 * problem's run as `history-problem-<n>.json`. Existing files of those names are replaced.
 */
export async function writeReport(report: ReportInput, directory: string): Promise<WrittenReport> {
  const root = resolve(directory);
  await mkdir(root, { recursive: true });
  const paths: WrittenReport = {
    html: join(root, 'report.html'),
    svg: join(root, 'timeline.svg'),
    json: join(root, 'history.json'),
    problemHistories: [],
  };
  const campaign = isCampaign(report);
  const { app, platform } = problemsByOrigin(report.problems ?? []);
  const problems = [...app, ...platform].map(({ problem }) => problem);
  const first = problems.find((problem) => problem.events === report.events);
  const shown = first ? undefined : shownRun(report);
  const title = `${report.target}: ${report.status.toUpperCase()}${first ? `, ${first.cause.key}` : shown ? `, ${shown.name}${shown.why ? `, ${shown.why}` : ''}` : ''}`;
  const highlight = first
    ? problemHighlight(first)
    : campaign
      ? highlightOfRun(report)
      : highlightedConnections(report);
  const writes: Promise<void>[] = [
    writeFile(paths.html, renderHtmlReport(report), 'utf8'),
    writeFile(
      paths.svg,
      `<?xml version="1.0" encoding="UTF-8"?>\n${renderTimelineSvg(report.events, { title, highlight })}\n`,
      'utf8',
    ),
    writeFile(paths.json, historyFile(report.events), 'utf8'),
  ];
  problems.forEach((problem, index) => {
    if (problem === first) {
      paths.problemHistories.push(paths.json);
      return;
    }
    const path = join(root, `history-problem-${index + 1}.json`);
    paths.problemHistories.push(path);
    writes.push(writeFile(path, historyFile(problem.events), 'utf8'));
  });
  await Promise.all(writes);
  return paths;
}

function historyFile(events: HistoryEvent[]): string {
  const history: HistoryJSON = { version: 1, events };
  return `${JSON.stringify(history, null, 2)}\n`;
}
