// The benchmarks, side by side with what the machine allows: `npm run bench` (a table), `npm run bench -- --json`
// (the table, then one JSON object on the last line). Not part of npm test; no timed assertion anywhere.
//
// Options:
//   --json             print the JSON object last
//   --quick            fewer rounds and shorter throughput runs (a smoke run, not for figures)
//   --profile DIR      run the chaos-loop children under --cpu-prof, writing their .cpuprofile files under DIR
//                      (summarise one with `node bench/profile-summary.mjs FILE`); for the startup and throughput
//                      parts, which run in this process: `npm run build && node --cpu-prof bench/main.mjs`
//   --chaos-topology T the chaos loop's topology (default buggy/restart-storm, see below)
//   --wrk-threads N    wrk's threads (default 2, wrk's own default; one per core here)
//   --only PARTS       run only these parts, comma-separated: startup, chaos, throughput (the others' metrics are
//                      null); e.g. `--only throughput` for burst_vs_wrk and burst_vs_autocannon alone
//
// Progress goes to stderr; the table and the JSON to stdout.
//
// The chaos loop runs on buggy/restart-storm: a plain node:cluster master (SCHED_RR) that re-forks a dead worker at
// once. The corrected fixtures and node-cluster/round-robin back off (100 ms doubling to 2 s) when a slot's worker
// dies within 1 s of its fork, which this loop (one kill per slot every two iterations) would hit on a fast machine:
// the loop would time the fixture's backoff, and a faster harness would even be penalised by more of it. The
// restart-storm "bug" (no bound for workers crashing at boot) does not come into play: every worker boots fine.

import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadAverages, machineFacts, median, round, runJsonChild } from './lib.mjs';
import { measureStartup, STARTUP_TOPOLOGY } from './startup.mjs';
import { measureThroughput } from './throughput.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const value = (name) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const json = flag('json');
const quick = flag('quick');
const profileDir = value('profile') === undefined ? undefined : resolve(value('profile'));
const wrkThreads = Number(value('wrk-threads') ?? 2);
const parts = ['startup', 'chaos', 'throughput'];
const only = value('only')?.split(',') ?? parts;
for (const part of only) {
  if (!parts.includes(part)) {
    console.error(`bench: --only takes ${parts.join(', ')} (comma-separated), not ${JSON.stringify(part)}`);
    process.exit(2);
  }
}
const runs = (part) => only.includes(part);

const config = {
  startupRounds: quick ? 2 : 15,
  chaosRounds: quick ? 1 : 3,
  chaosIterations: 20,
  chaosBurst: 20,
  chaosTopology: value('chaos-topology') ?? 'buggy/restart-storm',
  throughputRounds: quick ? 1 : 7,
  throughputSeconds: quick ? 2 : 3,
  concurrency: 16,
  wrkThreads,
};

const goals = {
  startup_ratio: { max: 1.1 },
  chaos_loop_ratio: { max: 1.1 },
  burst_vs_wrk: { min: 0.7 },
  burst_vs_autocannon: { min: 1.5 },
  restore_detect_ms: { max: 5 },
};

const log = (message) => process.stderr.write(`[bench] ${message}\n`);
const here = (file) => fileURLToPath(new URL(file, import.meta.url));

const facts = machineFacts();
log(`node ${facts.node}, ${facts.cpu}, ${facts.cores} cores, load ${facts.loadavg.join(' ')}`);
// The ratios interleave ours and the baselines, so a steady load cancels out of them; a load that comes and goes
// does not, and a busy machine flatters whichever client wastes less CPU. Say so rather than print figures as if quiet.
const busyAtStart = facts.loadavg[0] > facts.cores / 4;
if (busyAtStart)
  log(
    `the machine is busy (1-minute load ${facts.loadavg[0]} on ${facts.cores} cores): figures are not comparable with a quiet run`,
  );
const startedAt = performance.now();

