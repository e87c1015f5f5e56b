// `check` over one target or a config file's targets: one seed, a campaign each, one verdict, `--json` and `--junit`.

import { join } from 'node:path';
import { ConfigError, findConfigFile, loadConfig, targetArguments } from '../config/config-file.js';
import { randomSeed } from '../property/seed-and-path.js';
import {
  type CampaignResult,
  exitCodeOfStatus,
  overallStatus,
  type ResultDocument,
  resultDocument,
} from '../results/result-document.js';
import type { CampaignStatus } from '../property/resilience-result.js';
import { packageVersion } from './_internals/package-version.js';
import { writeResultFiles } from './_internals/result-files.js';
import type { CommandIO, TargetOutcome } from './command-io.js';
import { type CheckArguments, type ConfigCheck, missingTarget, parseCheckArgs } from './parse-check-args.js';
import { UsageError } from './usage-error.js';

/** Plays one target's campaign and reports it (`checkTarget` in check-command.ts). */
export type CheckTarget = (args: CheckArguments, seed: number, io: CommandIO) => Promise<TargetOutcome>;

const statusOfCode: Record<number, CampaignStatus> = { 0: 'pass', 1: 'fail', 3: 'unknown', 4: 'error' };

/** A directory name for a target's report: its name with anything but letters, digits, `.`, `_`, `-` made a `-`. */
export function reportSlug(target: string): string {
  return target.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'target';
}

/**
 * Plays each target's campaign in turn, all with one seed (the first's `--seed`, else random), each with its report
 * (in a directory of its own under `--report` when there are several); bad input stops at once (exit 2). Then writes
 * `--json` and `--junit` over every campaign, and returns the exit code of the worst status (fail, error, unknown).
 */
export async function checkTargets(
  targets: readonly CheckArguments[],
  io: CommandIO,
  check: CheckTarget,
): Promise<number> {
  const first = targets[0]!;
  const seed = first.seed ?? randomSeed();
  const campaigns: CampaignResult[] = [];
  const statuses: CampaignStatus[] = [];
  for (const [index, args] of targets.entries()) {
    const several = targets.length > 1;
    if (several) io.stdout.write(`\n== ${args.target} (target ${index + 1} of ${targets.length})\n`);
    const own = several ? { ...args, reportDirectory: join(args.reportDirectory, reportSlug(args.target)) } : args;
    const outcome = await check(own, seed, io);
    if (outcome.code === 2) return 2;
    statuses.push(statusOfCode[outcome.code] ?? 'error');
    if (outcome.campaign) campaigns.push(outcome.campaign);
  }
  // A target that could not be played (an error before its campaign) has no campaign, and still counts.
  const status = overallStatus(statuses);
  const document: ResultDocument = {
    ...resultDocument(campaigns, packageVersion(), new Date()),
    status,
    exitCode: exitCodeOfStatus(status),
  };
  writeResultFiles(document, first, io);
  if (targets.length > 1) {
    io.stdout.write(`\n${status.toUpperCase()} over ${targets.length} targets:\n`);
    for (const [index, args] of targets.entries()) io.stdout.write(`  ${statuses[index]!.padEnd(8)} ${args.target}\n`);
  }
  return document.exitCode;
}

/** `check` with no target: the targets of `--config FILE`, else of the `cluster-chaos.config.*` in this directory. */
export async function checkConfigTargets(
  parsed: ConfigCheck,
  argv: readonly string[],
  io: CommandIO,
  check: CheckTarget,
): Promise<number> {
  const bad = (message: string) => {
    io.stderr.write(`cluster-chaos check: ${message}\n`);
    return 2;
  };
  const file = parsed.configFile ?? findConfigFile(process.cwd());
  if (file === undefined) return bad(`${missingTarget}\n(see cluster-chaos check --help)`);
  let config: Awaited<ReturnType<typeof loadConfig>>;
  try {
    config = await loadConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) return bad(error.message);
    throw error;
  }
  // The command line's flags, without --config: every target takes them (over its own).
  const own: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    if (argv[index] === '--config') index++;
    else if (!argv[index]!.startsWith('--config=')) own.push(argv[index]!);
  }
  const targets: CheckArguments[] = [];
  for (const [index, target] of config.targets.entries()) {
    try {
      const args = parseCheckArgs(targetArguments(target, file, own));
      if (args === 'help') throw new UsageError('--help is not a flag of a target');
      targets.push(target.name === undefined ? args : { ...args, target: target.name });
    } catch (error) {
      if (error instanceof UsageError) return bad(`${file}: targets[${index}]: ${error.message}`);
      throw error;
    }
  }
  return checkTargets(targets, io, check);
}
