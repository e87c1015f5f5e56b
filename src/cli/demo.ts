// `npm run demo`: a chaos campaign against the tutorial's clusters and their corrected versions, as one table.

import { resolve } from 'node:path';
import { topologies, type TopologyName } from '../cluster/topologies.js';
import { checkResilience, type ResilienceResult } from '../property/check-resilience.js';
import { formatStep } from '../property/schedule.js';
import { resilienceReportInput } from '../report/resilience-report.js';
import { writeReport } from '../report/write-report.js';

/** The programs checked, in order; a fault budget where the program needs one to hold (node:cluster's closed port). */
const programs: { program: TopologyName; minAvailable?: number; expected: 'pass' | 'fail' }[] = [
  { program: 'tutorial/round-robin', expected: 'fail' },
  { program: 'tutorial/restart', expected: 'fail' },
  { program: 'tutorial/shared-handle', expected: 'fail' },
  { program: 'corrected/round-robin', expected: 'pass' },
  { program: 'corrected/restart', expected: 'pass' },
  { program: 'corrected/shared-handle', expected: 'pass' },
  { program: 'node-cluster/sched-none', expected: 'fail' },
  { program: 'node-cluster/sched-none', minAvailable: 1, expected: 'pass' },
];

const runs = Number(process.env.DEMO_RUNS ?? 30);
const seed = Number(process.env.DEMO_SEED ?? 2026);
const reportRoot = resolve('cluster-chaos-report', 'demo');

interface Row {
  program: string;
  verdict: string;
  problem: string;
  schedule: string;
  seconds: string;
}

/** One row per problem (the first carries the program, the verdict and the time), or one row for a pass. */
function rows(program: string, result: ResilienceResult): Row[] {
  const seconds = (result.durationMs / 1000).toFixed(1);
  const verdict =
    result.status === 'pass'
      ? `pass (${result.runs} runs)`
      : result.status === 'fail'
        ? `FAIL (${result.problems.length} problem${result.problems.length === 1 ? '' : 's'})`
        : result.status.toUpperCase();
  if (result.problems.length === 0)
    return [
      {
        program,
        verdict,
        problem: result.harnessFailure ? `harness: ${result.harnessFailure.message}` : '-',
        schedule: '-',
        seconds,
      },
    ];
  return result.problems.map((problem, index) => ({
    program: index === 0 ? program : '',
    verdict: index === 0 ? verdict : '',
    problem: `${problem.cause.key.replace(/^([^/]*)\//, '$1: ')}${problem.cause.origin === 'platform' ? ' (platform)' : ''}${problem.status === 'not-reproduced' ? ' (seen once)' : ''}`,
    schedule:
      problem.counterexample.length === 0
        ? 'no step: the final burst alone'
        : problem.counterexample.map((step, step_) => `${step_ + 1}. ${formatStep(step)}`).join(' / '),
    seconds: index === 0 ? seconds : '',
  }));
}

function printTable(rows: Row[]): void {
  const headers: Row = {
    program: 'program',
    verdict: 'verdict',
    problem: 'problem (invariant: cause)',
    schedule: 'shrunk counterexample',
    seconds: 'seconds',
  };
  const keys = Object.keys(headers) as (keyof Row)[];
  const widths = keys.map((key) => Math.max(...[headers, ...rows].map((entry) => entry[key].length)));
  const line = (entry: Row) =>
    keys
      .map((key, index) =>
        key === 'seconds' ? entry[key].padStart(widths[index]!) : entry[key].padEnd(widths[index]!),
      )
      .join('  ');
  process.stdout.write(`\n${line(headers)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}\n`);
  for (const entry of rows) process.stdout.write(`${line(entry)}\n`);
}

process.stdout.write(`cluster-chaos demo: ${runs} generated schedules per program (seed ${seed}), 2 workers each.\n`);
const table: Row[] = [];
const verdicts = new Map<string, ResilienceResult['status']>();
for (const { program, minAvailable } of programs) {
  const label = minAvailable ? `${program} --min-available ${minAvailable}` : program;
  process.stderr.write(`checking ${label} (${topologies[program].description})...\n`);
  const result = await checkResilience({
    cluster: { topology: program, workers: 2 },
    runs,
    seed,
    ...(minAvailable ? { minAvailable } : {}),
  });
  verdicts.set(label, result.status);
  const entries = rows(label, result);
  table.push(...entries);
  const written = await writeReport(
    resilienceReportInput(result, {
      target: program,
      workers: 2,
      protocol: topologies[program].protocol,
      replay: (path) =>
        `npx cluster-chaos check ${program} --workers 2${minAvailable ? ` --min-available ${minAvailable}` : ''} --seed ${result.seed}${path ? ` --path ${path}` : ''}`,
      verbose: false,
    }),
    resolve(reportRoot, label.replaceAll('/', '-').replaceAll(' ', '')),
  );
  process.stderr.write(`  ${entries[0]!.verdict} in ${entries[0]!.seconds} s; report: ${written.html}\n`);
}
printTable(table);
// The tutorial's programs have bugs; so does node:cluster itself, which closes the port with its last worker (with
// every worker dead at once, connections are refused or reset while the primary lives) unless a fault budget keeps one
// worker up; the corrected masters hold.
const surprises = programs
  .map(({ program, minAvailable, expected }) => ({
    label: minAvailable ? `${program} --min-available ${minAvailable}` : program,
    expected,
  }))
  .filter(({ label, expected }) => verdicts.get(label) !== expected);
process.stdout.write(
  surprises.length === 0
    ? `\nEvery tutorial program failed with a shrunk counterexample that names its cause; node:cluster lost connections with every worker dead at once, and held with one kept up; every corrected master held. Reports: ${reportRoot}\n`
    : `\nUnexpected verdicts for: ${surprises.map(({ label, expected }) => `${label} (expected ${expected}, got ${verdicts.get(label)})`).join(', ')}. Reports: ${reportRoot}\n`,
);
process.exitCode = surprises.length === 0 ? 0 : 1;
