// A project's config file: its targets checked where they enter, every error naming the file and the field.

import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  ConfigError,
  findConfigFile,
  loadConfig,
  targetArguments,
  validateConfig,
} from '../../src/config/config-file.js';
import { scratchDirectory } from '../_scratch.js';

function project(files: Record<string, string>): string {
  const directory = scratchDirectory('chaos-config-');
  for (const [name, content] of Object.entries(files)) writeFileSync(join(directory, name), content);
  return directory;
}

describe('validateConfig', () => {
  const directory = project({ 'server.js': '' });
  const file = join(directory, 'cluster-chaos.config.json');

  test('targets with an entry (a file or a built-in topology) or a command, workers, protocol and flags', () => {
    const config = {
      targets: [
        { name: 'api', entry: 'server.js', workers: 4, protocol: 'http', flags: ['--min-available', '1'] },
        { entry: 'corrected/restart' },
        { command: ['npx', 'pm2-runtime', 'start', 'app.js', '-i', '2'], workers: 2 },
      ],
    };
    expect(validateConfig(config, file)).toEqual(config);
  });

  test.each([
    [[], '(the file): must be an object with a "targets" list'],
    [{ targets: [] }, 'targets: must be a non-empty list of targets'],
    [{ targets: [{}], extra: 1 }, 'extra: unknown field (the fields: targets)'],
    [{ targets: [{ entry: 'server.js', command: ['node'] }] }, 'targets[0]: give exactly one of entry and command'],
    [{ targets: [{ entry: 'nope.js' }] }, 'targets[0].entry: file not found: nope.js'],
    [{ targets: [{ command: [] }] }, 'targets[0].command: must be a non-empty list of strings'],
    [{ targets: [{ command: 'node app.js' }] }, 'targets[0].command: must be a non-empty list of strings'],
    [{ targets: [{ entry: 'server.js', workers: 0 }] }, 'targets[0].workers: must be a positive integer, got 0'],
    [{ targets: [{ entry: 'server.js', protocol: 'udp' }] }, 'targets[0].protocol: must be "tcp" or "http", got "udp"'],
    [{ targets: [{ entry: 'server.js', flags: '--strict' }] }, 'targets[0].flags: must be a list of strings'],
    [{ targets: [{ entry: 'server.js', wokers: 2 }] }, 'targets[0].wokers: unknown field'],
    [
      { targets: [{ entry: 'server.js' }, { entry: 'server.js' }] },
      `targets[1].name: "server.js" is targets[0]'s name too`,
    ],
  ])('%j: refused, naming the file and the field', (value, message) => {
    expect(() => validateConfig(value, file)).toThrow(ConfigError);
    expect(() => validateConfig(value, file)).toThrow(`${file}: ${message}`);
  });
});

describe('loading a config file', () => {
  test('JSON, .js and .mjs, and .ts through tsx; found by its name in the directory, .json first', async () => {
    const targets = [{ entry: 'corrected/restart', workers: 2 }];
    const json = project({ 'cluster-chaos.config.json': JSON.stringify({ targets }) });
    expect(findConfigFile(json)).toBe(join(json, 'cluster-chaos.config.json'));
    expect(await loadConfig(join(json, 'cluster-chaos.config.json'))).toEqual({ targets });
    const mjs = project({ 'cluster-chaos.config.mjs': `export default ${JSON.stringify({ targets })};` });
    expect(await loadConfig(join(mjs, 'cluster-chaos.config.mjs'))).toEqual({ targets });
    const ts = project({
      'cluster-chaos.config.ts': `const workers: number = 2;\nexport default { targets: [{ entry: 'corrected/restart', workers }] };`,
    });
    expect(findConfigFile(ts)).toBe(join(ts, 'cluster-chaos.config.ts'));
    expect(await loadConfig(join(ts, 'cluster-chaos.config.ts'))).toEqual({ targets });
    expect(findConfigFile(project({}))).toBeUndefined();
  });

  test('a file that cannot be read says so, naming it', async () => {
    const directory = project({ 'cluster-chaos.config.json': '{ "targets": [' });
    await expect(loadConfig(join(directory, 'cluster-chaos.config.json'))).rejects.toThrow(
      /cluster-chaos\.config\.json: \(the file\): cannot be read: /,
    );
  });
});

describe('targetArguments', () => {
  test('the entry from the config file’s directory, the target’s flags, then the command line’s (which win)', () => {
    const directory = project({ 'server.js': '' });
    const file = join(directory, 'cluster-chaos.config.json');
    const entry = relative(process.cwd(), join(directory, 'server.js'));
    expect(targetArguments({ entry: 'server.js', workers: 4, flags: ['--strict'] }, file, ['--workers', '3'])).toEqual([
      entry,
      '--workers',
      '4',
      '--strict',
      '--workers',
      '3',
    ]);
    expect(targetArguments({ entry: 'corrected/restart' }, file, [])).toEqual(['corrected/restart']);
    expect(targetArguments({ command: ['node', 'app.js'], protocol: 'http' }, file, ['--runs', '5'])).toEqual([
      '--protocol',
      'http',
      '--runs',
      '5',
      '--',
      'node',
      'app.js',
    ]);
  });
});
