// The warm-up ramp behind the throughput benchmark's warm-up: a fresh `http` cluster (2 workers), bursts of
// `--count` connections in a row (concurrency 16), and per burst the rate, this process's CPU µs per connection
// (c: the burst driver and the harness) and the cluster's (s: master and workers, from /proc).
//
//   npm run build && node bench/warm-up-ramp.mjs [--bursts 12] [--count 1000]

import { startCluster } from '../dist/index.js';
import { cpuMs } from './lib.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const bursts = option('bursts', 12);
const count = option('count', 1000);
if (!Number.isInteger(bursts) || bursts < 1 || !Number.isInteger(count) || count < 1) {
  console.error('usage: node bench/warm-up-ramp.mjs [--bursts N] [--count N]');
  process.exit(2);
}

const cluster = await startCluster({ topology: 'http', workers: 2 });
const lines = [];
try {
  for (let index = 0; index < bursts; index++) {
    const pids = [cluster.masterPid, ...cluster.workers];
    const serverBefore = cpuMs(pids);
    const before = process.cpuUsage();
    const result = await cluster.burst({ count, concurrency: 16, protocol: 'http' });
    const used = process.cpuUsage(before);
    const serverMs = cpuMs(pids) - serverBefore;
    const answered = Math.max(1, result.outcomes.answered);
    lines.push(
      `${Math.round(result.answeredPerSecond)}/s c${Math.round((used.user + used.system) / answered)} s${Math.round((serverMs * 1000) / answered)}`,
    );
  }
} finally {
  await cluster.stop();
}
console.log(lines.join('  '));
