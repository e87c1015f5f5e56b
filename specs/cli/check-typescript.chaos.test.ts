// `cluster-chaos check` on a TypeScript entry: it runs through the loader like a .js one (exit 0 when every invariant
// holds), and a .ts entry that cannot start is bad input (exit 2) with the reason and the app's output tail.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const main = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

function check(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // The CLI runs on the Node that runs this spec (the CI's matrix runs it on each version).
    execFile(process.execPath, [main, 'check', ...args], { timeout: 170_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

test('check fixtures/typescript/handoff-master.ts --runs 10 exits 0', { timeout: 180_000 }, async () => {
  const report = mkdtempSync(join(tmpdir(), 'cluster-chaos-ts-report-'));
  try {
    const { code, stdout, stderr } = await check(
      'fixtures/typescript/handoff-master.ts',
      '--runs',
      '10',
      '--report',
      report,
    );
    // On failure, the CLI's own report (counterexample, seed, replay line) is the message.
    expect(code, `${stdout}\n${stderr}`).toBe(0);
  } finally {
    rmSync(report, { recursive: true, force: true });
  }
});

test('check on a .ts entry with a syntax error exits 2 with one line, then (--verbose) the output tail', async () => {
  const { code, stderr } = await check('fixtures/misbehaving/syntax-error.mts', '--verbose');
  expect(code).toBe(2);
  expect(stderr.split('\n')[0]).toBe(
    'cluster-chaos check: fixtures/misbehaving/syntax-error.mts crashed at boot (exit code 1)',
  );
  expect(stderr).toMatch(/syntax-error\.m?ts[\s\S]*Expected/);
});
