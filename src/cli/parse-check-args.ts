// Parses and validates the arguments of `cluster-chaos check` into typed options, or a usage error.

import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { StartClusterOptions } from '../cluster/options.js';
import { isTopologyName } from '../cluster/topologies.js';
import { ClusterOptionsError } from '../cluster/errors.js';
import { validateReloadHow, type ReloadHow } from '../cluster/reload-cluster.js';
import { parsePath, PathError } from '../property/shrink-schedule.js';

/** Bad input or usage: the CLI prints its one-line message and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CheckArguments {
  cluster: StartClusterOptions;
  /** How the target is named in reports and replay lines. */
  target: string;
  /** The arguments that name the target again in a replay line. */
  targetArguments: string[];
  runs: number;
  seed: number | undefined;
  path: string | undefined;
  restoreWithinMs: number;
  strict: boolean;
  reportDirectory: string;
  verbose: boolean;
  shrinkBudgetMs: number;
  /** After a failure, how many runs in a row may find nothing new before the campaign ends. */
  runsAfterFailure: number;
  /** A fault budget: generated faults never leave fewer available workers than this. */
  minAvailable: number;
  /** HTTP: the highest status that counts as an answer. */
  maxAnsweredStatus: number;
  /** With `--reload-signal` or `--reload-command`: how schedules reload the cluster. */
  reload: ReloadHow | undefined;
  /** `--time-limit`: no run starts after it, in ms. */
  timeLimitMs: number | undefined;
}

export const checkUsage = `Usage:
  cluster-chaos check <entry> [options]
  cluster-chaos check [options] -- <command...>

<entry> is the app's entry file (it listens on PORT and starts WORKERS workers) or a built-in topology name.

Options:
  --workers N           workers to start (env WORKERS); default 2
  --protocol tcp|http   what the app speaks; default tcp (http for the http topology)
  --runs R              schedules to run; default 100
  --time-limit T        stop starting runs after T (90s, 5m, or ms); a run under way finishes, shrinking
                        stops there too; default none
  --seed S              replay the schedules of a seed
  --path P              with --seed: replay exactly one counterexample (as printed: 17, 12-17:d0-9:s1.0)
  --restore-within MS   deadline for restoring the workers after a fault; default 5000
  --strict              no lost connection at all, even one a fault hit
  --min-available N     fault budget: faults never leave fewer than N available workers (they wait, or are
                        skipped); default 0
  --max-answered-status N
                        HTTP: the highest status that counts as an answer; default 499 (a 5xx is a loss)
  --port N              the port (env PORT); default a free one (a fixed port: never two clusters at once)
  --shrink-budget MS    how long shrinking may take in all; default 30000
  --runs-after-failure N
                        after a failure, keep looking for other problems until N runs in a row found
                        nothing new; default 10 (0: stop at the first failure)
  --ready-timeout MS    how long the cluster may take to become ready; default 10000
  --reload-signal SIG   schedules also reload the cluster by sending SIG (e.g. SIGHUP) to the master,
                        during bursts and between them; no connection lost across a reload is excused
  --reload-command CMD  the same, by running CMD with sh -c (e.g. "pm2 reload app"; env: PORT, WORKERS,
                        CLUSTER_CHAOS_MASTER_PID); the reload is complete once CMD exited 0 and every
                        old worker is replaced
  --report DIR          where report.html, timeline.svg and history.json go; default ./cluster-chaos-report
  --verbose             print the app's output tail on errors, and every run's status
  -h, --help            this text
  --version             the version of cluster-chaos

Exit codes: 0 every run passed; 1 at least one problem (each printed, shrunk, with a replay line);
2 bad input or usage; 3 inconclusive (no run failed, some proved nothing); 4 an error of cluster-chaos
or of the environment (not a verdict on the app).`;

