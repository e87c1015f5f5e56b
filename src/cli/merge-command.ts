// `cluster-chaos merge <result.json...>`: the shards' results of a campaign joined into one verdict, report and exit code.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderTextReport } from '../report/text-report.js';
import { writeReport } from '../report/write-report.js';
import { campaignReportInput } from '../results/campaign-report-input.js';
import { mergeResults, type ResultFile } from '../results/merge-results.js';
import { ResultInputError, readResultDocument } from '../results/read-result-document.js';
import { outputFile } from './_internals/flag-values.js';
import { packageVersion } from './_internals/package-version.js';
import { reportDirectoryProblem } from './_internals/report-directory-problem.js';
import { writeResultFiles } from './_internals/result-files.js';
import { reportSlug } from './check-targets.js';
import type { CommandIO } from './command-io.js';
import { UsageError } from './usage-error.js';

export const mergeUsage = `Usage:
  cluster-chaos merge <result.json...> [--report DIR] [--json FILE] [--junit FILE]

Joins the results (check --json) of a campaign's shards into one verdict: every shard's runs and problems (one per
cause, the smallest counterexample kept), FAIL if any shard found a problem, else ERROR if a shard had an error or
is missing, else UNKNOWN if one was inconclusive, else PASS. Results of different seeds, targets, shard counts or
schema versions are refused (exit 2).

Options:
  --report DIR   where the merged report.html, timeline.svg and history.json go; default ./cluster-chaos-report
  --json FILE    the merged result (the same schema, docs/result.schema.json)
  --junit FILE   the merged result as JUnit XML
  -h, --help     this text

Exit codes: 0 pass; 1 a problem; 2 bad input; 3 inconclusive; 4 an error (a shard's, or a shard missing).`;

interface MergeArguments {
  files: string[];
  reportDirectory: string;
  jsonFile: string | undefined;
  junitFile: string | undefined;
}

function parseMergeArgs(argv: readonly string[]): MergeArguments | 'help' {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof options }>>;
  const options = {
    report: { type: 'string' },
    json: { type: 'string' },
    junit: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  } as const;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^.*?: /, '').split('\n')[0]!, { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length === 0) throw new UsageError('no result file: give the result.json of each shard');
  const reportDirectory = values.report ?? 'cluster-chaos-report';
  const problem = reportDirectoryProblem(reportDirectory);
  if (problem !== undefined) throw new UsageError(`--report: ${problem}; the report could not be written`);
  return {
    files: positionals,
    reportDirectory,
    jsonFile: values.json === undefined ? undefined : outputFile('--json', values.json),
    junitFile: values.junit === undefined ? undefined : outputFile('--junit', values.junit),
  };
}

/** Runs `merge` with the arguments after `merge`; resolves with the exit code. */
export async function runMergeCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  let args: MergeArguments;
  let merged: ReturnType<typeof mergeResults>;
  try {
    const parsed = parseMergeArgs(argv);
    if (parsed === 'help') {
      io.stdout.write(`${mergeUsage}\n`);
      return 0;
    }
    args = parsed;
    const files: ResultFile[] = args.files.map((file) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new ResultInputError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      return { file, document: readResultDocument(text, file) };
    });
    merged = mergeResults(files, packageVersion(), new Date());
  } catch (error) {
    if (error instanceof UsageError || error instanceof ResultInputError) {
      io.stderr.write(`cluster-chaos merge: ${error.message}\n(see cluster-chaos merge --help)\n`);
      return 2;
    }
    throw error;
  }
  const several = merged.campaigns.length > 1;
  for (const campaign of merged.campaigns) {
    const input = campaignReportInput(campaign);
    io.stdout.write(`${renderTextReport(input, { color: Boolean(io.stdout.isTTY) })}\n`);
    const directory = several ? join(args.reportDirectory, reportSlug(campaign.target.name)) : args.reportDirectory;
    const written = await writeReport(input, resolve(directory));
    io.stdout.write(`Report: ${written.html}\n`);
  }
  if (merged.merged.missingShards.length > 0)
    io.stderr.write(`cluster-chaos merge: no result for ${merged.merged.missingShards.join(', ')}\n`);
  writeResultFiles(merged, args, io);
  io.stdout.write(
    `${merged.status.toUpperCase()}: ${args.files.length} result${args.files.length === 1 ? '' : 's'} merged, ${merged.campaigns.reduce((sum, c) => sum + c.runs, 0)} runs\n`,
  );
  return merged.exitCode;
}
