// Whether the report directory can be written, checked before any run.

import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Why a report directory cannot be written, before any run (a check that ran for minutes must not fail at its end):
 * the path, or the nearest part of it that exists, is not a directory, or that directory is not writable.
 */
export function reportDirectoryProblem(directory: string): string | undefined {
  let existing = resolve(directory);
  while (!existsSync(existing)) {
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  if (!statSync(existing).isDirectory()) {
    return existing === resolve(directory)
      ? `${directory} exists and is not a directory`
      : `${existing} is not a directory`;
  }
  try {
    accessSync(existing, constants.W_OK);
  } catch {
    return `${existing} is not writable`;
  }
  return undefined;
}
