#!/usr/bin/env node
// Worker crashes under load on a real launcher, counted: `npm run build && node scripts/launcher-crashes.mjs [options]`.
//
// Each run starts a fresh cluster (PM2 cluster mode through pm2-runtime with a temp PM2_HOME, or the throng app),
// plays one schedule — a burst of 12 connections, 4 at once, with a fault on a random worker once 4 are open — then
// settles and drives the final burst (runSchedule), stops the cluster and checks the four core invariants over its
// whole history. It prints the verdict of each run and the tally per invariant, with the connections by outcome.
//
// Options: --launcher pm2|throng (pm2), --kinds SIGKILL,exit (SIGKILL,exit), --runs N per kind (10),
// --sched-none (NODE_CLUSTER_SCHED_POLICY=none: the workers accept, no hand-off by the master), --json.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkInvariants, runSchedule, startCluster } from '../dist/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    launcher: { type: 'string', default: 'pm2' },
    kinds: { type: 'string', default: 'SIGKILL,exit' },
    runs: { type: 'string', default: '10' },
    'sched-none': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const launcher = values.launcher === 'throng' ? 'throng' : 'pm2';
const kinds = values.kinds.split(',');
const runs = Number(values.runs);
const log = (line) => values.json || console.log(line);
const outcomeNames = ['answered', 'refused', 'reset', 'closed-empty', 'timeout'];

async function oneRun(kind, seed) {
  const home = mkdtempSync(join(tmpdir(), 'cluster-chaos-pm2-home-'));
  const env = { PM2_HOME: home, ...(values['sched-none'] ? { NODE_CLUSTER_SCHED_POLICY: 'none' } : {}) };
  const command =
    launcher === 'pm2'
      ? ['npx', 'pm2-runtime', 'start', 'fixtures/pm2/app.js', '-i', '2']
      : ['node', 'fixtures/throng/app.js'];
  // This script gives each run a PM2_HOME of its own and removes it: no fresh one on top (freshDirectories: []).
  const cluster = await startCluster({
    command,
    cwd: root,
    workers: 2,
    env,
    freshDirectories: [],
    readyTimeoutMs: 30_000,
    seed,
  });
  try {
    await runSchedule(
      cluster,
      [{ type: 'burst', count: 12, concurrency: 4, crash: { fault: { kind, target: 'random' }, after: 4 } }],
      { connectionTimeoutMs: 1500 },
    );
  } finally {
    await cluster.stop();
    rmSync(home, { recursive: true, force: true });
  }
  const { status, verdicts } = checkInvariants(cluster.history.events);
  const outcomes = Object.fromEntries(outcomeNames.map((outcome) => [outcome, 0]));
  for (const close of cluster.history.ofType('connection-close')) outcomes[close.outcome]++;
  return {
    kind,
    seed,
    status,
    verdicts: verdicts.map(({ invariant, status: verdictStatus, message }) => ({
      invariant,
      status: verdictStatus,
      message,
    })),
    outcomes,
  };
}

const results = [];
log(
  `${launcher}${values['sched-none'] ? ' (NODE_CLUSTER_SCHED_POLICY=none)' : ''}: ${runs} runs per kind (${kinds.join(', ')}), a fresh cluster per run`,
);
for (const kind of kinds) {
  for (let run = 1; run <= runs; run++) {
    const result = await oneRun(kind, 1000 + run);
    results.push(result);
    const failed = result.verdicts.filter((verdict) => verdict.status !== 'pass');
    log(
      `${kind} run ${String(run).padStart(2)}: ${result.status.padEnd(7)} ${outcomeNames.map((outcome) => `${outcome} ${result.outcomes[outcome]}`).join(', ')}${failed.map((verdict) => `\n    ${verdict.status} ${verdict.invariant}: ${verdict.message.slice(0, 300)}`).join('')}`,
    );
  }
}
const summary = {};
for (const kind of kinds) {
  const ofKind = results.filter((result) => result.kind === kind);
  const tally = {
    runs: ofKind.length,
    pass: 0,
    unknown: 0,
    fail: 0,
    invariants: {},
    outcomes: Object.fromEntries(outcomeNames.map((outcome) => [outcome, 0])),
  };
  for (const result of ofKind) {
    tally[result.status]++;
    for (const outcome of outcomeNames) tally.outcomes[outcome] += result.outcomes[outcome];
    for (const verdict of result.verdicts) {
      tally.invariants[verdict.invariant] ??= { pass: 0, unknown: 0, fail: 0 };
      tally.invariants[verdict.invariant][verdict.status]++;
    }
  }
  summary[kind] = tally;
  log(
    `\n${kind}: ${tally.pass} pass, ${tally.unknown} unknown, ${tally.fail} fail of ${tally.runs} runs; connections: ${outcomeNames.map((outcome) => `${outcome} ${tally.outcomes[outcome]}`).join(', ')}`,
  );
  for (const [invariant, counts] of Object.entries(tally.invariants))
    log(`  ${invariant}: ${counts.pass} pass, ${counts.unknown} unknown, ${counts.fail} fail`);
}
if (values.json) console.log(JSON.stringify({ launcher, schedNone: values['sched-none'], summary }));
