#!/usr/bin/env node
// The verdicts of builds side by side: `cluster-chaos check` of each build on the same seeds, paired and run
// concurrently (several campaigns at once load the machine as a CI runner is loaded, which is where a race of the
// harness shows as a false alarm). Each DIR is a checkout with its build (DIR/dist; its probe comes from DIR/src).
// Prints, per build, how many campaigns passed and failed, and the first problem line of each that did not pass;
// --json prints one JSON line instead. Not part of npm test: the figures behind a fix of a flaky verdict.
//
//   node scripts/verdicts-side-by-side.mjs [--seeds 1,2,3] [--parallel 4] NAME=DIR ... -- CHECK-ARGS...
//   node scripts/verdicts-side-by-side.mjs --seeds 198772413,1,2,3,4,5,6,7,8,9 old=/tmp/old new=. \
//     -- reload/rolling --reload-signal SIGHUP --runs 30

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const separator = process.argv.indexOf('--');
const { values, positionals } = parseArgs({
  args: process.argv.slice(2, separator < 0 ? undefined : separator),
  allowPositionals: true,
  options: {
    seeds: { type: 'string', default: '1,2,3,4,5,6' },
    parallel: { type: 'string', default: '4' },
    json: { type: 'boolean', default: false },
  },
});
const checkArgs = separator < 0 ? [] : process.argv.slice(separator + 1);
const seeds = values.seeds.split(',').map(Number);
const parallel = Number(values.parallel);
const builds = positionals.map((arg) => {
  const [name, directory] = arg.includes('=') ? arg.split('=') : [arg, arg];
  return { name, directory: resolve(directory) };
});
if (builds.length === 0 || checkArgs.length === 0 || seeds.some((seed) => !Number.isInteger(seed)) || !(parallel > 0)) {
  console.error(
    'usage: node scripts/verdicts-side-by-side.mjs [--seeds 1,2] [--parallel N] NAME=DIR ... -- CHECK-ARGS',
  );
  process.exit(2);
}

/** One campaign: its exit code and the lines that say why it did not pass. */
function campaign(build, seed) {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['dist/cli/main.js', 'check', ...checkArgs, '--seed', String(seed)], {
      cwd: build.directory,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      const problems = output.split('\n').filter((line) => /^problem \d+ /.test(line));
      done({
        build: build.name,
        seed,
        code,
        why: code === 0 ? [] : problems.length > 0 ? problems : [output.trim().split('\n')[0]],
      });
    });
  });
}

// Paired: every build of a seed is queued together, so that each pair meets the same load.
const queue = seeds.flatMap((seed) => builds.map((build) => () => campaign(build, seed)));
const results = [];
await Promise.all(
  Array.from({ length: Math.min(parallel, queue.length) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) results.push(await next());
  }),
);

const summary = builds.map(({ name }) => {
  const own = results
    .filter((result) => result.build === name)
    .sort((a, b) => seeds.indexOf(a.seed) - seeds.indexOf(b.seed));
  return {
    build: name,
    campaigns: own.length,
    passed: own.filter((result) => result.code === 0).length,
    notPassed: own.filter((result) => result.code !== 0).map(({ seed, code, why }) => ({ seed, code, why })),
  };
});
if (values.json) {
  console.log(JSON.stringify({ checkArgs, seeds, parallel, summary }));
} else {
  console.log(`check ${checkArgs.join(' ')}; seeds ${seeds.join(', ')}; ${parallel} campaigns at once`);
  for (const { build, campaigns, passed, notPassed } of summary) {
    console.log(`${build}: ${passed} of ${campaigns} passed`);
    for (const { seed, code, why } of notPassed) console.log(`  seed ${seed}, exit ${code}: ${why[0]}`);
  }
}
