// `check --shard i/n --json --junit`, then `merge`, as a CI matrix runs them: real processes, small campaigns.

import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { ResultDocument } from '../../src/results/result-document.js';
import { validate } from '../results/_json-schema.js';
import { expectValidJunit } from '../results/_junit.js';
import { scratchDirectory } from '../_scratch.js';

const main = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const schema = JSON.parse(readFileSync(new URL('../../docs/result.schema.json', import.meta.url), 'utf8'));

function cli(args: string[], cwd?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [main, ...args], { timeout: 30_000, cwd }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as ResultDocument;

describe('a campaign in shards, merged', () => {
  const directory = scratchDirectory('chaos-shards-');
  const shardArgs = (index: number) => [
    'check',
    'corrected/restart',
    '--shard',
    `${index}/2`,
    '--runs',
    '2',
    '--seed',
    '11',
    '--json',
    join(directory, `shard-${index}.json`),
    '--junit',
    join(directory, `shard-${index}.xml`),
    '--report',
    join(directory, `report-${index}`),
  ];

  test('each shard: its result as JSON (valid against the schema) and JUnit XML (valid Ant JUnit)', async () => {
    for (const index of [1, 2]) {
      const { code, stdout } = await cli(shardArgs(index));
      expect(code, stdout).toBe(0);
      const document = read(join(directory, `shard-${index}.json`));
      expect(validate(document, schema)).toEqual([]);
      expect(document.campaigns[0]).toMatchObject({ shard: { index, count: 2 }, seed: 11, status: 'pass', runs: 2 });
      expect(document.campaigns[0]!.replay).toContain(`--seed 11 --shard ${index}/2`);
      expectValidJunit(readFileSync(join(directory, `shard-${index}.xml`), 'utf8'));
    }
    const [one, two] = [1, 2].map((index) => read(join(directory, `shard-${index}.json`)).campaigns[0]!.runLog);
    const forms = [...one!, ...two!].map((row) => JSON.stringify(row.schedule));
    expect(new Set(forms).size).toBe(forms.length);
  });

  test('merge: one verdict, one report with every shard’s runs, its own JSON and JUnit; a mismatch is exit 2', async () => {
    const files = [1, 2].map((index) => join(directory, `shard-${index}.json`));
    const merged = join(directory, 'merged.json');
    const { code, stdout } = await cli([
      'merge',
      ...files,
      '--report',
      join(directory, 'merged'),
      '--json',
      merged,
      '--junit',
      join(directory, 'merged.xml'),
    ]);
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/^PASS: 2 results merged, 4 runs$/m);
    const document = read(merged);
    expect(validate(document, schema)).toEqual([]);
    expect(document.campaigns[0]).toMatchObject({ shard: null, runs: 4, status: 'pass' });
    expect(readFileSync(join(directory, 'merged', 'report.html'), 'utf8')).toContain('(2 shards merged)');
    expectValidJunit(readFileSync(join(directory, 'merged.xml'), 'utf8'));

    const other = read(files[1]!);
    other.campaigns[0]!.seed = 12;
    writeFileSync(join(directory, 'other-seed.json'), JSON.stringify(other));
    const refused = await cli(['merge', files[0]!, join(directory, 'other-seed.json')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.split('\n')[0]).toMatch(/^cluster-chaos merge: different seeds for corrected\/restart: /);
  });
});

describe('a shard’s problem replays on another machine, without --shard', () => {
  test('the path printed by a shard of a buggy app fails again in a fresh process', async () => {
    const directory = scratchDirectory('chaos-shard-replay-');
    const json = join(directory, 'shard.json');
    const args = ['--seed', '3', '--runs-after-failure', '0', '--shrink-budget', '3000', '--report', directory];
    const found = await cli([
      'check',
      'buggy/never-restarts',
      '--shard',
      '2/3',
      '--runs',
      '4',
      '--json',
      json,
      ...args,
    ]);
    expect(found.code, found.stdout).toBe(1);
    const [problem] = read(json).campaigns[0]!.problems;
    expect(problem!.path).toMatch(/^2\/3@/);
    expect(problem!.replay).not.toContain('--shard');
    const again = await cli([
      'check',
      'buggy/never-restarts',
      '--seed',
      '3',
      '--path',
      problem!.path,
      '--report',
      directory,
    ]);
    expect(again.code, again.stdout).toBe(1);
    expect(again.stdout).toContain(problem!.cause.key);
  });
});

describe('bad input: exit 2, one line', () => {
  test.each([
    [
      ['check', 'corrected/restart', '--shard', '5/4'],
      '--shard must be i/n with 1 <= i <= n (machine i of n, e.g. 3/4), got "5/4"',
    ],
    [['check', 'corrected/restart', '--shard', '0/4'], '--shard must be i/n with 1 <= i <= n'],
    [['check', 'corrected/restart', '--shard', 'two'], '--shard must be i/n'],
    [
      ['check', 'corrected/restart', '--seed', '1', '--shard', '1/2', '--path', '3'],
      'give --shard or --path, not both',
    ],
    [
      ['check', 'corrected/restart', '--json', 'package.json/r.json'],
      '--json: package.json exists and is not a directory',
    ],
    [['merge'], 'cluster-chaos merge: no result file'],
    [['merge', 'no-such-result.json'], 'cluster-chaos merge: no-such-result.json: cannot be read (ENOENT)'],
  ])('%j', async (args, message) => {
    const { code, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toContain(message);
  });
});

describe('check with no target: the targets of the config file', () => {
  test('every target its own campaign, one verdict and exit code over all, one result with a campaign each', async () => {
    const directory = scratchDirectory('chaos-config-cli-');
    const config = {
      targets: [{ entry: 'corrected/restart' }, { name: 'rr', entry: 'corrected/round-robin', flags: ['--runs', '1'] }],
    };
    writeFileSync(join(directory, 'cluster-chaos.config.json'), JSON.stringify(config));
    const { code, stdout } = await cli(['check', '--runs', '2', '--seed', '4', '--json', 'result.json'], directory);
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/^PASS over 2 targets:$/m);
    const document = read(join(directory, 'result.json'));
    expect(document.campaigns.map((campaign) => [campaign.target.name, campaign.runs])).toEqual([
      ['corrected/restart', 2],
      ['rr', 2],
    ]);
    expect(readFileSync(join(directory, 'cluster-chaos-report', 'rr', 'report.html'), 'utf8')).toContain('PASS');
  });

  test('a bad config: exit 2, naming the file and the field', async () => {
    const directory = scratchDirectory('chaos-config-bad-');
    writeFileSync(
      join(directory, 'cluster-chaos.config.json'),
      JSON.stringify({ targets: [{ entry: 'corrected/restart', workers: 'two' }] }),
    );
    const { code, stderr } = await cli(['check'], directory);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe(
      'cluster-chaos check: cluster-chaos.config.json: targets[0].workers: must be a positive integer, got "two"',
    );
  });
});
