// Ctrl-C (SIGINT) or a CI runner's SIGTERM during `cluster-chaos check`: one line that says what ran and how to play
// the same schedules again, the signal's exit code, and nothing of the clusters left running.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pWaitFor from 'p-wait-for';
import { describe, expect, test } from 'vitest';
import { listPids, readEnvironmentVariable, readStat } from '../../src/cluster/proc.js';

const main = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** Live processes that carry a probe of a cluster the CLI process `cliPid` started. */
function clusterProcessesOf(cliPid: number): number[] {
  const prefix = join(tmpdir(), `cluster-chaos-${cliPid}-`);
  return listPids().filter((pid) => {
    const stat = readStat(pid);
    return (
      stat !== undefined &&
      stat.state !== 'Z' &&
      stat.state !== 'X' &&
      readEnvironmentVariable(pid, 'CLUSTER_CHAOS_PROBE')?.startsWith(prefix) === true
    );
  });
}

describe('interrupted', () => {
  test.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('by %s mid-campaign: exit %i, what ran and the seed, no cluster left', async (signal, exitCode) => {
    const child = spawn(
      process.execPath,
      [
        main,
        'check',
        'corrected/round-robin',
        '--runs',
        '1000',
        '--seed',
        '5',
        '--report',
        join(tmpdir(), 'cc-interrupt'),
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8');
    // Plain progress lines off a terminal: "run 10/1000: pass" once ten runs have played.
    const tenRuns = new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: string) => {
        stderr += chunk;
        if (/run 10\/1000/.test(stderr)) resolve();
      });
    });
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    await Promise.race([
      tenRuns,
      exited.then(() => Promise.reject(new Error(`the check ended before ten runs:\n${stderr}`))),
    ]);
    expect(clusterProcessesOf(child.pid!).length, 'a cluster runs while the campaign does').toBeGreaterThan(0);

    child.kill(signal);
    const [code] = await exited;
    expect(code, stderr).toBe(exitCode);
    expect(stderr).toMatch(
      new RegExp(
        `cluster-chaos check: interrupted \\(${signal}\\) after \\d+ of 1000 runs; the same schedules again: cluster-chaos check corrected/round-robin --workers 2 --seed 5\\n`,
      ),
    );
    // The exit hook kills every cluster's process group as the CLI exits; /proc lets go of them a moment later.
    // The error names what is still running when the bound is reached (not when the wait began).
    await pWaitFor(() => clusterProcessesOf(child.pid!).length === 0, {
      interval: 20,
      timeout: {
        milliseconds: 5000,
        fallback: () => {
          throw new Error(`still running 5 s after the CLI exited: ${clusterProcessesOf(child.pid!).join(', ')}`);
        },
      },
    });
  });
});
