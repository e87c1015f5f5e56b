// Parses and validates the arguments of `cluster-chaos check` into typed options, or a usage error.

import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { StartClusterOptions } from '../cluster/options.js';
import type { ClientFaultKind } from '../history/events.js';
import { isTopologyName } from '../cluster/topologies.js';
import { ClusterOptionsError } from '../cluster/errors.js';
import { validateReloadHow, type ReloadHow } from '../cluster/reload-cluster.js';
import { type Shard, splitShardPath } from '../property/shard-schedules.js';
import { parsePath, PathError } from '../property/shrink-schedule.js';
import { checkOptions, closestOption } from './_internals/check-options.js';
import { clientFaultFlags, withClientFaultsValue } from './_internals/client-fault-flags.js';
import { outputFile, parseDuration, parseShard, positiveInteger } from './_internals/flag-values.js';
import { reportDirectoryProblem } from './_internals/report-directory-problem.js';
import { UsageError } from './usage-error.js';

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
  /** `--client-faults [KINDS]`: misbehaving clients in the bursts (true: every kind the protocol can play). */
  clientFaults: boolean | ClientFaultKind[];
  /** `--max-idle MS`: an idle client must be cut off within this many ms of its last byte. */
  maxIdleMs: number | undefined;
  /** `--shard i/n`: the part of the campaign this machine plays. */
  shard: Shard | undefined;
  /** `--json FILE`: where the result document goes. */
  jsonFile: string | undefined;
  /** `--junit FILE`: where the JUnit XML goes. */
  junitFile: string | undefined;
}

/** No entry and no command: the targets of a config file (`--config FILE`, else `cluster-chaos.config.*` here). */
export interface ConfigCheck {
  kind: 'config';
  configFile: string | undefined;
}

/** The message when there is neither a target nor a config file. */
export const missingTarget =
  'missing <entry>: the file that starts the cluster (or a cluster-chaos.config.json, .js, .mjs or .ts here)';

/** `argv` is what follows `check`, with a target (an entry or a command). */
export function parseCheckArgs(argv: readonly string[]): CheckArguments | 'help' {
  const parsed = parseCheckInvocation(argv);
  if (parsed !== 'help' && 'kind' in parsed) throw new UsageError(missingTarget);
  return parsed;
}

/** `argv` is what follows `check`: with a target, or none (the targets of a config file). */
export function parseCheckInvocation(argv: readonly string[]): CheckArguments | ConfigCheck | 'help' {
  const separator = argv.indexOf('--');
  const own = separator < 0 ? [...argv] : argv.slice(0, separator);
  const command = separator < 0 ? [] : argv.slice(separator + 1);
  const { values, positionals } = parseOwnArgs(withClientFaultsValue(own));
  if (values.help) return 'help';

  const workers = positiveInteger('--workers', values.workers, 2);
  const runs = positiveInteger('--runs', values.runs, 100);
  const seed = values.seed === undefined ? undefined : positiveInteger('--seed', values.seed, 0, { allowZero: true });
  const restoreWithinMs = positiveInteger('--restore-within', values['restore-within'], 5000);
  if (values.path !== undefined && seed === undefined)
    throw new UsageError('--path replays a counterexample of a seed: give --seed too');
  if (values.path !== undefined) {
    try {
      // A sharded path names its shard first (3/4@12): it replays without --shard.
      parsePath(splitShardPath(values.path).path);
    } catch (error) {
      if (!(error instanceof PathError) && !(error instanceof ClusterOptionsError)) throw error;
      throw new UsageError(`--path: ${error.message.replace(/^path: /, '')} (as printed in a report)`, {
        cause: error,
      });
    }
  }
  const minAvailable = positiveInteger('--min-available', values['min-available'], 0, { allowZero: true });
  if (minAvailable >= workers)
    throw new UsageError(
      `--min-available must be less than --workers (${workers}), got ${minAvailable}: no worker could ever be faulted`,
    );
  const maxAnsweredStatus = positiveInteger('--max-answered-status', values['max-answered-status'], 499);
  if (maxAnsweredStatus < 100 || maxAnsweredStatus > 599)
    throw new UsageError(`--max-answered-status must be an HTTP status from 100 to 599, got ${maxAnsweredStatus}`);
  if (values.protocol !== undefined && values.protocol !== 'tcp' && values.protocol !== 'http') {
    throw new UsageError(`--protocol must be tcp or http, got ${JSON.stringify(values.protocol)}`);
  }

  const reload = reloadOf(values['reload-signal'], values['reload-command']);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (shard && values.path !== undefined)
    throw new UsageError('give --shard or --path, not both: a sharded path names its shard (3/4@12)');
  const jsonFile = values.json === undefined ? undefined : outputFile('--json', values.json);
  const junitFile = values.junit === undefined ? undefined : outputFile('--junit', values.junit);
  if (values.config !== undefined && (positionals.length > 0 || command.length > 0))
    throw new UsageError('give an entry, a command after -- or --config, not more than one');
  if (positionals.length === 0 && separator < 0) return { kind: 'config', configFile: values.config };

  let cluster: StartClusterOptions;
  let target: string;
  let targetArguments: string[];
  if (command.length > 0) {
    if (positionals.length > 0)
      throw new UsageError(
        `give an entry or a command after --, not both (got ${positionals.join(' ')} and ${command.join(' ')})`,
      );
    cluster = { command, workers };
    target = command.join(' ');
    targetArguments = ['--', ...command];
  } else if (separator >= 0) {
    throw new UsageError('nothing after --: give the command that starts the cluster');
  } else if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'missing <entry>: the file that starts the cluster'
        : `one entry only, got ${positionals.join(' ')}`,
    );
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
  if (values['ready-timeout'] !== undefined)
    cluster.readyTimeoutMs = positiveInteger('--ready-timeout', values['ready-timeout'], 10_000);

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
    ...clientFaultFlags(values['client-faults'], values['max-idle'], cluster),
    shard,
    jsonFile,
    junitFile,
  };
}

/** The options and positionals before `--`, read by node:util; what it refuses is a usage error with its cause. */
function parseOwnArgs(own: string[]) {
  try {
    return parseArgs({
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
      throw new UsageError(`unknown option ${unknown}${closest ? `: did you mean ${closest}?` : ''}`, { cause: error });
    }
    // node:util's other messages are clear; drop its error-code prefix.
    throw new UsageError(message.replace(/^.*?: /, '').split('\n')[0]!, { cause: error });
  }
}

/** `--reload-signal SIG` or `--reload-command CMD` (run with `sh -c`), at most one of them. */
function reloadOf(signal: string | undefined, command: string | undefined): ReloadHow | undefined {
  if (signal !== undefined && command !== undefined)
    throw new UsageError('give --reload-signal or --reload-command, not both');
  if (command !== undefined) {
    if (command.trim() === '') throw new UsageError('--reload-command must be a command, got an empty string');
    return { command: ['sh', '-c', command] };
  }
  if (signal === undefined) return undefined;
  try {
    return validateReloadHow({ signal }, '--reload-signal');
  } catch (error) {
    if (!(error instanceof ClusterOptionsError)) throw error;
    const message = /cannot be handled/.test(error.message)
      ? error.message
      : `--reload-signal must be a signal name such as SIGHUP or SIGUSR2, got ${JSON.stringify(signal)}`;
    throw new UsageError(message, { cause: error });
  }
}
