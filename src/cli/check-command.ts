// `cluster-chaos check`: runs a property-based resilience check and reports it; returns the process's exit code.

import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { ClusterOptionsError, ClusterStartError } from '../cluster/errors.js';
import {
  checkResilience,
  type Problem,
  type ResilienceProgress,
  type ResilienceResult,
} from '../property/check-resilience.js';
import { renderTextReport } from '../report/text-report.js';
import { writeReport } from '../report/write-report.js';
import type { ReportInput } from '../report/report-input.js';
import { resilienceReportInput } from '../report/resilience-report.js';
import { resolveStartOptions } from '../cluster/options.js';
import { campaignResult } from '../results/result-document.js';
import { checkConfigTargets, checkTargets } from './check-targets.js';
import { checkUsage } from './check-usage.js';
import type { CommandIO, TargetOutcome } from './command-io.js';
import { parseCheckInvocation, type CheckArguments } from './parse-check-args.js';
import { replayLine } from './replay-line.js';
import { UsageError } from './usage-error.js';

export type { CommandIO } from './command-io.js';

/** A progress bar on a terminal; plain lines (every 10th run, each failure, each phase change) elsewhere, e.g. in CI. */
function progressReporter(
  io: CommandIO,
  runs: number,
  verbose: boolean,
  replay: (path: string) => string,
): {
  update: (progress: ResilienceProgress) => void;
  found: (problem: Problem) => void;
  stop: () => void;
  runs: () => number;
} {
  let runsDone = 0;
  const done = () => runsDone;
  // Each problem is told as soon as it is final: the verdict is FAIL from then on, while the campaign looks for more.
  let problems = 0;
  const told = (problem: Problem) =>
    `problem ${++problems} (${problem.cause.origin}${problem.status === 'not-reproduced' ? ', seen once, not reproduced' : ''}): ${problem.cause.key}: ${problem.cause.summary}\n  replay: ${replay(problem.path)}\n`;
  if (io.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: 'checking [{bar}] {value}/{total} runs | {phase} | problems: {problems}',
        stream: io.stderr,
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(runs, 0, { phase: 'running', problems: 0 });
    return {
      // The bar counts the campaign's runs; confirmation and shrinking runs show as the phase.
      update: (progress) => {
        runsDone = progress.run;
        bar.update(progress.run, {
          phase: progress.phase === 'running' ? 'running' : `${progress.phase} (run ${progress.totalRuns} in all)`,
          problems: progress.problems,
        });
      },
      // Above the bar: clear its line, write, and let its next render draw it again below.
      found: (problem) => io.stderr.write(`\r\u001B[K${told(problem)}`),
      stop: () => bar.stop(),
      runs: done,
    };
  }
  let lastPhase: ResilienceProgress['phase'] = 'running';
  return {
    update: (progress) => {
      runsDone = progress.run;
      const phaseChanged = progress.phase !== lastPhase;
      lastPhase = progress.phase;
      if (
        verbose ||
        phaseChanged ||
        (progress.phase === 'running' && progress.run % 10 === 0) ||
        progress.status !== 'pass'
      ) {
        const where =
          progress.phase === 'running'
            ? `run ${progress.run}/${progress.runs}`
            : `${progress.phase}, run ${progress.totalRuns} in all`;
        io.stderr.write(
          `${where}: ${progress.status}${progress.problems > 0 ? ` (${progress.problems} problem${progress.problems === 1 ? '' : 's'} so far)` : ''}\n`,
        );
      }
    },
    found: (problem) => io.stderr.write(told(problem)),
    stop: () => {},
    runs: done,
  };
}

function reportInput(args: CheckArguments, result: ResilienceResult): ReportInput {
  return resilienceReportInput(result, {
    target: args.shard ? `${args.target} (shard ${args.shard.index}/${args.shard.count})` : args.target,
    workers: args.cluster.workers ?? 2,
    protocol: resolveStartOptions(args.cluster).protocol,
    replay: (path) => replayLine(args, result.seed, path),
    verbose: args.verbose,
  });
}

/**
 * Below a start-up failure's first line: what was seen (processes, ports, workers ready) and the app's last lines of
 * output, then where to find more; with `--verbose`, the whole message (timeline included) and output tail.
 */
