// Parsing `cluster-chaos check` arguments and building its replay line (pure).

import { describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closestOption } from '../src/cli/_internals/check-options.js';
import { reportDirectoryProblem } from '../src/cli/_internals/report-directory-problem.js';
import { parseCheckArgs } from '../src/cli/parse-check-args.js';
import { replayLine } from '../src/cli/replay-line.js';
import { UsageError } from '../src/cli/usage-error.js';
import { scratchDirectory } from './_scratch.js';

describe('parseCheckArgs', () => {
  test('defaults for a built-in topology', () => {
    const args = parseCheckArgs(['tutorial/round-robin']);
    expect(args).toMatchObject({
      cluster: { topology: 'tutorial/round-robin', workers: 2 },
      runs: 100,
      restoreWithinMs: 5000,
      strict: false,
      seed: undefined,
    });
  });

  test('an entry file and every flag', () => {
    const args = parseCheckArgs([
      'fixtures/http/master.js',
      '--workers',
      '4',
      '--protocol',
      'http',
      '--runs',
      '7',
      '--seed',
      '0',
      '--path',
      '3-5:d0-2:s1.0',
      '--restore-within',
      '7000',
      '--strict',
      '--min-available',
      '1',
      '--max-answered-status',
      '599',
      '--runs-after-failure',
      '0',
    ]);
    expect(args).toMatchObject({
      cluster: { entry: 'fixtures/http/master.js', workers: 4, protocol: 'http' },
      runs: 7,
      seed: 0,
      path: '3-5:d0-2:s1.0',
      restoreWithinMs: 7000,
      strict: true,
      minAvailable: 1,
      maxAnsweredStatus: 599,
      runsAfterFailure: 0,
    });
  });

  test('defaults of the campaign flags', () => {
    expect(parseCheckArgs(['tutorial/round-robin'])).toMatchObject({
      minAvailable: 0,
      maxAnsweredStatus: 499,
      runsAfterFailure: 10,
      shrinkBudgetMs: 30_000,
    });
  });

  test('a command after --', () => {
    const args = parseCheckArgs(['--workers', '3', '--', 'node', 'server.js', '--flag']);
    expect(args).toMatchObject({
      cluster: { command: ['node', 'server.js', '--flag'], workers: 3 },
      target: 'node server.js --flag',
    });
  });

  test.each([
    [['x.js', 'y.js'], /one entry only/],
    [['http', '--workers', '0'], /--workers must be a positive integer, got "0"/],
    [['http', '--port', '70000'], /--port must be at most 65535/],
    [
      ['http', '--seed', '1', '--path', '3:0:1'],
      /^--path: a path looks like .*, got "3:0:1" \(as printed in a report\)$/,
    ],
    [
      ['http', '--min-available', '2'],
      /^--min-available must be less than --workers \(2\), got 2: no worker could ever be faulted$/,
    ],
    [
      ['http', '--max-answered-status', '600'],
      /^--max-answered-status must be an HTTP status from 100 to 599, got 600$/,
    ],
    [['http', '--runs-after-failure', '-1'], /--runs-after-failure/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseCheckArgs(argv)).toThrow(UsageError);
    expect(() => parseCheckArgs(argv)).toThrow(message);
  });

  test('--reload-signal and --reload-command', () => {
    expect(parseCheckArgs(['reload/rolling', '--reload-signal', 'SIGHUP'])).toMatchObject({
      reload: { signal: 'SIGHUP' },
    });
    expect(parseCheckArgs(['reload/rolling', '--reload-command', 'pm2 reload app'])).toMatchObject({
      reload: { command: ['sh', '-c', 'pm2 reload app'] },
    });
    expect(parseCheckArgs(['reload/rolling'])).toMatchObject({ reload: undefined });
  });

  test.each([
    [
      ['reload/rolling', '--reload-signal', 'HUP'],
      /^--reload-signal must be a signal name such as SIGHUP or SIGUSR2, got "HUP"$/,
    ],
    [['reload/rolling', '--reload-signal', 'SIGNOPE'], /^--reload-signal must be a signal name/],
    [
      ['reload/rolling', '--reload-signal', 'SIGKILL'],
      /^--reload-signal: SIGKILL cannot be handled by a master, so it cannot ask for a reload$/,
    ],
    [['reload/rolling', '--reload-command', ' '], /^--reload-command must be a command, got an empty string$/],
    [
      ['reload/rolling', '--reload-signal', 'SIGHUP', '--reload-command', 'true'],
      /^give --reload-signal or --reload-command, not both$/,
    ],
    [['reload/rolling', '--reload-signal'], /--reload-signal/],
  ])('%j is a usage error with one line', (argv, message) => {
    expect(() => parseCheckArgs(argv)).toThrow(UsageError);
    expect(() => parseCheckArgs(argv)).toThrow(message);
  });

  test('--help', () => {
    expect(parseCheckArgs(['--help'])).toBe('help');
  });
});

