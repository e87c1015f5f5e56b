// The framework side of chaos_loop_ratio and the source of restore_detect_ms.
//
//   node bench/chaos-framework.mjs [--iterations 20] [--burst 20] [--concurrency 16] [--topology buggy/restart-storm]
//
// Starts the topology (2 workers; see main.mjs for why buggy/restart-storm) with startCluster, then, timed, `iterations` times:
// cluster.burst, cluster.crash(SIGKILL, oldest), cluster.waitForWorkers(2, { exclude: [killed] }), cluster.burst.
// Prints one JSON line: { loopMs, phases, answered, expected, restoreDetectMs: [...] }, where each restoreDetectMs is the
// history clock when waitForWorkers resolved minus the `t` of the replacement's `listening` event (its probe's
// stamp). Not timed: the start and the stop.

import { startCluster } from '../dist/index.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const ITERATIONS = option('iterations', 20);
const BURST = option('burst', 20);
const CONCURRENCY = option('concurrency', 16);
const topologyIndex = args.indexOf('--topology');
const TOPOLOGY = topologyIndex >= 0 ? args[topologyIndex + 1] : 'buggy/restart-storm';

const cluster = await startCluster({ topology: TOPOLOGY, workers: 2 });
try {
  const restores = [];
  // Per phase, ms summed over the iterations: first burst, kill until gone, until the replacement is ready, second burst.
  const phases = { burst1: 0, kill: 0, replace: 0, burst2: 0 };
  let answered = 0;
  const started = performance.now();
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const t0 = performance.now();
    answered += (await cluster.burst({ count: BURST, concurrency: CONCURRENCY })).outcomes.answered;
    const t1 = performance.now();
    const before = cluster.workers;
    const landed = await cluster.crash({ kind: 'SIGKILL', target: 'oldest' });
    const t2 = performance.now();
    const ready = await cluster.waitForWorkers(2, { exclude: [landed.pid] });
    const detectedAt = cluster.clock.now();
    const t3 = performance.now();
    restores.push({ replacement: ready.find((pid) => !before.includes(pid)), detectedAt });
    answered += (await cluster.burst({ count: BURST, concurrency: CONCURRENCY })).outcomes.answered;
    const t4 = performance.now();
    phases.burst1 += t1 - t0;
    phases.kill += t2 - t1;
    phases.replace += t3 - t2;
    phases.burst2 += t4 - t3;
  }
  const loopMs = performance.now() - started;
  const listening = cluster.history.ofType('listening');
  const restoreDetectMs = restores.map(({ replacement, detectedAt }) => {
    const event = listening.find((candidate) => candidate.pid === replacement && candidate.port === cluster.port);
    return event === undefined ? null : detectedAt - event.t;
  });
  console.log(JSON.stringify({ loopMs, phases, answered, expected: ITERATIONS * BURST * 2, restoreDetectMs }));
} finally {
  const { orphans } = await cluster.stop();
  if (orphans.length > 0) console.error(`chaos-framework: orphans after stop: ${JSON.stringify(orphans)}`);
}
