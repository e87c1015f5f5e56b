// The terminal report of a campaign, per status: what a user must believe, and why, each fact from the run it belongs to.

import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/history/events.js';
import { formatEvent } from '../../src/history/format.js';
import { renderTextReport } from '../../src/report/index.js';
import {
  appProblem,
  errorResult,
  failResult,
  failThenErrorResult,
  injectedTrace,
  passResult,
  platformProblem,
  replayLine,
  reportOf,
  unknownResult,
} from './_campaigns.js';
import { history } from './_histories.js';

/** The lines of a text from the one that starts with `first` up to (not including) the next blank line. */
function block(text: string, first: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(first));
  if (start < 0) throw new Error(`no line starting with ${JSON.stringify(first)} in:\n${text}`);
  const end = lines.indexOf('', start);
  return lines.slice(start, end < 0 ? undefined : end);
}

function evidenceOf(events: readonly HistoryEvent[]): string[] {
  return events.map((event) => `    ${formatEvent(event)}`);
}

describe('renderTextReport of a campaign', () => {
  it('FAIL: counts the distinct problems by origin, then shows the app problems, then the platform ones', () => {
    const text = renderTextReport(reportOf(failResult()));
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'cluster-chaos: FAIL  2 problems: 1 in the app, 1 in the platform',
      'Target: fixtures/x/master.js, 2 workers, tcp; 40 runs (38 passed, 2 failed) in 12.3 s; seed 42',
      '',
    ]);
    const order = [
      'Problems in the app (1): its own code',
      'Problem 1 of 2 (app): every-connection-answered/dropped-during-sigterm',
      'Problems in the platform (1): Node itself (node:cluster), which the app can only work around',
      'Problem 2 of 2 (platform): every-connection-answered/handed-to-dead-worker',
    ].map((heading) => lines.indexOf(heading));
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('FAIL: gives each problem its invariant, cause, fix, status, counterexample, seed and path, replay line, lost connections, evidence and output', () => {
    const report = reportOf(failResult());
    const app = appProblem();
    const failing = app.verdicts[0]!;
    expect(block(renderTextReport(report), 'Problem 1 of 2')).toEqual([
      'Problem 1 of 2 (app): every-connection-answered/dropped-during-sigterm',
      `  Invariant: every-connection-answered: ${failing.message}`,
      '  Cause: worker 101 had received SIGTERM (fault #1) and dropped the 2 connections it held instead of finishing them (2 times in this run)',
      '  Fix: drain on SIGTERM: stop accepting, finish what you hold, then exit',
      '  Status: confirmed on a fresh cluster; seen in 2 runs',
      '  Counterexample (shrunk 4 times, from 7 steps to 2):',
      '    1. burst 6 connections (2 at once)',
      '    2. burst 4 connections (2 at once), SIGTERM on the oldest worker after 2',
      '  Seed: 42  Path: "7:1:0"',
      `  Replay: ${replayLine('7:1:0')}`,
      '  Lost connections (2):',
      '    #7 closed-empty at 324.0 ms, opened at 294.0 ms; last received by worker 101 (handoff) at 294.3 ms',
      '    #8 reset (ECONNRESET) at 325.0 ms, opened at 296.0 ms; last received by worker 101 (handoff) at 296.3 ms',
      "  Evidence (from this problem's run):",
      // Worker 101's exit (code 0) came before the stop: it is not called the normal stop.
      ...evidenceOf(failing.evidence),
      '  Output of this run (last lines):',
      '    [master 100] forking 2 workers',
      '    [worker 101] SIGTERM: exiting now',
      '    [master 100] worker 101 exited (code 0), forking a new one',
    ]);
  });

  it('FAIL: says a problem seen once and never reproduced still fails the check, and names a connection lost in transit by who sent it where', () => {
    const platform = platformProblem();
    const lines = block(renderTextReport(reportOf(failResult())), 'Problem 2 of 2');
    expect(lines.slice(0, 10)).toEqual([
      'Problem 2 of 2 (platform): every-connection-answered/handed-to-dead-worker',
      `  Invariant: every-connection-answered: ${platform.verdicts[0]!.message}`,
      `  Cause: ${platform.cause.summary}`,
      `  Fix: ${platform.cause.fix}`,
      '  Status: seen once, not reproduced in 3 fresh replays: it still fails the check',
      '  Schedule as seen (3 steps; a failure that did not recur is not shrunk):',
      '    1. burst 12 connections (4 at once)',
      '    2. burst 8 connections (4 at once), SIGKILL on the newest worker after 4',
      '    3. pause 200 ms',
      '  Seed: 42  Path: "23"',
    ]);
    expect(lines).toContain(`  Replay: ${replayLine('23')}`);
    expect(lines).toContain(
      '    #9 timeout at 23050.2 ms, opened at 20050.2 ms; sent by master 200 to worker 202 by node:cluster round robin at 20050.5 ms, never received there',
    );
  });

  it("FAIL: each problem's evidence and output come from its own run, never from the other's", () => {
    const text = renderTextReport(reportOf(failResult()));
    const app = block(text, 'Problem 1 of 2').join('\n');
    const platform = block(text, 'Problem 2 of 2').join('\n');
    for (const event of appProblem().verdicts[0]!.evidence) {
      expect(app).toContain(formatEvent(event));
      expect(platform).not.toContain(formatEvent(event));
    }
    for (const event of platformProblem().verdicts[0]!.evidence) {
      expect(platform).toContain(formatEvent(event));
      expect(app).not.toContain(formatEvent(event));
    }
    expect(app).not.toContain('[primary 200]');
    expect(platform).not.toContain('[master 100]');
  });

  it("names another invariant that failed in a problem's run: by its problem's number, or in full when no problem carries it", () => {
    const restoreCause = {
      key: 'worker-count-restored/not-restored',
      origin: 'app' as const,
      summary: 'only 1 worker 5000 ms after fault #1',
      fix: 'fork a replacement when a worker exits',
      count: 1,
    };
    const app = appProblem();
    app.verdicts = app.verdicts.map((verdict) =>
      verdict.invariant === 'worker-count-restored'
        ? {
            ...verdict,
            status: 'fail' as const,
            message: 'only 1 worker 5000 ms after fault #1',
            causes: [restoreCause],
          }
        : verdict,
    );
    const alone = block(renderTextReport(reportOf({ ...failResult(), problems: [app] })), 'Problem 1 of 1');
    expect(alone).toContain(
      '  Also failed in this run: worker-count-restored: only 1 worker 5000 ms after fault #1; worker-count-restored/not-restored (app): only 1 worker 5000 ms after fault #1; fix: fork a replacement when a worker exits',
    );
    const restore = appProblem({ cause: restoreCause, path: '9' });
    const both = block(renderTextReport(reportOf({ ...failResult(), problems: [app, restore] })), 'Problem 1 of 2');
    expect(both).toContain('  Also failed in this run: worker-count-restored (problem 2)');
  });

  it("folds an injected fault's stack trace in an output tail into one line, and shows it whole with verbose", () => {
    const short = block(renderTextReport(reportOf(failResult())), 'Problem 2 of 2');
    expect(short.slice(-4)).toEqual([
      '  Output of this run (last lines):',
      '      [primary 200] worker 201 online',
      '    ! [the stack trace of fault #2 (an injected uncaught exception) is left out: --verbose shows it]',
      '      [primary 200] worker 202 died (SIGKILL), forking',
    ]);
    expect(short.join('\n')).not.toContain('InjectedFault');
    const verbose = renderTextReport(reportOf(failResult(), true));
    for (const line of injectedTrace.filter((line) => line.trim() !== '!')) expect(verbose).toContain(`    ${line}`);
  });

  it('names every lost connection, or says where the full list is', () => {
    const lines = block(renderTextReport(reportOf(failResult()), { maxLostConnections: 1 }), 'Problem 1 of 2');
    const start = lines.indexOf('  Lost connections (2):');
    expect(lines.slice(start, start + 3)).toEqual([
      '  Lost connections (2):',
      '    #7 closed-empty at 324.0 ms, opened at 294.0 ms; last received by worker 101 (handoff) at 294.3 ms',
      '    … 1 more: the HTML report (report.html, problem 1) lists every one',
    ]);
  });

  it('PASS: totals over every run with restore times as a distribution, not a row per run; the shown run’s output only with verbose', () => {
    const text = renderTextReport(reportOf(passResult()));
    expect(text.split('\n')).toEqual([
      'cluster-chaos: PASS  every run passed (40 of 40)',
      'Target: fixtures/x/master.js, 2 workers, tcp; 40 runs (40 passed) in 12.3 s; seed 42',
      '',
      'Totals over all 40 runs:',
      '  Runs: 40 (40 passed, 0 failed, 0 unknown)',
      '  Connections: 1234 judged: 1230 answered, 4 excused (3: a fault ended the process that held them; 1: cut by the stop at the end of the run), 0 lost',
      '  Faults landed: 12 (8 SIGKILL, 3 exit, 1 uncaught-exception)',
      '  Restores: 11 after worker faults: min 52 ms, median 143 ms, p95 351 ms, max 412 ms',
      '  Reloads: none',
      'Invariants held in every run: every-connection-answered, worker-count-restored, master-survived, no-orphans, every-reload-completes',
      'The HTML report has a row per run and the timeline of run 37 of 40, the last of the 12 runs with the most faults landed (1 each).',
      `Rerun the campaign: ${replayLine(undefined)}`,
    ]);
    const verbose = renderTextReport(reportOf(passResult(), true)).split('\n');
    // Verbose shows the output of the run the HTML report shows, never a row per run.
    expect(verbose.filter((line) => /^\s*(run )?\d+\b.*(fresh|reused)/.test(line))).toEqual([]);
    expect(verbose.length).toBeLessThan(40);
    const output = verbose.indexOf('Output of run 37 (last lines):');
    expect(output).toBeGreaterThan(0);
    expect(verbose.slice(output + 1)).toEqual(
      ['  [master 300] worker 302 died (SIGKILL), forking', ...injectedTrace, '  [master 300] worker 303 online'].map(
        (line) => `  ${line}`,
      ),
    );
  });

  it('UNKNOWN: how many runs proved nothing, each reason grouped with its runs, that none failed, and the totals', () => {
    expect(renderTextReport(reportOf(unknownResult())).split('\n').slice(0, 8)).toEqual([
      'cluster-chaos: UNKNOWN  3 of 40 runs proved nothing; no run failed',
      'Target: fixtures/x/master.js, 2 workers, tcp; 40 runs (37 passed, 3 unknown) in 12.3 s; seed 42',
      '',
      'Runs that proved nothing (3 of 40), by reason:',
      '  runs 4 and 17: every-connection-answered: no connection was answered: the run proves nothing',
      '  run 9: worker-count-restored: fault #2 (SIGKILL on the oldest worker) was asked for and never landed',
      'No run failed, but a run that proves nothing is no pass: the check is inconclusive.',
      '',
    ]);
    expect(renderTextReport(reportOf(unknownResult()))).toContain('  Runs: 40 (37 passed, 0 failed, 3 unknown)');
  });

  it('UNKNOWN: reasons that differ only in their numbers are one group, in the first run’s words', () => {
    const result = unknownResult();
    result.unknownRuns = [3, 5].map((index) => ({
      index,
      schedule: [],
      status: 'unknown' as const,
      verdicts: [
        {
          invariant: 'worker-count-restored' as const,
          status: 'unknown' as const,
          message: `fault #${index} was asked for and never landed`,
          evidence: [],
        },
      ],
    }));
    expect(block(renderTextReport(reportOf(result)), 'Runs that proved nothing')).toEqual([
      'Runs that proved nothing (2 of 40), by reason:',
      "  runs 4 and 6: worker-count-restored: fault #3 was asked for and never landed (in run 4's words; the others differ only in their numbers)",
      'No run failed, but a run that proves nothing is no pass: the check is inconclusive.',
    ]);
  });

  it('ERROR: an error of cluster-chaos or of the environment, not of the app: what, in which run and phase, what ran before', () => {
    expect(renderTextReport(reportOf(errorResult())).split('\n')).toEqual([
      'cluster-chaos: ERROR  an error of cluster-chaos or of the environment, not of the app',
      '  What happened: WaitTimeoutError: timed out after 5000 ms waiting for 2 workers to be ready (saw 1: 301)',
      "  Where: in run 57, while running the campaign's schedules",
      '  Before it: 56 runs (56 passed); no problem found',
      '  This is no verdict on the app: run the check again; if the error recurs, report it to cluster-chaos with its full text.',
      '  (--verbose shows the full error)',
      'Target: fixtures/x/master.js, 2 workers, tcp; 56 runs (56 passed) in 12.3 s; seed 42',
      `Rerun the campaign: ${replayLine(undefined)}`,
    ]);
    const verbose = renderTextReport(reportOf(errorResult(), true)).split('\n');
    expect(verbose.slice(5, 8)).toEqual([
      '  Full error:',
      '    WaitTimeoutError: timed out after 5000 ms waiting for 2 workers to be ready (saw 1: 301)',
      '        at waitForWorkers (src/cluster/start-cluster.ts:412:11)',
    ]);
    expect(verbose.join('\n')).not.toMatch(/Counterexample|Replay:/);
  });

  it('ERROR after a problem: the problem is reported as found, then the error that stopped the campaign', () => {
    const text = renderTextReport(reportOf(failThenErrorResult()));
    expect(text.split('\n')[0]).toBe(
      'cluster-chaos: FAIL  1 problem, in the app (then an error of cluster-chaos or of the environment stopped the campaign)',
    );
    expect(text).toContain('Problem 1 of 1 (app): every-connection-answered/dropped-during-sigterm');
    expect(block(text, 'Then an error')).toEqual([
      'Then an error of cluster-chaos or of the environment, not of the app, stopped the campaign:',
      '  What happened: WaitTimeoutError: timed out after 5000 ms waiting for 2 workers to be ready (saw 1: 301)',
      '  Where: outside any run, while shrinking a counterexample',
      '  Before it: 12 of 40 runs (11 passed, 1 failed); 1 problem found, shown in this report',
      '  This is no verdict on the app: run the check again; if the error recurs, report it to cluster-chaos with its full text.',
      '  (--verbose shows the full error)',
    ]);
    // With the status `error` and a problem seen before it, the problem is still shown.
    const error = reportOf({ ...failThenErrorResult(), status: 'error' });
    expect(renderTextReport(error)).toContain('Problems found before the error (1):');
    expect(renderTextReport(error)).toContain('Problem 1 of 1 (app): every-connection-answered/dropped-during-sigterm');
  });

  it('says an exit after the stop request was the normal stop, in any evidence', () => {
    const events = history()
      .start(1, 'master', 0)
      .worker(2, 10)
      .ready(1, [2], 40)
      .exit(2, 50, 'worker', null, 0)
      .stop(100)
      .exit(1, 130, 'master', null, 0).events;
    const exits = events.filter((event) => event.type === 'process-exit');
    const text = renderTextReport({
      target: 'x.js',
      workers: 1,
      protocol: 'tcp',
      status: 'fail',
      verdicts: [{ invariant: 'worker-count-restored', status: 'fail', message: 'only 0 workers', evidence: exits }],
      events,
    });
    expect(text.split('\n').slice(-2)).toEqual([
      `  ${formatEvent(exits[0]!)}`,
      `  ${formatEvent(exits[1]!)}: the normal stop (cluster-chaos asked the cluster to stop at 100.0 ms)`,
    ]);
  });
});

describe('a campaign that ended before the runs asked', () => {
  it.each([
    ['after-failure', 'stopped early: after the last new problem, the runs that followed found nothing new'],
    ['time-limit', 'stopped early: the time limit was spent'],
  ] as const)('%s: "N of M runs", and why', (endedEarly, why) => {
    const result = { ...failResult(), runsAsked: 100, endedEarly };
    const text = renderTextReport(reportOf(result));
    expect(text).toContain(`${result.totals.runs} of 100 runs (`);
    expect(text).toContain(why);
  });

  it('all the runs asked: no "of", no reason', () => {
    const result = passResult();
    const text = renderTextReport(reportOf({ ...result, runsAsked: result.totals.runs }));
    expect(text).not.toMatch(/ of \d+ runs/);
    expect(text).not.toContain('stopped early');
  });
});