describe('replayLine', () => {
  test('replays an entry with its seed and path, and the non-default options', () => {
    const args = parseCheckArgs(['tutorial/restart', '--workers', '10', '--strict', '--restore-within', '7000']);
    if (args === 'help') throw new Error('unexpected');
    expect(replayLine(args, 42, '0:d1')).toBe(
      'cluster-chaos check tutorial/restart --workers 10 --seed 42 --path 0:d1 --restore-within 7000 --strict',
    );
    const budget = parseCheckArgs(['node-cluster/sched-none', '--min-available', '1', '--port', '4567']);
    if (budget === 'help') throw new Error('unexpected');
    expect(replayLine(budget, 3, '2-4:d0')).toBe(
      'cluster-chaos check node-cluster/sched-none --workers 2 --seed 3 --path 2-4:d0 --min-available 1 --port 4567',
    );
  });

  test('replays the reload', () => {
    const bySignal = parseCheckArgs(['reload/naive', '--reload-signal', 'SIGHUP']);
    const byCommand = parseCheckArgs(['reload/naive', '--reload-command', 'kill -HUP $CLUSTER_CHAOS_MASTER_PID']);
    if (bySignal === 'help' || byCommand === 'help') throw new Error('unexpected');
    expect(replayLine(bySignal, 7, '3')).toBe(
      'cluster-chaos check reload/naive --workers 2 --seed 7 --path 3 --reload-signal SIGHUP',
    );
    expect(replayLine(byCommand, 7, undefined)).toBe(
      `cluster-chaos check reload/naive --workers 2 --seed 7 --reload-command 'kill -HUP $CLUSTER_CHAOS_MASTER_PID'`,
    );
  });

  test('quotes a command that needs it', () => {
    const args = parseCheckArgs(['--', 'sh', '-c', "node 'my app.js'"]);
    if (args === 'help') throw new Error('unexpected');
    expect(replayLine(args, 1, undefined)).toBe(
      `cluster-chaos check --workers 2 --seed 1 -- sh -c 'node '\\''my app.js'\\'''`,
    );
  });
});

describe('mistakes caught before the first run', () => {
  test.each([
    ['--wokers', '--workers'],
    ['--seeds', '--seed'],
    ['--min-avail', '--min-available'],
    ['--restore', '--restore-within'],
    ['--protcol', '--protocol'],
    ['--verbos', '--verbose'],
  ])('unknown option %s: did you mean %s?', (typed, meant) => {
    expect(closestOption(typed)).toBe(meant);
    expect(() => parseCheckArgs(['http', typed, '1'])).toThrow(`unknown option ${typed}: did you mean ${meant}?`);
  });

  test('an option like none of ours gets no guess', () => {
    expect(closestOption('--frobnicate')).toBeUndefined();
    expect(() => parseCheckArgs(['http', '--frobnicate'])).toThrow(/^unknown option --frobnicate$/);
  });

  test('--report: a file, a path under a file, or an unwritable place is a usage error; a new directory is fine', () => {
    const scratch = scratchDirectory('cc-report-');
    const file = join(scratch, 'a-file');
    writeFileSync(file, '');
    expect(reportDirectoryProblem(file)).toBe(`${file} exists and is not a directory`);
    expect(reportDirectoryProblem(join(file, 'deeper'))).toBe(`${file} is not a directory`);
    expect(reportDirectoryProblem(join(scratch, 'new', 'deeper'))).toBeUndefined();
    expect(() => parseCheckArgs(['http', '--report', file])).toThrow(UsageError);
    if (process.getuid?.() !== 0) expect(reportDirectoryProblem('/proc/1/new-report')).toMatch(/is not writable$/);
  });
});

describe('--time-limit', () => {
  test.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1500', 1500],
    ['250ms', 250],
    ['1.5s', 1500],
  ])('%s is %i ms', (text, ms) => {
    expect(parseCheckArgs(['http', '--time-limit', text])).toMatchObject({ timeLimitMs: ms });
  });

  test.each(['0', '5x', '1d', ''])('%j is a usage error', (text) => {
    expect(() => parseCheckArgs(['http', '--time-limit', text])).toThrow(
      /--time-limit must be a duration like 90s, 5m or 1500 \(ms\)/,
    );
  });

  test('none by default', () => {
    expect(parseCheckArgs(['http'])).toMatchObject({ timeLimitMs: undefined });
  });
});