const skippedStartup = { ratio: null, ours: null, baseline: null, samples: { ours: [], baseline: [] } };
if (runs('startup'))
  log(`startup: ${config.startupRounds} interleaved rounds of startCluster vs node master.js (${STARTUP_TOPOLOGY})`);
const startup = runs('startup') ? await measureStartup(config.startupRounds) : skippedStartup;

if (runs('chaos'))
  log(
    `chaos loop: ${config.chaosRounds} interleaved rounds of framework vs hand-written (${config.chaosIterations} iterations)`,
  );
if (profileDir) mkdirSync(profileDir, { recursive: true });
const chaosArgs = [
  ...['--iterations', String(config.chaosIterations), '--burst', String(config.chaosBurst)],
  ...['--concurrency', String(config.concurrency), '--topology', config.chaosTopology],
];
// Profiles go to DIR/chaos-framework/ and DIR/chaos-handwritten/ (node names each file CPU.<date>.<time>.<pid>...).
const childOptions = (name) => ({
  nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir, name)}`] : [],
});
const chaos = {
  ours: [],
  baseline: [],
  ratios: [],
  restoreDetectMs: [],
  lost: { ours: 0, baseline: 0 },
  phases: { ours: [], baseline: [] },
  readinessProbes: [],
};
for (let index = 0; runs('chaos') && index < config.chaosRounds; index++) {
  const runFramework = () => runJsonChild(here('./chaos-framework.mjs'), chaosArgs, childOptions('chaos-framework'));
  const runHand = () => runJsonChild(here('./chaos-handwritten.mjs'), chaosArgs, childOptions('chaos-handwritten'));
  let framework;
  let hand;
  if (index % 2 === 0) {
    framework = await runFramework();
    hand = await runHand();
  } else {
    hand = await runHand();
    framework = await runFramework();
  }
  chaos.ours.push(framework.loopMs);
  chaos.baseline.push(hand.loopMs);
  chaos.ratios.push(framework.loopMs / hand.loopMs);
  chaos.restoreDetectMs.push(...framework.restoreDetectMs);
  chaos.lost.ours += framework.expected - framework.answered;
  chaos.lost.baseline += hand.expected - hand.answered;
  chaos.phases.ours.push(framework.phases);
  chaos.phases.baseline.push(hand.phases);
  chaos.readinessProbes.push(hand.readinessProbes);
  chaos.readyPollMs = hand.readyPollMs;
}
/** Median over the rounds of each phase, per iteration. */
const phaseMedians = (list) =>
  Object.fromEntries(
    Object.keys(list[0] ?? {}).map((phase) => [
      phase,
      round(median(list.map((phases) => phases[phase])) / config.chaosIterations, 1),
    ]),
  );
const chaosPhases = { ours: phaseMedians(chaos.phases.ours), baseline: phaseMedians(chaos.phases.baseline) };

const skippedThroughput = {
  ...{ count: null, ours: null, wrk: null, autocannon: null, raw: null, vsWrk: null, vsAutocannon: null, vsRaw: null },
  ...{ samples: { ours: [], wrk: [], autocannon: [], raw: [] }, cpuUsPerConnection: {}, failures: {} },
};
if (runs('throughput')) {
  log(
    `throughput: ${config.throughputRounds} rounds of ours, wrk, autocannon and a raw node:net client, ${config.throughputSeconds} s each, concurrency ${config.concurrency}`,
  );
}
const throughput = runs('throughput')
  ? await measureThroughput({
      rounds: config.throughputRounds,
      seconds: config.throughputSeconds,
      concurrency: config.concurrency,
      wrkThreads: config.wrkThreads,
    })
  : skippedThroughput;
if (throughput.wrkMissing) log('wrk is not installed (apt-get install -y wrk): burst_vs_wrk is null');
if (throughput.autocannonMissing) log('autocannon is not installed (npm install): burst_vs_autocannon is null');

const metrics = {
  startup_ratio: round(startup.ratio, 3),
  chaos_loop_ratio: round(median(chaos.ratios), 3),
  burst_vs_wrk: round(throughput.vsWrk, 3),
  burst_vs_autocannon: round(throughput.vsAutocannon, 3),
  restore_detect_ms: round(median(chaos.restoreDetectMs), 3),
};
const met = Object.fromEntries(
  Object.entries(metrics).map(([name, metric]) => {
    const goal = goals[name];
    if (metric === null) return [name, null];
    return [name, goal.max !== undefined ? metric <= goal.max : metric >= goal.min];
  }),
);

const rows = [
  ['startup_ratio', `${round(startup.ours, 1)} ms`, `${round(startup.baseline, 1)} ms`, metrics.startup_ratio],
  [
    'chaos_loop_ratio',
    `${round(median(chaos.ours), 0)} ms`,
    `${round(median(chaos.baseline), 0)} ms`,
    metrics.chaos_loop_ratio,
  ],
  [
    'burst_vs_wrk',
    `${round(throughput.ours, 0)} conn/s`,
    throughput.wrk === null ? 'n/a' : `${round(throughput.wrk, 0)} conn/s`,
    metrics.burst_vs_wrk,
  ],
  [
    'burst_vs_autocannon',
    `${round(throughput.ours, 0)} conn/s`,
    throughput.autocannon === null ? 'n/a' : `${round(throughput.autocannon, 0)} conn/s`,
    metrics.burst_vs_autocannon,
  ],
  ['restore_detect_ms', metrics.restore_detect_ms === null ? 'n/a' : `${metrics.restore_detect_ms} ms`, '-', '-'],
].map(([name, ours, baseline, ratio]) => {
  // A part left out by --only has no figures.
  if (ratio === null && ours.startsWith('null')) [ours, baseline] = ['n/a', 'n/a'];
  const goal = goals[name];
  const goalText = goal.max !== undefined ? `<= ${goal.max}` : `>= ${goal.min}`;
  return [
    name,
    ours,
    baseline,
    ratio === null ? 'n/a' : String(ratio),
    goalText,
    met[name] === null ? 'n/a' : met[name] ? 'yes' : 'NO',
  ];
});
const header = ['metric', 'ours', 'baseline', 'ratio', 'goal', 'met?'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
const line = (cells) =>
  cells
    .map((cell, column) => cell.padEnd(widths[column]))
    .join('  ')
    .trimEnd();

const out = [];
out.push(
  `cluster-chaos benchmarks: node ${facts.node}, ${facts.cpu}, ${facts.cores} cores, load at start ${facts.loadavg.join(' ')}`,
);
out.push('');
out.push(line(header));
out.push(line(widths.map((width) => '-'.repeat(width))));
for (const row of rows) out.push(line(row));
out.push('');
out.push('ratio: median of the per-round ratios (runs interleaved); ours and baseline: medians.');
if (runs('startup'))
  out.push(
    `startup: ${STARTUP_TOPOLOGY}, ${config.startupRounds} rounds; ours ${startup.samples.ours.map((ms) => round(ms, 0)).join(' ')} ms, ` +
      `by hand ${startup.samples.baseline.map((ms) => round(ms, 0)).join(' ')} ms`,
  );
if (runs('chaos'))
  out.push(
    `chaos loop: ${config.chaosTopology}, ${config.chaosIterations} x (burst ${config.chaosBurst}, SIGKILL oldest, replacement ready, burst ${config.chaosBurst}), ` +
      `${config.chaosRounds} rounds; ours ${chaos.ours.map((ms) => round(ms, 0)).join(' ')} ms, by hand ${chaos.baseline.map((ms) => round(ms, 0)).join(' ')} ms; ` +
      `connections not answered: ours ${chaos.lost.ours}, by hand ${chaos.lost.baseline}`,
  );
const phaseText = (phases) =>
  Object.entries(phases)
    .map(([phase, ms]) => `${phase} ${ms}`)
    .join(', ');
if (runs('chaos'))
  out.push(
    `chaos loop per iteration (ms, median of rounds): ours ${phaseText(chaosPhases.ours)}; by hand ${phaseText(chaosPhases.baseline)} ` +
      `(by hand, readiness = a connection answered by the replacement, tried every ${chaos.readyPollMs} ms: ${chaos.readinessProbes.join(', ')} tries per run)`,
  );
const restoreSorted = [...chaos.restoreDetectMs].sort((a, b) => a - b);
if (runs('chaos'))
  out.push(
    `restore detection: ${restoreSorted.length} samples, min ${round(restoreSorted[0], 2)} ms, ` +
      `p90 ${round(restoreSorted[Math.floor(restoreSorted.length * 0.9)], 2)} ms, max ${round(restoreSorted.at(-1), 2)} ms`,
  );
if (runs('throughput'))
  out.push(
    `throughput: http topology, concurrency ${config.concurrency}, ${config.throughputRounds} rounds of ~${config.throughputSeconds} s (ours: bursts of ${throughput.count}); conn/s: ` +
      `ours ${throughput.samples.ours.map((rate) => round(rate, 0)).join(' ')}, wrk -t${config.wrkThreads} ${(throughput.samples.wrk ?? []).map((rate) => round(rate, 0)).join(' ') || 'n/a'}, ` +
      `autocannon ${(throughput.samples.autocannon ?? []).map((rate) => round(rate, 0)).join(' ') || 'n/a'}, ` +
      `raw node:net client ${throughput.samples.raw.map((rate) => round(rate, 0)).join(' ')} (ours / raw: ${round(throughput.vsRaw, 3)}); ` +
      `not answered: ${Object.entries(throughput.failures)
        .map(([name, failed]) => `${name} ${failed}`)
        .join(', ')}`,
  );
if (runs('throughput'))
  out.push(
    `CPU µs per answered connection (median; client / harness reading the probes / cluster): ` +
      Object.entries(throughput.cpuUsPerConnection)
        .map(
          ([name, { client, harness, server }]) =>
            `${name} ${round(client, 0)} / ${round(harness, 0)} / ${round(server, 0)}`,
        )
        .join('; ') +
      ' (ours: the harness is the client)',
  );
const loadAtEnd = loadAverages();
out.push(
  `total ${round((performance.now() - startedAt) / 1000, 1)} s; load at end ${loadAtEnd.join(' ')}` +
    (busyAtStart ? ' (the machine was busy at the start: not comparable with a quiet run)' : ''),
);
console.log(out.join('\n'));

if (json) {
  console.log(
    JSON.stringify({
      machine: { ...facts, loadavg_at_end: loadAtEnd, busy_at_start: busyAtStart },
      config,
      metrics,
      goals,
      met,
      details: {
        startup_ms: { ours: round(startup.ours, 2), baseline: round(startup.baseline, 2), samples: startup.samples },
        chaos_loop_ms: {
          ours: round(median(chaos.ours), 1),
          baseline: round(median(chaos.baseline), 1),
          samples: { ours: chaos.ours, baseline: chaos.baseline },
          per_iteration_phases: chaosPhases,
          lost: chaos.lost,
          readiness_probes: chaos.readinessProbes,
        },
        restore_detect_ms: { samples: chaos.restoreDetectMs },
        burst_per_second: {
          ours: round(throughput.ours, 1),
          wrk: round(throughput.wrk, 1),
          autocannon: round(throughput.autocannon, 1),
          raw_node_client: round(throughput.raw, 1),
          ours_vs_raw_node_client: round(throughput.vsRaw, 3),
          cpu_us_per_connection: throughput.cpuUsPerConnection,
          samples: throughput.samples,
          failures: throughput.failures,
          count: throughput.count,
        },
      },
    }),
  );
}
