// Every error cluster-chaos throws on purpose shares one base: its cause, its context fields, one rendering of them.

import { describe, expect, test } from 'vitest';
import {
  ClusterChaosError,
  ClusterOptionsError,
  ClusterStartError,
  FaultInjectionError,
  LoadOptionsError,
  MasterExitedError,
  ReloadError,
  WaitTimeoutError,
  type HistoryEvent,
} from 'cluster-chaos';
import { OrphanProcessesError } from 'cluster-chaos/vitest';
import { UsageError } from '../src/cli/usage-error.js';
import { contextLines, type ErrorContext } from '../src/errors/cluster-chaos-error.js';
import { PathError } from '../src/property/shrink-schedule.js';

const timelineTail: HistoryEvent[] = [
  { type: 'process-exit', t: 12.5, pid: 41, role: 'worker', code: 1, signal: null },
];
const context: ErrorContext = { pid: 40, exitCode: 1, outputTail: '  boom', timelineTail };

/** One error of each class, as the framework builds them. */
const errors: [string, Error][] = [
  ['ClusterOptionsError', new ClusterOptionsError('workers', 'must be a positive integer, got 0')],
  ['ClusterStartError', new ClusterStartError('crashed-at-boot', 'The master crashed while starting', context)],
  ['WaitTimeoutError', new WaitTimeoutError('2 workers ready', '1 worker ready', 500, context)],
  ['MasterExitedError', new MasterExitedError('2 workers ready', 'no worker', 40, context)],
  ['ReloadError', new ReloadError('command-failed', 'sh -c false', 'The reload command failed', context)],
  ['LoadOptionsError', new LoadOptionsError('count', 0, 'an integer >= 1')],
  ['UsageError', new UsageError('missing <entry>: the file that starts the cluster')],
  ['PathError', new PathError('a path looks like ...')],
  ['FaultInjectionError', new FaultInjectionError('no worker to fault')],
  ['OrphanProcessesError', new OrphanProcessesError('2 processes left behind')],
];

describe('ClusterChaosError', () => {
  test.each(errors)('%s is a ClusterChaosError and keeps its own name', (name, error) => {
    expect(error).toBeInstanceOf(ClusterChaosError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
  });

  test('an error keeps the cause it was given, and has none otherwise', () => {
    const cause = new Error('spawn ENOENT');
    expect(new ClusterChaosError('could not start', { cause }).cause).toBe(cause);
    expect(new ClusterStartError('command-not-found', 'not found', {}, [], { cause }).cause).toBe(cause);
    expect(new WaitTimeoutError('a', 'b', 1, {}, { cause }).cause).toBe(cause);
    expect(new MasterExitedError('a', 'b', 1, {}, { cause }).cause).toBe(cause);
    expect(new ReloadError('master-gone', 'SIGHUP to the master', 'gone', {}, { cause }).cause).toBe(cause);
    expect(new ClusterOptionsError('port', 'in use', { cause }).cause).toBe(cause);
    expect(new LoadOptionsError('port', 0, 'a port', 'connectOnce', { cause }).cause).toBe(cause);
    expect(new UsageError('--path: bad', { cause }).cause).toBe(cause);
    expect('cause' in new UsageError('no cause')).toBe(false);
  });

  test('a UsageError built from a parse failure carries that failure as its cause', async () => {
    const { parseCheckArgs } = await import('../src/cli/parse-check-args.js');
    const thrown = (() => {
      try {
        parseCheckArgs(['--seed', '1', '--path', 'nonsense', 'tutorial/round-robin']);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as UsageError).cause).toBeInstanceOf(PathError);
  });

  test('the context is kept on the shared fields, with empty tails when none were known', () => {
    const error = new WaitTimeoutError('2 workers ready', '1 worker ready', 500, context);
    expect(error).toMatchObject({ pid: 40, exitCode: 1, outputTail: '  boom', timelineTail });
    const bare = new ClusterOptionsError('workers', 'must be a positive integer, got 0');
    expect(bare).toMatchObject({
      pid: undefined,
      exitCode: undefined,
      signal: undefined,
      outputTail: '',
      timelineTail: [],
    });
    // The pid a MasterExitedError names is its own, whatever the context says.
    expect(new MasterExitedError('a', 'b', 40, { pid: 7 }).pid).toBe(40);
  });

  test.each(errors.filter(([, error]) => error.message.includes('Output (last lines):')))(
    '%s shows its context once, after its first line',
    (_name, error) => {
      const [first] = error.message.split('\n');
      expect(first).not.toContain('Output');
      expect(error.message.split('Output (last lines):')).toHaveLength(2);
      expect(error.message.split('Timeline (last events):')).toHaveLength(2);
      expect(error.message.match(/^master pid: /gm)?.length ?? 0).toBeLessThanOrEqual(1);
    },
  );

  test('every error that shows a context shows it through the same lines', () => {
    const shown = contextLines(context, { pid: true, exit: true, tails: true });
    expect(shown.slice(0, 4)).toEqual(['master pid: 40', 'exit: code 1', '', 'Timeline (last events):']);
    expect(shown.slice(-3)).toEqual(['', 'Output (last lines):', '  boom']);
    const start = new ClusterStartError('crashed-at-boot', 'The master crashed while starting', context);
    expect(start.message).toBe(['The master crashed while starting', ...shown].join('\n'));
    const reload = new ReloadError('command-failed', 'sh -c false', 'The reload command failed', context);
    expect(reload.message).toBe(['The reload command failed', 'reload: sh -c false', ...shown].join('\n'));
  });

  test('an error raised before anything ran shows no tails', () => {
    const error = new ClusterStartError('entry-not-found', 'Entry file not found: app.js', { pid: 40 });
    expect(error.message).toBe('Entry file not found: app.js\nmaster pid: 40');
  });
});
