// Isolating instances of a launch (pure: no process is started): which launches get a fresh PM2_HOME, the
// `freshDirectories` option's validation, and when a launch is `exclusive`.

import { describe, expect, test } from 'vitest';
import { ClusterOptionsError } from '../../src/cluster/errors.js';
import { resolveStartOptions, runsPm2 } from '../../src/cluster/options.js';

describe('runsPm2', () => {
  test.each([
    [['pm2-runtime', 'start', 'app.js', '-i', '2']],
    [['npx', 'pm2-runtime', 'start', 'app.js']],
    [['npx', 'pm2', 'start', 'app.js', '-i', '2']],
    [['node', '/srv/node_modules/pm2/bin/pm2-runtime', 'start', 'ecosystem.config.js']],
    [['sh', '-c', 'npx pm2-runtime start app.js -i 2']],
    [['sh', '-c', "exec 'pm2-docker' start app.js"]],
    [['pm2.js', 'start']],
  ])('%j runs PM2', (argv) => {
    expect(runsPm2(argv)).toBe(true);
  });

  test.each([
    [['node', 'fixtures/pm2/app.js']],
    [['node', 'pm2.config.js']],
    [['npx', 'tsx', 'src/server.ts']],
    [['node', 'apm2-runtime']],
  ])('%j does not', (argv) => {
    expect(runsPm2(argv)).toBe(false);
  });
});

describe('freshDirectories', () => {
  test('PM2_HOME by default for a command that runs PM2, nothing otherwise', () => {
    expect(
      resolveStartOptions({ command: ['npx', 'pm2-runtime', 'start', 'app.js', '-i', '2'] }).freshDirectories,
    ).toEqual(['PM2_HOME']);
    expect(resolveStartOptions({ command: ['node', 'fixtures/throng/app.js'] }).freshDirectories).toEqual([]);
    expect(resolveStartOptions({ topology: 'http' }).freshDirectories).toEqual([]);
  });

  test('given, it replaces the default: [] opts out, names are kept in order', () => {
    expect(resolveStartOptions({ command: ['pm2-runtime', 'app.js'], freshDirectories: [] }).freshDirectories).toEqual(
      [],
    );
    expect(
      resolveStartOptions({ command: ['pm2-runtime', 'app.js'], freshDirectories: ['PM2_HOME', 'MY_STATE_DIR'] })
        .freshDirectories,
    ).toEqual(['PM2_HOME', 'MY_STATE_DIR']);
    expect(resolveStartOptions({ topology: 'http', freshDirectories: ['MY_STATE_DIR'] }).freshDirectories).toEqual([
      'MY_STATE_DIR',
    ]);
  });

  test.each([
    ['PM2_HOME', /freshDirectories: must be an array of env variable names, got "PM2_HOME"/],
    [['MY DIR'], /freshDirectories: must name env variables \(letters, digits, _\), got "MY DIR"/],
    [['1DIR'], /must name env variables/],
    [[42], /must name env variables/],
    [['PORT'], /freshDirectories: PORT is set by cluster-chaos itself/],
    [['NODE_OPTIONS'], /NODE_OPTIONS is set by cluster-chaos itself/],
    [['A', 'A'], /freshDirectories: A is named twice/],
  ])('%j is an options error', (freshDirectories, message) => {
    expect(() => resolveStartOptions({ topology: 'http', freshDirectories: freshDirectories as string[] })).toThrow(
      ClusterOptionsError,
    );
    expect(() => resolveStartOptions({ topology: 'http', freshDirectories: freshDirectories as string[] })).toThrow(
      message,
    );
  });
});

describe('exclusive', () => {
  test('a fixed port makes a launch exclusive; a free port per instance does not', () => {
    expect(resolveStartOptions({ topology: 'http', port: 8080 }).exclusive).toBe(true);
    expect(resolveStartOptions({ topology: 'http' }).exclusive).toBe(false);
    // PM2 is isolated by its fresh PM2_HOME: not exclusive.
    expect(resolveStartOptions({ command: ['pm2-runtime', 'app.js'] }).exclusive).toBe(false);
  });

  test('the app can say it holds machine-global state of its own', () => {
    expect(resolveStartOptions({ command: ['./serve.sh'], exclusive: true }).exclusive).toBe(true);
    expect(resolveStartOptions({ command: ['./serve.sh'], exclusive: false }).exclusive).toBe(false);
  });

  test('exclusive: false with a fixed port cannot work', () => {
    expect(() => resolveStartOptions({ topology: 'http', port: 8080, exclusive: false })).toThrow(
      'exclusive: a fixed port (8080) cannot be shared by two instances: leave exclusive out, or leave port out for a free one per instance',
    );
    expect(() => resolveStartOptions({ topology: 'http', exclusive: 'yes' as unknown as boolean })).toThrow(
      'exclusive: must be true or false, got "yes"',
    );
  });
});
