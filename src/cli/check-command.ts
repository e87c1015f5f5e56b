// `cluster-chaos check`: runs a property-based resilience check and reports it; returns the process's exit code.

import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { ClusterChaosError, ClusterOptionsError, ClusterStartError } from '../cluster/errors.js';
import { checkResilience, type ResilienceProgress, type ResilienceResult } from '../property/check-resilience.js';
import { renderTextReport } from '../report/text-report.js';
import { formatStep } from '../property/schedule.js';
import { writeReport } from '../report/write-report.js';
import type { ReportInput } from '../report/report-input.js';
import { resilienceReportInput } from '../report/resilience-report.js';
import { resolveStartOptions } from '../cluster/options.js';
import { checkUsage, parseCheckArgs, replayLine, UsageError, type CheckArguments } from './parse-check-args.js';

export interface CommandIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** A progress bar on a terminal; plain lines (every 10th run, and each failure) elsewhere, e.g. in CI. */
function progressReporter(io: CommandIO, runs: number, verbose: boolean): { update: (progress: ResilienceProgress) => void; stop: () => void } {
  if (io.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: 'checking [{bar}] {value}/{total} runs | {phase} | failures: {failures}', stream: io.stderr, hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(runs, 0, { phase: 'running', failures: 0 });
    return {
      update: (progress) => {
        if (progress.phase === 'shrinking' && bar.getTotal() <= progress.run) bar.setTotal(progress.run + 1);
        bar.update(progress.run, { phase: progress.phase, failures: progress.failures });
      },
      stop: () => bar.stop(),
    };
  }
  let lastPhase: ResilienceProgress['phase'] = 'running';
  return {
    update: (progress) => {
      const phaseChanged = progress.phase !== lastPhase;
      lastPhase = progress.phase;
      if (verbose || phaseChanged || progress.run % 10 === 0 || progress.status !== 'pass') {
        io.stderr.write(`run ${progress.run}${progress.phase === 'running' ? `/${progress.runs}` : ' (shrinking)'}: ${progress.status}\n`);
      }
    },
    stop: () => {},
  };
}

function reportInput(args: CheckArguments, result: ResilienceResult): ReportInput {
  return resilienceReportInput(result, {
    target: args.target,
    workers: args.cluster.workers ?? 2,
    protocol: resolveStartOptions(args.cluster).protocol,
    replay: replayLine(args, result.seed, result.path),
  });
}

/** Runs `check` with the arguments after `check`; resolves with the exit code (0, 1, 2 or 3). */
export async function runCheckCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  let args: CheckArguments;
  try {
    const parsed = parseCheckArgs(argv);
    if (parsed === 'help') {
      io.stdout.write(`${checkUsage}\n`);
      return 0;
    }
    args = parsed;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`cluster-chaos check: ${error.message}\n(see cluster-chaos check --help)\n`);
      return 2;
    }
    throw error;
  }

  const progress = progressReporter(io, args.runs, args.verbose);
  let result: ResilienceResult;
  try {
    result = await checkResilience({
      cluster: args.cluster,
      runs: args.runs,
      ...(args.seed === undefined ? {} : { seed: args.seed }),
      ...(args.path === undefined ? {} : { path: args.path }),
      restoreWithinMs: args.restoreWithinMs,
      strict: args.strict,
      shrinkBudgetMs: args.shrinkBudgetMs,
      ...(args.reload === undefined ? {} : { reload: args.reload }),
      onProgress: progress.update,
    });
  } catch (error) {
    progress.stop();
    // The cluster cannot even start: bad input, in one line (the output tail on --verbose).
    if (error instanceof ClusterStartError || error instanceof ClusterOptionsError) {
      io.stderr.write(`cluster-chaos check: ${error.message.split('\n')[0]}\n`);
      if (args.verbose && error instanceof ClusterStartError && error.outputTail) io.stderr.write(`${error.outputTail}\n`);
      return 2;
    }
    if (error instanceof ClusterChaosError) {
      io.stderr.write(`cluster-chaos check: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  progress.stop();

  const input = reportInput(args, result);
  io.stdout.write(`${renderTextReport(input, { color: Boolean(io.stdout.isTTY) })}\n`);
  const directory = resolve(args.reportDirectory);
  const written = await writeReport(input, directory);
  io.stdout.write(`Report: ${written.html}\n`);
  if (result.replayAttempts !== undefined) {
    io.stdout.write(
      result.status === 'fail'
        ? `Replay: the schedule failed on fresh cluster ${result.replayAttempts} of at most 5.\n`
        : `Replay: the schedule held on ${result.replayAttempts} fresh clusters: the failure depends on a race that did not recur.\n`,
    );
  }
  if (result.shrinkBudgetExhausted) {
    io.stdout.write(`Note: shrinking stopped after its ${args.shrinkBudgetMs} ms budget; the counterexample is the smallest failing schedule found by then (--shrink-budget to allow more).\n`);
  }
  if (result.unconfirmedFailures.length > 0) {
    io.stdout.write(`Note: ${result.unconfirmedFailures.length} run(s) failed on a reused cluster but passed on a fresh one (not counted):\n`);
    for (const run of result.unconfirmedFailures) {
      io.stdout.write(`  ${run.schedule.map(formatStep).join('; ') || '(no step)'}\n`);
      for (const verdict of run.verdicts) io.stdout.write(`    ${verdict.status} ${verdict.invariant}: ${verdict.message}\n`);
    }
  }
  if (result.status === 'pass') return 0;
  if (result.status === 'fail') return 1;
  return 3;
}
