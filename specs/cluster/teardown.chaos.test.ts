// A test that fails or times out still stops its cluster: run such tests in a child vitest, then look in /proc.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pWaitFor from 'p-wait-for';
import { expect, test } from 'vitest';
import { isRunning } from '../../src/cluster/proc.js';

test('clusters of a failed and a timed-out test are stopped', async ({ onTestFinished }) => {
  const scratch = mkdtempSync(join(tmpdir(), 'cluster-chaos-scenario-'));
  onTestFinished(() => rmSync(scratch, { recursive: true, force: true }));
  const pidsFile = join(scratch, 'pids');
  const config = fileURLToPath(new URL('./scenarios/vitest.scenarios.config.ts', import.meta.url));
  const vitest = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));
  const exitCode = await new Promise<number | null>((resolve) => {
    execFile(
      process.execPath,
      [vitest, 'run', '--config', config],
      { env: { ...process.env, SCENARIO_PIDS_FILE: pidsFile }, timeout: 60_000 },
      (error) => resolve(error ? ((error as { code?: number }).code ?? null) : 0),
    );
  });
  expect(exitCode).toBe(1);
  const runs = readFileSync(pidsFile, 'utf8').trim().split('\n');
  expect(runs).toHaveLength(2);
  const pids = runs.flatMap((line) => line.split(' ').map(Number));
  expect(pids).toHaveLength(6);
  // Their teardown ran before the child vitest exited; /proc has no event for another process's end: poll, bounded.
  await pWaitFor(() => pids.every((pid) => !isRunning(pid)), { interval: 20, timeout: 3000 });
});
