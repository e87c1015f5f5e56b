// `cluster-chaos check --reload-signal`: the naive reload is caught and shrunk to a replayable counterexample; the rolling one holds.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

const main = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const reports = mkdtempSync(join(tmpdir(), 'cluster-chaos-reload-'));
afterAll(() => rmSync(reports, { recursive: true, force: true }));

interface Checked {
  code: number | null;
  stdout: string;
  stderr: string;
}

function check(args: string[], timeoutMs: number): Promise<Checked> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [main, 'check', ...args],
      { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
      },
    );
  });
}

/** The numbered steps under the first problem's "Counterexample". */
function counterexampleOf(stdout: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => /^\s*Counterexample/.test(line));
  if (start < 0) return [];
  const steps: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const step = /^\s+\d+\. (.*)$/.exec(line);
    if (!step) break;
    steps.push(step[1]!);
  }
  return steps;
}

describe('check with --reload-signal', () => {
  test('reload/naive: exit 1, a counterexample of at most 3 steps with the reload in it, and its replay line reproduces it', async () => {
    const failed = await check(
      [
        'reload/naive',
        '--reload-signal',
        'SIGHUP',
        '--seed',
        '2026',
        '--shrink-budget',
        '90000',
        '--report',
        join(reports, 'naive'),
      ],
      240_000,
    );
    const context = `${failed.stdout}\n${failed.stderr}`;
    expect(failed.code, context).toBe(1);
    expect(failed.stdout).toMatch(/^cluster-chaos: FAIL {2}\d+ problems?/);
    // The first problem is a connection lost across the reload, named as such.
    expect(failed.stdout).toMatch(/^Problem 1 of \d+ \(app\): every-connection-answered\//m);
    const steps = counterexampleOf(failed.stdout);
    expect(steps.length, context).toBeGreaterThan(0);
    expect(steps.length, context).toBeLessThanOrEqual(3);
    expect(
      steps.some((step) => /(^|, )reload( after \d+)?$/.test(step)),
      context,
    ).toBe(true);
    expect(failed.stdout).toContain('during the reload "SIGHUP to the master"');

    const replay = /^\s*Replay: cluster-chaos check (.*)$/m.exec(failed.stdout)?.[1];
    expect(replay, context).toMatch(/^reload\/naive --workers 2 --seed 2026 --path \S+ --reload-signal SIGHUP$/);
    const replayed = await check([...replay!.split(' '), '--report', join(reports, 'replay')], 120_000);
    expect(replayed.code, `${replayed.stdout}\n${replayed.stderr}`).toBe(1);
    expect(counterexampleOf(replayed.stdout)).toEqual(steps);
  }, 400_000);

  test('reload/rolling: 30 generated schedules with reloads (and every fault kind) hold: exit 0', async () => {
    const passed = await check(
      ['reload/rolling', '--reload-signal', 'SIGHUP', '--runs', '30', '--report', join(reports, 'rolling')],
      540_000,
    );
    expect(passed.code, `${passed.stdout}\n${passed.stderr}`).toBe(0);
    expect(passed.stdout).toMatch(/^cluster-chaos: PASS/);
  }, 600_000);
});