export function startFailureDetails(error: ClusterStartError, verbose: boolean): string {
  const lines = error.message.split('\n');
  if (verbose)
    return `${[...lines.slice(1), '', 'Output (tail):', error.outputTail || '(the app wrote nothing)'].join('\n')}\n`;
  const out: string[] = [];
  const seen = lines.find((line) => line.startsWith('seen: '));
  if (seen) out.push(`  ${seen}`);
  // Lines with something on them (stderr lines carry a "! " mark); from the last error's head when there is one, so
  // that a crash shows its message, not the bottom of its stack.
  const tail = error.outputTail.split('\n').filter((line) => line.replace(/^!/, '').trim() !== '');
  const head = tail.findLastIndex(
    (line) => !/^!?\s+at /.test(line) && /\b\w*(Error|Exception)\b|^!?\s*Uncaught|^!?\s*node:/.test(line),
  );
  const shown = head >= 0 ? tail.slice(head, head + 5) : tail.slice(-5);
  if (shown.length > 0)
    out.push(`  the app's ${head >= 0 ? 'error' : 'last output'}:`, ...shown.map((line) => `    ${line}`));
  else if (error.reason !== 'entry-not-found' && error.reason !== 'command-not-found' && error.reason !== 'port-in-use')
    out.push('  the app wrote nothing');
  if (error.reason !== 'entry-not-found' && error.reason !== 'command-not-found')
    out.push('  (--verbose: the timeline of the start and the whole output tail)');
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/** The exit code of a check's status: 0 pass, 1 fail, 3 unknown, 4 an error of cluster-chaos or the environment. */
export function exitCodeOf(status: ResilienceResult['status']): number {
  switch (status) {
    case 'pass':
      return 0;
    case 'fail':
      return 1;
    case 'unknown':
      return 3;
    case 'error':
      return 4;
  }
}

/** Runs `check` with the arguments after `check`; resolves with the exit code (0, 1, 2, 3 or 4). */
export async function runCheckCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  let parsed: ReturnType<typeof parseCheckInvocation>;
  try {
    parsed = parseCheckInvocation(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`cluster-chaos check: ${error.message}\n(see cluster-chaos check --help)\n`);
      return 2;
    }
    throw error;
  }
  if (parsed === 'help') {
    io.stdout.write(`${checkUsage}\n`);
    return 0;
  }
  return 'kind' in parsed ? checkConfigTargets(parsed, argv, io, checkTarget) : checkTargets([parsed], io, checkTarget);
}

/** One target's campaign, reported (text, report files); `seed` is the check's, shared by every target. */
export async function checkTarget(args: CheckArguments, seed: number, io: CommandIO): Promise<TargetOutcome> {
  const progress = progressReporter(io, args.runs, args.verbose, (path) => replayLine(args, seed, path));
  // Ctrl-C: the terminal back as it was (the bar hides the cursor), what ran, and the seed to play the same schedules
  // again. The exit hook and the watchdog end every cluster started.
  const interrupted = (signal: NodeJS.Signals) => {
    progress.stop();
    io.stderr.write(
      `\ncluster-chaos check: interrupted (${signal}) after ${progress.runs()} of ${args.runs} runs; the same schedules again: ${replayLine(args, seed, args.path)}\n`,
    );
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let result: ResilienceResult;
  try {
    result = await checkResilience({
      cluster: args.cluster,
      runs: args.runs,
      seed,
      ...(args.path === undefined ? {} : { path: args.path }),
      restoreWithinMs: args.restoreWithinMs,
      strict: args.strict,
      shrinkBudgetMs: args.shrinkBudgetMs,
      runsAfterFailure: args.runsAfterFailure,
      maxAnsweredStatus: args.maxAnsweredStatus,
      ...(args.minAvailable > 0 ? { minAvailable: args.minAvailable } : {}),
      ...(args.reload === undefined ? {} : { reload: args.reload }),
      ...(args.timeLimitMs === undefined ? {} : { timeLimitMs: args.timeLimitMs }),
      ...(args.clientFaults === false ? {} : { clientFaults: args.clientFaults }),
      ...(args.maxIdleMs === undefined ? {} : { maxIdleMs: args.maxIdleMs }),
      ...(args.shard === undefined ? {} : { shard: args.shard }),
      onProgress: progress.update,
      onProblem: progress.found,
    });
  } catch (error) {
    progress.stop();
    // The cluster cannot even start: bad input, in one line (the output tail on --verbose).
    if (error instanceof ClusterStartError || error instanceof ClusterOptionsError) {
      io.stderr.write(`cluster-chaos check: ${error.message.split('\n')[0]}\n`);
      if (error instanceof ClusterStartError) io.stderr.write(startFailureDetails(error, args.verbose));
      return { code: 2 };
    }
    // Anything else before the campaign could run is ours or the environment's, never the app's.
    io.stderr.write(
      `cluster-chaos check: an error of cluster-chaos or of the environment, not a verdict on the app: ${(error as Error).message.split('\n')[0]}\n`,
    );
    if (args.verbose) io.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    return { code: 4 };
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
  progress.stop();

  const input = reportInput(args, result);
  io.stdout.write(`${renderTextReport(input, { color: Boolean(io.stdout.isTTY) })}\n`);
  const written = await writeReport(input, resolve(args.reportDirectory));
  io.stdout.write(`Report: ${written.html}\n`);
  const target = { name: args.target, workers: input.workers, protocol: input.protocol };
  const campaign = campaignResult(result, target, (path) => replayLine(args, seed, path));
  return { code: exitCodeOf(result.status), campaign };
}
