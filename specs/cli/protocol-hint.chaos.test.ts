// The wrong --protocol is said in the failure: an HTTP app checked over TCP (the default), a TCP app checked over HTTP.

import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const main = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

function check(...args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        main,
        'check',
        ...args,
        '--runs',
        '1',
        '--runs-after-failure',
        '0',
        '--report',
        join(tmpdir(), 'cc-protocol-hint'),
      ],
      { timeout: 60_000 },
      (error, stdout) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout });
      },
    );
  });
}

describe('a protocol mismatch names the flag to try', () => {
  test('an HTTP app checked over TCP: --protocol http?', async () => {
    const { code, stdout } = await check('fixtures/http/master.js');
    expect(code, stdout).toBe(1);
    expect(stdout).toContain('0 of 4 judged connections answered');
    expect(stdout).toContain(
      'Fix: First the protocol: every connection was taken by the app and got no byte back in time: if the app speaks HTTP, check it with --protocol http',
    );
  });

  test('a TCP app checked over HTTP: --protocol tcp?', async () => {
    const { code, stdout } = await check('corrected/round-robin', '--protocol', 'http');
    expect(code, stdout).toBe(1);
    expect(stdout).toMatch(
      /Fix: First the protocol: the app answered bytes that are not an HTTP response \("handle by worker: \d+"\): if it speaks plain TCP, check it with --protocol tcp/,
    );
  });
});
