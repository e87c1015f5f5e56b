#!/usr/bin/env node
// `checkResilience` at its defaults (or with the options given) on programs, several invocations each: the verdict,
// its time, the time to the first problem, and every problem with its cause, shrinking and replay path. After
// `npm run build`. The figures behind the issue notes: false alarms on correct programs, time to a verdict on buggy ones.
//
//   node scripts/check-figures.mjs [--invocations N] [--options JSON] [--json] topology...
//   node scripts/check-figures.mjs --invocations 10 corrected/round-robin corrected/restart corrected/shared-handle
//   node scripts/check-figures.mjs --options '{"minAvailable":1}' node-cluster/sched-none
//   node scripts/check-figures.mjs buggy        (the tutorial's three programs and every fixtures/buggy/ topology)

import { parseArgs } from 'node:util';
import { checkResilience, topologyNames } from '../dist/index.js';
import { formatSchedule } from '../dist/property/schedule.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    invocations: { type: 'string', default: '1' },
    options: { type: 'string', default: '{}' },
    json: { type: 'boolean', default: false },
  },
});
const invocations = Number(values.invocations);
const extra = JSON.parse(values.options);
const programs = positionals.flatMap((name) =>
  name === 'buggy'
    ? topologyNames.filter((topology) => topology.startsWith('tutorial/') || topology.startsWith('buggy/'))
    : [name],
);
if (programs.length === 0) {
  console.error('give one or more topologies (or "buggy")');
  process.exit(2);
}

const median = (numbers) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted.length === 0
    ? undefined
    : sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]
      : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};
const seconds = (ms) => (ms === undefined ? '-' : (ms / 1000).toFixed(1));

const lines = [];
for (const program of programs) {
  for (let invocation = 1; invocation <= invocations; invocation++) {
    const started = performance.now();
    let firstProblemAt;
    const result = await checkResilience({
      cluster: { topology: program, workers: 2 },
      ...extra,
      // The verdict is FAIL from the first problem told: the time a user waits for it.
      onProblem: () => {
        firstProblemAt ??= performance.now() - started;
      },
    });
    const line = {
      program,
      invocation,
      status: result.status,
      seconds: (performance.now() - started) / 1000,
      firstProblemSeconds: firstProblemAt === undefined ? undefined : firstProblemAt / 1000,
      seed: result.seed,
      runs: result.runs,
      totalRuns: result.totalRuns,
      problems: result.problems.map((problem) => ({
        key: problem.cause.key,
        origin: problem.cause.origin,
        status: problem.status,
        steps: problem.counterexample.length,
        from: problem.originalCounterexample.length,
        shrinks: problem.shrinks,
        shrinkBudgetExhausted: problem.shrinkBudgetExhausted,
        path: problem.path,
        summary: problem.cause.summary,
        counterexample: formatSchedule(problem.counterexample, '      '),
      })),
      harness: result.harnessFailure?.message,
      unknownRuns: result.unknownRuns.length,
    };
    lines.push(line);
    if (values.json) {
      console.log(JSON.stringify(line));
      continue;
    }
    console.log(
      `${program.padEnd(42)} #${invocation} ${result.status.toUpperCase().padEnd(7)} ${seconds(line.seconds * 1000).padStart(6)} s` +
        `  first problem ${line.firstProblemSeconds === undefined ? '-' : `${line.firstProblemSeconds.toFixed(1)} s`}` +
        `  seed ${result.seed}  ${result.runs} runs (${result.totalRuns} in all)${line.harness ? `  harness: ${line.harness}` : ''}`,
    );
    for (const problem of line.problems) {
      console.log(
        `    ${problem.key} (${problem.origin}, ${problem.status}): ${problem.steps} step(s) from ${problem.from}, ${problem.shrinks} shrinks${problem.shrinkBudgetExhausted ? ', budget exhausted' : ''}, path ${problem.path}\n      ${problem.summary}\n${problem.counterexample}`,
      );
    }
  }
}

if (!values.json) {
  console.log('\nsummary');
  for (const program of programs) {
    const own = lines.filter((line) => line.program === program);
    const byStatus = new Map();
    for (const line of own) byStatus.set(line.status, (byStatus.get(line.status) ?? 0) + 1);
    const counts = [...byStatus].map(([status, count]) => `${count} ${status}`);
    console.log(
      `${program.padEnd(42)} ${counts.join(', ').padEnd(18)} median ${seconds(median(own.map((line) => line.seconds * 1000)))} s, max ${seconds(Math.max(...own.map((line) => line.seconds * 1000)))} s` +
        `, first problem median ${seconds(median(own.flatMap((line) => (line.firstProblemSeconds === undefined ? [] : [line.firstProblemSeconds * 1000]))))} s`,
    );
  }
  const failing = lines.filter((line) => line.firstProblemSeconds !== undefined);
  if (failing.length > 0) {
    console.log(
      `all failing invocations: median time to the verdict ${seconds(median(failing.map((line) => line.seconds * 1000)))} s, to the first problem ${seconds(median(failing.map((line) => line.firstProblemSeconds * 1000)))} s`,
    );
  }
}