const checkOptions = {
  workers: { type: 'string' },
  protocol: { type: 'string' },
  runs: { type: 'string' },
  seed: { type: 'string' },
  path: { type: 'string' },
  'restore-within': { type: 'string' },
  port: { type: 'string' },
  'shrink-budget': { type: 'string' },
  'ready-timeout': { type: 'string' },
  'reload-signal': { type: 'string' },
  'reload-command': { type: 'string' },
  'min-available': { type: 'string' },
  'max-answered-status': { type: 'string' },
  'runs-after-failure': { type: 'string' },
  'time-limit': { type: 'string' },
  strict: { type: 'boolean', default: false },
  report: { type: 'string' },
  verbose: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Edit distance between two short strings (for "did you mean"). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** The known option closest to an unknown one, if it is close enough to be a typo (or a prefix of it). */
export function closestOption(unknown: string): string | undefined {
  const name = unknown.replace(/^-+/, '').split('=')[0]!;
  let best: { option: string; score: number } | undefined;
  for (const option of Object.keys(checkOptions)) {
    const score = option.startsWith(name) && name.length >= 3 ? 0 : distance(name, option);
    if (score <= Math.max(1, Math.floor(option.length / 4)) && (best === undefined || score < best.score)) best = { option, score };
  }
  return best && `--${best.option}`;
}

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
    return existing === resolve(directory) ? `${directory} exists and is not a directory` : `${existing} is not a directory`;
  }
  try {
    accessSync(existing, constants.W_OK);
  } catch {
    return `${existing} is not writable`;
  }
  return undefined;
}

/** A duration: `90s`, `5m`, `1h`, `1500ms` or a number of milliseconds. */
export function parseDuration(flag: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const value = match ? Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 'ms') as 'ms' | 's' | 'm' | 'h'] : Number.NaN;
  if (!Number.isFinite(value) || value < 1) throw new UsageError(`${flag} must be a duration like 90s, 5m or 1500 (ms), got ${JSON.stringify(text)}`);
  return Math.round(value);
}

