// `check --shard i/n --json FILE --junit FILE`, and no target at all (a config file's): parsed at the edge (pure).

import { describe, expect, test } from 'vitest';
import { parseShard } from '../../src/cli/_internals/flag-values.js';
import { parseCheckArgs, parseCheckInvocation } from '../../src/cli/parse-check-args.js';
import { replayLine } from '../../src/cli/replay-line.js';
import { UsageError } from '../../src/cli/usage-error.js';

describe('--shard, --json, --junit', () => {
  test('read into the arguments', () => {
    const args = parseCheckArgs(['corrected/restart', '--shard', '3/4', '--json', 'r.json', '--junit', 'r.xml']);
    expect(args).toMatchObject({ shard: { index: 3, count: 4 }, jsonFile: 'r.json', junitFile: 'r.xml' });
  });

  test.each(['0/4', '5/4', '1/0', '3', 'a/b', '-1/4', '1/4/2'])(
    '--shard %s is refused, with what it must be',
    (text) => {
      expect(() => parseShard(text)).toThrow(UsageError);
      expect(() => parseShard(text)).toThrow(
        `--shard must be i/n with 1 <= i <= n (machine i of n, e.g. 3/4), got "${text}"`,
      );
    },
  );

  test('the campaign’s replay line plays its shard again; a problem’s path names its shard, so no --shard', () => {
    const args = parseCheckArgs(['corrected/restart', '--shard', '3/4']);
    if (args === 'help') throw new Error('unexpected');
    expect(replayLine(args, 7, undefined)).toBe(
      'cluster-chaos check corrected/restart --workers 2 --seed 7 --shard 3/4',
    );
    expect(replayLine(args, 7, '3/4@12:d0')).toBe(
      'cluster-chaos check corrected/restart --workers 2 --seed 7 --path 3/4@12:d0',
    );
  });

  test('a sharded path is read as a path; a path that names no valid shard is refused', () => {
    expect(parseCheckArgs(['corrected/restart', '--seed', '7', '--path', '3/4@12:d0'])).toMatchObject({
      path: '3/4@12:d0',
    });
    expect(() => parseCheckArgs(['corrected/restart', '--seed', '7', '--path', '5/4@12'])).toThrow(
      '--path: index must be an integer from 1 to 4, got 5 (as printed in a report)',
    );
  });
});

describe('no target', () => {
  test('the targets of a config file (--config, else the one here); with a target, --config is refused', () => {
    expect(parseCheckInvocation(['--runs', '5'])).toEqual({ kind: 'config', configFile: undefined });
    expect(parseCheckInvocation(['--config', 'ci/chaos.json'])).toEqual({
      kind: 'config',
      configFile: 'ci/chaos.json',
    });
    expect(() => parseCheckInvocation(['corrected/restart', '--config', 'x.json'])).toThrow(
      'give an entry, a command after -- or --config, not more than one',
    );
    expect(() => parseCheckArgs([])).toThrow(/^missing <entry>: the file that starts the cluster/);
  });
});
