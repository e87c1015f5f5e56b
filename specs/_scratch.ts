// Scratch directories for specs: made under the OS's temp directory, removed once the spec file's tests are done.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made = new Set<string>();

// Registered on the file that imports this module first (each spec file has its own module graph).
afterAll(() => {
  for (const directory of made) rmSync(directory, { recursive: true, force: true });
  made.clear();
});

/** A fresh directory `<tmp>/<prefix>XXXXXX`, removed after the last test of the spec file, passed or failed. */
export function scratchDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  made.add(directory);
  return directory;
}
