// `cluster-chaos check -- <launcher command>` on real launchers reaches a verdict (exit 0 or 1, never bad input or
// inconclusive) and leaves nothing behind. A few runs here; the long measurements are scripts/ (see docs/launchers.md).

import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import { probedProcessesOfThisTest, processesOfPm2Home, userPm2Home } from './leftovers.js';

const main = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const reports: string[] = [];
afterEach(() => {
  for (const directory of reports.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function check(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const report = mkdtempSync(join(tmpdir(), 'cluster-chaos-report-'));
  reports.push(report);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        main,
        'check',
        '--runs',
        '2',
        '--seed',
        '1',
        '--shrink-budget',
        '2000',
        '--ready-timeout',
        '30000',
        '--report',
        report,
        ...args,
      ],
      { env: { ...process.env, ...env }, timeout: 150_000, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

test("check -- npx pm2-runtime start fixtures/pm2/app.js -i 2 with the user's PM2_HOME set: a verdict, never master-survived failing, PM2 never touches that home, nothing left", {
  timeout: 180_000,
}, async () => {
  // The spare, confirmation and shrink clusters of a check are second instances of the launch: each gets a fresh
  // PM2_HOME of its own, so none stops another (on one shared home, the second pm2-runtime stopped the first).
  const userHome = userPm2Home();
  try {
    const { code, stdout, stderr } = await check(
      ['--', 'npx', 'pm2-runtime', 'start', 'fixtures/pm2/app.js', '-i', '2'],
      { PM2_HOME: userHome.path },
    );
    expect([0, 1], `exit ${code}\n${stdout}\n${stderr}`).toContain(code);
    expect(stdout).toMatch(/^cluster-chaos: (PASS|FAIL) /m);
    // The FAIL line names every failing invariant (`cluster-chaos: FAIL  every-connection-answered, master-survived`).
    expect(stdout).not.toMatch(/^cluster-chaos: FAIL .*master-survived/m);
    expect(processesOfPm2Home(userHome.path)).toEqual([]);
    expect(readdirSync(userHome.path)).toEqual([]);
    expect(probedProcessesOfThisTest()).toEqual([]);
  } finally {
    userHome[Symbol.dispose]();
  }
});

test('check -- node fixtures/throng/app.js: a verdict, nothing left', { timeout: 180_000 }, async () => {
  const { code, stdout, stderr } = await check(['--', 'node', 'fixtures/throng/app.js']);
  expect([0, 1], `exit ${code}\n${stdout}\n${stderr}`).toContain(code);
  expect(stdout).toMatch(/^cluster-chaos: (PASS|FAIL) /m);
  expect(probedProcessesOfThisTest()).toEqual([]);
});
