// The values of numeric flags (integers, durations), read into numbers or a usage error naming the flag.

import { dirname } from 'node:path';
import type { Shard } from '../../property/shard-schedules.js';
import { UsageError } from '../usage-error.js';
import { reportDirectoryProblem } from './report-directory-problem.js';

/** A duration: `90s`, `5m`, `1h`, `1500ms` or a number of milliseconds. */
export function parseDuration(flag: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const unit = (match?.[2] ?? 'ms') as 'ms' | 's' | 'm' | 'h';
  const value = match ? Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit] : Number.NaN;
  if (!Number.isFinite(value) || value < 1) {
    throw new UsageError(`${flag} must be a duration like 90s, 5m or 1500 (ms), got ${JSON.stringify(text)}`);
  }
  return Math.round(value);
}

/** A whole number (zero only with `allowZero`); `fallback` when the flag was not given. */
export function positiveInteger(
  flag: string,
  text: string | undefined,
  fallback: number,
  { allowZero = false } = {},
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || (!allowZero && value < 1)) {
    const kind = allowZero ? 'non-negative' : 'positive';
    throw new UsageError(`${flag} must be a ${kind} integer, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** `--shard i/n`: machine i (1-based, as vitest's --shard) of n. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [Number.NaN, Number.NaN];
  if (!match || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count)
    throw new UsageError(
      `--shard must be i/n with 1 <= i <= n (machine i of n, e.g. 3/4), got ${JSON.stringify(text)}`,
    );
  return { index, count };
}

/** A file to write at the end (`--json`, `--junit`): its directory must be writable now, not after an hour of runs. */
export function outputFile(flag: string, file: string): string {
  if (file.trim() === '') throw new UsageError(`${flag} needs a file name`);
  const problem = reportDirectoryProblem(dirname(file));
  if (problem !== undefined) throw new UsageError(`${flag}: ${problem}; ${file} could not be written`);
  return file;
}
