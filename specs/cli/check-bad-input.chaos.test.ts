// `cluster-chaos check` with bad input or usage: exit code 2 and one clear line, before any chaos.

import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const main = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

function check(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [main, 'check', ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

function firstLine(stderr: string): string {
  return stderr.split('\n')[0]!;
}

describe('bad input of the foundation: exit 2, one line', () => {
  test('a missing entry file', async () => {
    const { code, stderr } = await check('fixtures/no-such-app.js');
    expect(code).toBe(2);
    expect(firstLine(stderr)).toBe('cluster-chaos check: entry file not found: fixtures/no-such-app.js');
  });

  test('an app that crashes at boot: its error below the first line, and where to see more', async () => {
    const { code, stderr } = await check('fixtures/misbehaving/crash-at-boot.js');
    expect(code).toBe(2);
    expect(firstLine(stderr)).toMatch(
      /^cluster-chaos check: fixtures\/misbehaving\/crash-at-boot\.js crashed at boot \(exit code 1\)$/,
    );
    expect(stderr).toContain("  the app's error:\n    ! Error: config file missing: /etc/app/settings.json\n");
    expect(stderr).toContain('(--verbose: the timeline of the start and the whole output tail)');
  });

  test('an app that listens on another port than PORT: said, with the port and pids', async () => {
    const { code, stderr } = await check('fixtures/misbehaving/ignores-port.js', '--ready-timeout', '2000');
    expect(code).toBe(2);
    expect(firstLine(stderr)).toMatch(
      /did not become ready within 2000 ms: it listens on port \d+ \(pids [\d, ]+\), not on the port in env PORT \(\d+\): listen on process\.env\.PORT$/,
    );
    expect(stderr).toMatch(/\n {2}seen: port \d+ not listening; 0 of 2 workers ready/);
  });

  test('an app that starts fewer workers than WORKERS: said', async () => {
    const { code, stderr } = await check('fixtures/misbehaving/fewer-workers.js', '--ready-timeout', '2000');
    expect(code).toBe(2);
    expect(firstLine(stderr)).toMatch(
      /did not become ready within 2000 ms: 1 of 2 workers started: the app must start as many workers as env WORKERS says \(2\)$/,
    );
  });

  test('workers in a crash loop at boot: the exits counted, and their error', async () => {
    const { code, stderr } = await check('fixtures/misbehaving/crash-loop.js', '--ready-timeout', '2000');
    expect(code).toBe(2);
    expect(firstLine(stderr)).toMatch(
      /did not become ready within 2000 ms: \d+ processes exited during boot \(the last: pid \d+, code 1\), a crash loop: see the app's output$/,
    );
    expect(stderr).toContain('! Error: cannot connect to the database at 127.0.0.1:5432');
  });

  test('an app that exits at once with code 0', async () => {
    const { code, stderr } = await check('fixtures/misbehaving/exits-at-once.js');
    expect(code).toBe(2);
    expect(firstLine(stderr)).toMatch(/exited with code 0 before the cluster was ready$/);
  });

  test('an app that never listens', async () => {
    const { code, stderr } = await check('fixtures/misbehaving/never-listens.js', '--ready-timeout', '1500');
    expect(code).toBe(2);
    expect(firstLine(stderr)).toMatch(/never-listens\.js did not become ready within 1500 ms$/);
  });

  test('a port already taken', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as { port: number };
    try {
      const { code, stderr } = await check('tutorial/round-robin', '--port', String(port));
      expect(code).toBe(2);
      expect(firstLine(stderr)).toBe(`cluster-chaos check: Port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });

  test.each(['0', '-1', '1.5', 'two'])('--workers %s', async (workers) => {
    const { code, stderr } = await check('http', '--workers', workers);
    expect(code).toBe(2);
    expect(firstLine(stderr)).toMatch(/--workers|workers/);
  });

  test('a command that is not found', async () => {
    const { code, stderr } = await check('--', 'no-such-launcher-xyz', 'app.js');
    expect(code).toBe(2);
    expect(firstLine(stderr)).toBe('cluster-chaos check: Command not found: no-such-launcher-xyz');
  });
});

describe('bad flags: exit 2, one line', () => {
  test.each([
    [['http', '--runs', 'x'], '--runs must be a positive integer, got "x"'],
    [['http', '--protocol', 'udp'], '--protocol must be tcp or http, got "udp"'],
    [['http', '--path', '1:2'], '--path replays a counterexample of a seed: give --seed too'],
    [
      ['http', '--seed', '3', '--path', 'abc'],
      '--path: a path looks like <run>[-<last run>][:d<steps>|:s<step>.<variant>]..., e.g. 17, 17:d0-2:s0.1 or 12-17:d0-9, got "abc" (as printed in a report)',
    ],
    [
      ['http', '--min-available', '2'],
      '--min-available must be less than --workers (2), got 2: no worker could ever be faulted',
    ],
    [['http', '--frobnicate'], 'unknown option --frobnicate'],
    [['http', '--wokers', '2'], 'unknown option --wokers: did you mean --workers?'],
    [
      ['http', '--report', 'package.json'],
      '--report: package.json exists and is not a directory; the report could not be written',
    ],
    [[], 'missing <entry>: the file that starts the cluster'],
    [['http', '--'], 'nothing after --: give the command that starts the cluster'],
    [['http', '--restore-within', '0'], '--restore-within must be a positive integer, got "0"'],
  ])('%j', async (args, message) => {
    const { code, stderr } = await check(...(args as string[]));
    expect(code).toBe(2);
    expect(firstLine(stderr)).toContain(message);
  });
});

describe('--version', () => {
  test.each([['--version'], ['-v'], ['check', '--version']])(
    '%j prints the package version, exit 0',
    async (...args) => {
      const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
        version: string;
      };
      const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
        execFile(process.execPath, [main, ...args], { timeout: 30_000 }, (error, out) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout: out }),
        );
      });
      expect(code).toBe(0);
      expect(stdout).toBe(`cluster-chaos ${version}\n`);
    },
  );
});
