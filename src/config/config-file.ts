// A project's targets in `cluster-chaos.config.{json,js,mjs,ts}`: found, loaded and checked, each error naming its field.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isTopologyName } from '../cluster/topologies.js';
import { ClusterChaosError } from '../errors/cluster-chaos-error.js';

/** The names a config file may have, in the order they are looked for. */
export const configFileNames = [
  'cluster-chaos.config.json',
  'cluster-chaos.config.js',
  'cluster-chaos.config.mjs',
  'cluster-chaos.config.ts',
] as const;

/** One target of a project: an entry or a command, and how to check it. */
export interface ConfigTarget {
  /** How reports, results and JUnit name it. Default: the entry, or the command line. */
  name?: string;
  /**
   * The app's entry file, relative to the config file's directory (it listens on PORT, starts WORKERS workers), or a
   * built-in topology name (`corrected/restart`).
   */
  entry?: string;
  /** Any launcher, as an argument list (`["npx", "pm2-runtime", "start", "app.js", "-i", "2"]`); run from the cwd. */
  command?: string[];
  /** Default 2. */
  workers?: number;
  /** Default tcp. */
  protocol?: 'tcp' | 'http';
  /** More `check` flags for this target (`["--min-available", "1", "--strict"]`); the command line's win over them. */
  flags?: string[];
}

/** What a config file holds (its default export, for .js, .mjs and .ts). */
export interface ClusterChaosConfig {
  targets: ConfigTarget[];
}

/** A config file that cannot be used: its path, the field, and what is wrong (bad input: exit 2). */
export class ConfigError extends ClusterChaosError {
  override name = 'ConfigError';
  readonly file: string;
  readonly field: string;

  constructor(file: string, field: string, message: string, options: { cause?: unknown } = {}) {
    super(`${file}: ${field}: ${message}`, options);
    this.file = file;
    this.field = field;
  }
}

/** The config file in `directory`, if there is one. */
export function findConfigFile(directory: string): string | undefined {
  return configFileNames.map((name) => join(directory, name)).find((file) => existsSync(file));
}

/**
 * Checks a config's value where it enters: a `targets` list, each with exactly one of `entry` (a file that exists,
 * relative to the config file) and `command` (a non-empty list of strings), `workers` a positive integer, `protocol`
 * tcp or http, `flags` a list of strings, names unique. `file` is named in every error, with the field.
 */
export function validateConfig(value: unknown, file: string): ClusterChaosConfig {
  const fail = (field: string, message: string): never => {
    throw new ConfigError(file, field, message);
  };
  const isObject = (x: unknown): x is Record<string, unknown> =>
    typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObject(value)) return fail('(the file)', 'must be an object with a "targets" list');
  for (const key of Object.keys(value)) if (key !== 'targets') fail(key, 'unknown field (the fields: targets)');
  const { targets } = value;
  if (!Array.isArray(targets) || targets.length === 0) return fail('targets', 'must be a non-empty list of targets');
  const known = ['name', 'entry', 'command', 'workers', 'protocol', 'flags'];
  const names = new Map<string, number>();
  const checked = targets.map((target: unknown, index): ConfigTarget => {
    const at = `targets[${index}]`;
    if (!isObject(target)) return fail(at, 'must be an object with an entry or a command');
    for (const key of Object.keys(target))
      if (!known.includes(key)) fail(`${at}.${key}`, `unknown field (the fields: ${known.join(', ')})`);
    const { name, entry, command, workers, protocol, flags } = target;
    if ((entry === undefined) === (command === undefined)) fail(at, 'give exactly one of entry and command');
    if (entry !== undefined) {
      if (typeof entry !== 'string' || entry === '') fail(`${at}.entry`, 'must be a file name');
      else if (!existsSync(resolve(dirname(file), entry)) && !isTopologyName(entry))
        fail(`${at}.entry`, `file not found: ${entry} (relative to ${dirname(file)}), nor a built-in topology`);
    }
    if (command !== undefined && !(isStrings(command) && command.length > 0))
      fail(`${at}.command`, 'must be a non-empty list of strings (the program, then its arguments)');
    if (workers !== undefined && !(Number.isSafeInteger(workers) && (workers as number) >= 1))
      fail(`${at}.workers`, `must be a positive integer, got ${JSON.stringify(workers)}`);
    if (protocol !== undefined && protocol !== 'tcp' && protocol !== 'http')
      fail(`${at}.protocol`, `must be "tcp" or "http", got ${JSON.stringify(protocol)}`);
    if (flags !== undefined && !isStrings(flags)) fail(`${at}.flags`, 'must be a list of strings (check flags)');
    if (name !== undefined && (typeof name !== 'string' || name === ''))
      fail(`${at}.name`, 'must be a non-empty string');
    const shown = (name as string | undefined) ?? (entry as string | undefined) ?? (command as string[]).join(' ');
    const before = names.get(shown);
    if (before !== undefined) fail(`${at}.name`, `${JSON.stringify(shown)} is targets[${before}]'s name too`);
    names.set(shown, index);
    return target as ConfigTarget;
  });
  return { targets: checked };
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Loads and checks a config file: JSON as it is; .js and .mjs by import; .ts through tsx (a dependency already). */
export async function loadConfig(file: string): Promise<ClusterChaosConfig> {
  const absolute = resolve(file);
  const shown = relative(process.cwd(), absolute) || absolute;
  if (!existsSync(absolute)) throw new ConfigError(shown, '(the file)', 'not found');
  let value: unknown;
  try {
    if (extname(absolute) === '.json') value = JSON.parse(readFileSync(absolute, 'utf8'));
    else if (extname(absolute) === '.ts') {
      const { tsImport } = await import('tsx/esm/api');
      value = ((await tsImport(pathToFileURL(absolute).href, import.meta.url)) as { default?: unknown }).default;
    } else value = ((await import(pathToFileURL(absolute).href)) as { default?: unknown }).default;
  } catch (error) {
    throw new ConfigError(shown, '(the file)', `cannot be read: ${(error as Error).message.split('\n')[0]}`, {
      cause: error,
    });
  }
  // A CommonJS module (a .ts or .js file outside an ESM package) has its `export default` one level down.
  if (typeof value === 'object' && value !== null && 'default' in value && !('targets' in value))
    value = (value as { default: unknown }).default;
  return validateConfig(value, shown);
}

/**
 * The `check` arguments of a target: its entry (resolved from the config file's directory) or its command, its workers,
 * protocol and flags, then the command line's own flags (they win: the last value of a flag counts).
 */
export function targetArguments(target: ConfigTarget, configFile: string, own: readonly string[]): string[] {
  const entry = target.entry && resolve(dirname(configFile), target.entry);
  const first =
    target.entry === undefined
      ? []
      : [existsSync(entry!) || !isTopologyName(target.entry) ? relative(process.cwd(), entry!) : target.entry];
  const flags = [
    ...(target.workers === undefined ? [] : ['--workers', String(target.workers)]),
    ...(target.protocol === undefined ? [] : ['--protocol', target.protocol]),
    ...(target.flags ?? []),
  ];
  return [...first, ...flags, ...own, ...(target.command === undefined ? [] : ['--', ...target.command])];
}
