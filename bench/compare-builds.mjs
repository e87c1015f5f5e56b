// A paired A/B of builds of this package on the burst path: `node bench/compare-builds.mjs [--rounds R] [--count N]
// NAME=DIR ...`, each DIR a checkout with its build (DIR/dist/index.js; its probe comes from DIR/src). One `http`
// cluster (2 workers) per build, all up at once; each round bursts every build twice, in a rotating order and then
// in reverse, so that a change of the machine's load hits them alike. Prints one JSON line: per build the median
// conn/s and CPU µs per answered connection (this process, which is the client and reads the probes; the cluster's
// processes, from /proc), and the median per-round rate ratio of each build to the first. Not part of npm test.
//
// Example (the probe's report path, before and after): copy the old tree to /tmp/old, build it there, then
//   npm run build && node bench/compare-builds.mjs old=/tmp/old new=.

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpuMs, median } from './lib.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args.splice(index, 2)[1]) : fallback;
};
const rounds = option('rounds', 12);
const count = option('count', 1000);
const builds = args.map((arg) => {
  const [name, directory] = arg.includes('=') ? arg.split('=') : [arg, arg];
  return { name, directory: resolve(directory) };
});
if (builds.length < 2 || !Number.isInteger(rounds) || !Number.isInteger(count)) {
  console.error('usage: node bench/compare-builds.mjs [--rounds R] [--count N] NAME=DIR NAME=DIR ...');
  process.exit(2);
}

const clusters = new Map();
try {
  for (const build of builds) {
    const { startCluster } = await import(pathToFileURL(`${build.directory}/dist/index.js`).href);
    clusters.set(build.name, await startCluster({ topology: 'http', workers: 2 }));
  }
  const samples = new Map(builds.map((build) => [build.name, []]));
  for (const cluster of clusters.values()) await cluster.burst({ count: 500, concurrency: 16, protocol: 'http' });
  for (let round = 0; round < rounds; round++) {
    const rotated = builds.map((_, offset) => builds[(round + offset) % builds.length].name);
    for (const name of [...rotated, ...rotated.slice().reverse()]) {
      const cluster = clusters.get(name);
      const server = [cluster.masterPid, ...cluster.workers];
      const serverBefore = cpuMs(server);
      const before = process.cpuUsage();
      const result = await cluster.burst({ count, concurrency: 16, protocol: 'http' });
      const used = process.cpuUsage(before);
      const answered = result.outcomes.answered;
      samples.get(name).push({
        rate: (answered * 1000) / result.durationMs,
        clientUs: (used.user + used.system) / answered,
        serverUs: ((cpuMs(server) - serverBefore) * 1000) / answered,
      });
    }
  }
  const first = samples.get(builds[0].name);
  const summary = Object.fromEntries(
    builds.map(({ name }) => {
      const list = samples.get(name);
      return [
        name,
        {
          connPerSecond: Math.round(median(list.map((sample) => sample.rate))),
          clientUsPerConnection: Math.round(median(list.map((sample) => sample.clientUs))),
          clusterUsPerConnection: Math.round(median(list.map((sample) => sample.serverUs))),
          rateRatioToFirst: Number(median(list.map((sample, index) => sample.rate / first[index].rate)).toFixed(3)),
        },
      ];
    }),
  );
  console.log(JSON.stringify({ rounds, count, burstsEach: first.length, builds: summary }));
} finally {
  for (const cluster of clusters.values()) await cluster.stop();
}
