// Validating and describing how a cluster is reloaded (pure: no process is started).

import { describe, expect, test } from 'vitest';
import { ClusterOptionsError } from '../../src/cluster/errors.js';
import { describeReload, validateReloadHow } from '../../src/cluster/reload-how.js';

describe('validateReloadHow', () => {
  test('a signal or a command, copied', () => {
    expect(validateReloadHow({ signal: 'SIGUSR2' })).toEqual({ signal: 'SIGUSR2' });
    const command = ['pm2', 'reload', 'app'];
    const valid = validateReloadHow({ command, cwd: '/srv', env: { PM2_HOME: '/tmp/pm2' } });
    expect(valid).toEqual({ command: ['pm2', 'reload', 'app'], cwd: '/srv', env: { PM2_HOME: '/tmp/pm2' } });
    command.push('--force');
    expect(valid).toMatchObject({ command: ['pm2', 'reload', 'app'] });
  });

  test.each([
    [null, /reload: must be \{ signal \} or \{ command \}/],
    [{}, /give exactly one of signal and command/],
    [{ signal: 'SIGHUP', command: ['x'] }, /give exactly one of signal and command/],
    [{ signal: 'HUP' }, /signal must be a signal name such as SIGHUP, got "HUP"/],
    [{ signal: 'SIGKILL' }, /SIGKILL cannot be handled by a master/],
    [{ signal: 'SIGSTOP' }, /SIGSTOP cannot be handled by a master/],
    [{ command: [] }, /command must be a non-empty array of strings/],
    [{ command: 'pm2 reload app' }, /command must be a non-empty array of strings/],
    [{ command: ['pm2'], env: { N: 1 } }, /env must map names to strings/],
  ])('%j is refused', (how, message) => {
    expect(() => validateReloadHow(how)).toThrow(ClusterOptionsError);
    expect(() => validateReloadHow(how)).toThrow(message);
  });
});

describe('describeReload', () => {
  test('as the history records it', () => {
    expect(describeReload({ signal: 'SIGHUP' })).toBe('SIGHUP to the master');
    expect(describeReload({ command: ['pm2', 'reload', 'app'] })).toBe('pm2 reload app');
  });
});
