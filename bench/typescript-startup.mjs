// typescript_startup: what a TypeScript entry costs per start. startCluster (2 workers) until it resolves, on the
// same app three or four ways, interleaved in one run: fixtures/typescript as JavaScript (its types erased by tsc into
// a temporary directory: the baseline), as TypeScript through tsx (cache warm, the usual case), through tsx with its
// cache off (every process compiles: a first run, or a changed file), and through Node's own type stripping where
// this Node has it. Not part of npm test; no timed assertion anywhere.
//
//   npm run build && node bench/typescript-startup.mjs [--rounds N] [--workers N] [--json]

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { startCluster } from '../dist/index.js';
import { nodeStripsTypes } from '../dist/cluster/typescript-loader.js';
import { machineFacts, median, round } from './lib.mjs';

const args = process.argv.slice(2);
const value = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const rounds = value('rounds', 7);
const workers = value('workers', 2);
const json = args.includes('--json');

const fixture = fileURLToPath(new URL('../fixtures/typescript/', import.meta.url));

/** The fixture as JavaScript: each .ts file transpiled (types erased), its `.ts` specifiers made `.js`. */
function writeJavaScriptCopy() {
  const directory = mkdtempSync(join(tmpdir(), 'cluster-chaos-ts-bench-'));
  writeFileSync(join(directory, 'package.json'), '{ "type": "module" }\n');
  for (const file of readdirSync(fixture).filter((name) => name.endsWith('.ts'))) {
    const source = readFileSync(join(fixture, file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    writeFileSync(join(directory, file.replace(/\.ts$/, '.js')), outputText.replaceAll(/(\.\/[\w-]+)\.ts'/g, "$1.js'"));
  }
  return directory;
}

/** Milliseconds from the call of startCluster to its resolving (the stop is not timed). */
async function timeStart(options) {
  const started = performance.now();
  const cluster = await startCluster({ workers, readyTimeoutMs: 60_000, ...options });
  const elapsed = performance.now() - started;
  const { orphans } = await cluster.stop();
  if (orphans.length > 0) throw new Error(`orphans after stop: ${JSON.stringify(orphans)}`);
  return elapsed;
}

const javascript = writeJavaScriptCopy();
const variants = {
  javascript: { entry: join(javascript, 'server.js') },
  'tsx (cache warm)': { topology: 'typescript', typescript: 'tsx' },
  'tsx (cache off)': { topology: 'typescript', typescript: 'tsx', env: { TSX_DISABLE_CACHE: '1' } },
  ...(nodeStripsTypes() ? { 'node type stripping': { topology: 'typescript', typescript: 'node' } } : {}),
};
const times = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
try {
  // One start of each, untimed: tsx's cache and the OS's file cache warm.
  for (const options of Object.values(variants)) await timeStart(options);
  for (let round = 1; round <= rounds; round++) {
    for (const [name, options] of Object.entries(variants)) times[name].push(await timeStart(options));
    process.stderr.write(`round ${round}/${rounds}\n`);
  }
} finally {
  rmSync(javascript, { recursive: true, force: true });
}

const baseline = median(times.javascript);
const result = {
  machine: machineFacts(),
  workers,
  rounds,
  medians: Object.fromEntries(Object.entries(times).map(([name, values]) => [name, round(median(values), 0)])),
  ratios: Object.fromEntries(
    Object.entries(times).map(([name, values]) => [name, round(median(values) / baseline, 2)]),
  ),
};
if (json) console.log(JSON.stringify(result));
else {
  console.log(
    `startCluster, ${workers} workers, median of ${rounds} (${result.machine.node}, load ${result.machine.loadavg.join(' ')})`,
  );
  for (const name of Object.keys(times)) {
    console.log(`  ${name.padEnd(22)} ${String(result.medians[name]).padStart(6)} ms  x${result.ratios[name]}`);
  }
}
