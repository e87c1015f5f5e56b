// Whatever the status, neither report silently leaves out a problem, an unknown run or the harness failure.

import { describe, expect, it } from 'vitest';
import type { ResilienceResult } from '../../src/property/resilience-result.js';
import { renderHtmlReport, renderTextReport } from '../../src/report/index.js';
import { byClass, findAll, parseXml, textOf } from './_xml.js';
import {
  appProblem,
  harnessFailure,
  passResult,
  platformProblem,
  replayLine,
  reportOf,
  unknownRuns,
} from './_campaigns.js';

const tooMany = appProblem({
  cause: {
    key: 'worker-count-restored/too-many-workers',
    origin: 'app',
    summary: '3 workers live from 812 ms to 1204 ms after the reload, for a baseline of 2',
    fix: 'stop every old worker a reload replaces, and fork no more than the baseline',
    count: 1,
  },
  path: '12:0',
});

const problemSets = [[], [appProblem()], [platformProblem()], [platformProblem(), appProblem(), tooMany]];
const statuses: ResilienceResult['status'][] = ['pass', 'fail', 'unknown', 'error'];

describe('a report never leaves out silently', () => {
  for (const status of statuses) {
    for (const problems of problemSets) {
      for (const unknown of [[], unknownRuns]) {
        for (const failure of [undefined, harnessFailure]) {
          const name = `${status}: ${problems.length} problem(s), ${unknown.length} unknown run(s), ${failure ? 'a' : 'no'} harness failure`;
          it(name, () => {
            const result: ResilienceResult = {
              ...passResult(),
              status,
              problems,
              unknownRuns: unknown,
              ...(failure ? { harnessFailure: failure } : {}),
            };
            const report = reportOf(result);
            const text = renderTextReport(report);
            const html = parseXml(renderHtmlReport(report));
            const sections = byClass(html, 'problem').filter((element) => element.name === 'section');

            // Every problem: its cause, its fix and its own replay line, in both reports.
            expect(sections.map((section) => section.attributes['data-cause']).sort()).toEqual(
              problems.map((problem) => problem.cause.key).sort(),
            );
            for (const problem of problems) {
              expect(text).toContain(problem.cause.key);
              expect(text).toContain(problem.cause.fix);
              expect(text).toContain(replayLine(problem.path));
              const section = sections.find((element) => element.attributes['data-cause'] === problem.cause.key)!;
              expect(textOf(section)).toContain(problem.cause.fix);
              expect(textOf(section)).toContain(replayLine(problem.path));
            }

            // Every unknown run: its number and its reason.
            const runs = byClass(html, 'unknown-runs')[0];
            expect(runs === undefined).toBe(unknown.length === 0 && status !== 'unknown');
            for (const run of unknown) {
              const reason = run.verdicts[0]!.message;
              const line = text.split('\n').find((entry) => entry.includes(reason));
              expect(line, `the text names ${reason}`).toBeDefined();
              expect(line).toMatch(new RegExp(`\\b${run.index + 1}\\b`));
              expect(textOf(runs!)).toContain(reason);
              expect(
                findAll(
                  runs!,
                  (element) => element.name === 'h3' && element.attributes['data-run'] === String(run.index),
                ),
              ).toHaveLength(1);
            }

            // The harness failure: what happened, in both reports.
            if (failure) {
              expect(text).toContain(failure.message);
              expect(textOf(byClass(html, 'harness-failure')[0]!)).toContain(failure.message);
            } else {
              expect(byClass(html, 'harness-failure')).toEqual([]);
            }
          });
        }
      }
    }
  }
});