function positiveInteger(flag: string, text: string | undefined, fallback: number, { allowZero = false } = {}): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || (!allowZero && value < 1)) {
    throw new UsageError(`${flag} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** `argv` is what follows `check`. */
export function parseCheckArgs(argv: readonly string[]): CheckArguments | 'help' {
  const separator = argv.indexOf('--');
  const own = separator < 0 ? [...argv] : argv.slice(0, separator);
  const command = separator < 0 ? [] : argv.slice(separator + 1);
  let parsed;
  try {
    parsed = parseArgs({
      args: own,
      allowPositionals: true,
      strict: true,
      options: checkOptions,
    });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const unknown = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'(-[^']+)'/.exec(message)?.[1] : undefined;
    if (unknown !== undefined) {
      const closest = closestOption(unknown);
      throw new UsageError(`unknown option ${unknown}${closest ? `: did you mean ${closest}?` : ''}`);
    }
    // node:util's other messages are clear; drop its error-code prefix.
    throw new UsageError(message.replace(/^.*?: /, '').split('\n')[0]!);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';

  const workers = positiveInteger('--workers', values.workers, 2);
  const runs = positiveInteger('--runs', values.runs, 100);
  const seed = values.seed === undefined ? undefined : positiveInteger('--seed', values.seed, 0, { allowZero: true });
  const restoreWithinMs = positiveInteger('--restore-within', values['restore-within'], 5000);
  if (values.path !== undefined && seed === undefined) throw new UsageError('--path replays a counterexample of a seed: give --seed too');
  if (values.path !== undefined) {
    try {
      parsePath(values.path);
    } catch (error) {
      if (!(error instanceof PathError)) throw error;
      throw new UsageError(`--path: ${error.message} (as printed in a report)`);
    }
  }
  const minAvailable = positiveInteger('--min-available', values['min-available'], 0, { allowZero: true });
  if (minAvailable >= workers) throw new UsageError(`--min-available must be less than --workers (${workers}), got ${minAvailable}: no worker could ever be faulted`);
  const maxAnsweredStatus = positiveInteger('--max-answered-status', values['max-answered-status'], 499);
  if (maxAnsweredStatus < 100 || maxAnsweredStatus > 599) throw new UsageError(`--max-answered-status must be an HTTP status from 100 to 599, got ${maxAnsweredStatus}`);
  if (values.protocol !== undefined && values.protocol !== 'tcp' && values.protocol !== 'http') {
    throw new UsageError(`--protocol must be tcp or http, got ${JSON.stringify(values.protocol)}`);
  }

  const reload = reloadOf(values['reload-signal'], values['reload-command']);

  let cluster: StartClusterOptions;
  let target: string;
  let targetArguments: string[];
  if (command.length > 0) {
    if (positionals.length > 0) throw new UsageError(`give an entry or a command after --, not both (got ${positionals.join(' ')} and ${command.join(' ')})`);
    cluster = { command, workers };
    target = command.join(' ');
    targetArguments = ['--', ...command];
  } else if (separator >= 0) {
    throw new UsageError('nothing after --: give the command that starts the cluster');
  } else if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'missing <entry>: the file that starts the cluster' : `one entry only, got ${positionals.join(' ')}`);
  } else {
    const entry = positionals[0]!;
    if (!existsSync(entry) && isTopologyName(entry)) cluster = { topology: entry, workers };
    else if (!existsSync(entry)) throw new UsageError(`entry file not found: ${entry}`);
    else cluster = { entry, workers };
    target = entry;
    targetArguments = [entry];
  }
  if (values.protocol !== undefined) cluster.protocol = values.protocol as 'tcp' | 'http';
  if (values.port !== undefined) {
    const port = positiveInteger('--port', values.port, 0);
    if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
    cluster.port = port;
  }
  const reportDirectory = values.report ?? 'cluster-chaos-report';
  const reportProblem = reportDirectoryProblem(reportDirectory);
  if (reportProblem !== undefined) throw new UsageError(`--report: ${reportProblem}; the report could not be written`);
  if (values['ready-timeout'] !== undefined) cluster.readyTimeoutMs = positiveInteger('--ready-timeout', values['ready-timeout'], 10_000);

  return {
    cluster,
    target,
    targetArguments,
    runs,
    seed,
    path: values.path,
    restoreWithinMs,
    strict: values.strict ?? false,
    reportDirectory,
    shrinkBudgetMs: positiveInteger('--shrink-budget', values['shrink-budget'], 30_000),
    runsAfterFailure: positiveInteger('--runs-after-failure', values['runs-after-failure'], 10, { allowZero: true }),
    minAvailable,
    maxAnsweredStatus,
    verbose: values.verbose ?? false,
    reload,
    timeLimitMs: values['time-limit'] === undefined ? undefined : parseDuration('--time-limit', values['time-limit']),
  };
}

/** `--reload-signal SIG` or `--reload-command CMD` (run with `sh -c`), at most one of them. */
function reloadOf(signal: string | undefined, command: string | undefined): ReloadHow | undefined {
  if (signal !== undefined && command !== undefined) throw new UsageError('give --reload-signal or --reload-command, not both');
  if (command !== undefined) {
    if (command.trim() === '') throw new UsageError('--reload-command must be a command, got an empty string');
    return { command: ['sh', '-c', command] };
  }
  if (signal === undefined) return undefined;
  try {
    return validateReloadHow({ signal }, '--reload-signal');
  } catch (error) {
    if (!(error instanceof ClusterOptionsError)) throw error;
    throw new UsageError(
      /cannot be handled/.test(error.message) ? error.message : `--reload-signal must be a signal name such as SIGHUP or SIGUSR2, got ${JSON.stringify(signal)}`,
    );
  }
}

/** The command line that replays a counterexample. */
export function replayLine(args: CheckArguments, seed: number, path: string | undefined): string {
  const quote = (part: string) => (/^[\w./:=@%+-]+$/.test(part) ? part : `'${part.replaceAll("'", "'\\''")}'`);
  const parts = ['cluster-chaos', 'check'];
  const own = [`--workers ${args.cluster.workers ?? 2}`];
  if (args.cluster.protocol) own.push(`--protocol ${args.cluster.protocol}`);
  own.push(`--seed ${seed}`);
  if (path !== undefined) own.push(`--path ${path}`);
  if (args.restoreWithinMs !== 5000) own.push(`--restore-within ${args.restoreWithinMs}`);
  if (args.strict) own.push('--strict');
  if (args.minAvailable > 0) own.push(`--min-available ${args.minAvailable}`);
  if (args.maxAnsweredStatus !== 499) own.push(`--max-answered-status ${args.maxAnsweredStatus}`);
  if (args.cluster.port !== undefined) own.push(`--port ${args.cluster.port}`);
  if (args.reload && 'signal' in args.reload) own.push(`--reload-signal ${args.reload.signal}`);
  if (args.reload && 'command' in args.reload) own.push(`--reload-command ${quote(args.reload.command.at(-1)!)}`);
  if (args.targetArguments[0] === '--') return [...parts, ...own, ...args.targetArguments.map(quote)].join(' ');
  return [...parts, quote(args.targetArguments[0]!), ...own].join(' ');
}
