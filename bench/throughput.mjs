// burst_vs_wrk and burst_vs_autocannon: fresh connections per second of cluster.burst against the `http` topology
// (node:cluster, 2 workers), of wrk (-H 'Connection: close') and of autocannon (-H Connection=close) against the
// same server, in the same run, at the same concurrency, interleaved (the order rotating each round). A fourth
// client, bench/raw-node-client.mjs (node:net and nothing else), shows what any Node client can do here.
//
// Each run also records the CPU time it cost, per answered connection: the client's (for ours: this process, which
// also reads the probes' reports), this process's reading of the probes' reports while another client runs
// ("harness"), and the cluster's (master and workers, from /proc). On a machine whose cores are all busy, the
// rate is about cores / (client + harness + server) per connection: that is where the time goes.
//
// autocannon's -D/--reconnectRate 1 would be the natural "fresh connection per request", but autocannon 9 then never
// counts a response (it resets the connection before recording it): the server closing after each response, on the
// request's `Connection: close`, makes autocannon reconnect for every request instead.

import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startCluster } from '../dist/index.js';
import { cpuMs, median } from './lib.mjs';

const require = createRequire(import.meta.url);
const rawClient = fileURLToPath(new URL('./raw-node-client.mjs', import.meta.url));

export function wrkAvailable() {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
}

function autocannonPath() {
  try {
    return require.resolve('autocannon/autocannon.js');
  } catch {
    return undefined;
  }
}

/** Runs a client process to its end; resolves with its stdout and its CPU ms (its last /proc reading, every 20 ms). */
function runClient(command, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let cpu = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const sampler = setInterval(() => {
      const used = cpuMs([child.pid]);
      if (used > 0) cpu = used;
    }, 20);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearInterval(sampler);
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearInterval(sampler);
      clearTimeout(timer);
      resolve({ code, stdout, stderr, cpu });
    });
  });
}

async function runOurs(cluster, count, concurrency) {
  const before = process.cpuUsage();
  const result = await cluster.burst({ count, concurrency, protocol: 'http' });
  const used = process.cpuUsage(before);
  return {
    answered: result.outcomes.answered,
    seconds: result.durationMs / 1000,
    failed: count - result.outcomes.answered,
    clientCpuMs: (used.user + used.system) / 1000,
    ownProcess: true,
  };
}

async function runWrk(url, seconds, concurrency, threads) {
  const { code, stdout, stderr, cpu } = await runClient(
    'wrk',
    [`-t${threads}`, `-c${concurrency}`, `-d${seconds}s`, '-H', 'Connection: close', url],
    (seconds + 30) * 1000,
  );
  const total = stdout.match(/(\d+) requests in ([\d.]+)(m?s)/);
  if (code !== 0 || !total) throw new Error(`wrk failed (${code}): ${stderr || stdout}`);
  const errors = stdout.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const non2xx = stdout.match(/Non-2xx or 3xx responses: (\d+)/);
  const failed =
    (errors ? errors.slice(1).reduce((sum, value) => sum + Number(value), 0) : 0) + (non2xx ? Number(non2xx[1]) : 0);
  const elapsed = Number(total[2]) / (total[3] === 'ms' ? 1000 : 1);
  return { answered: Number(total[1]) - (non2xx ? Number(non2xx[1]) : 0), seconds: elapsed, failed, clientCpuMs: cpu };
}

async function runAutocannon(script, url, seconds, concurrency) {
  const { code, stdout, stderr, cpu } = await runClient(
    process.execPath,
    [script, '-c', String(concurrency), '-d', String(seconds), '-H', 'Connection=close', '-j', url],
    (seconds + 30) * 1000,
  );
  let result;
  try {
    result = JSON.parse(stdout.trim().split('\n').pop());
  } catch {
    throw new Error(`autocannon failed (${code}): ${stderr.slice(-500)}`);
  }
  return {
    answered: result['2xx'],
    seconds: result.duration,
    failed: result.errors + result.timeouts + result.non2xx,
    clientCpuMs: cpu,
  };
}

async function runRaw(port, seconds, concurrency) {
  const { code, stdout, stderr, cpu } = await runClient(
    process.execPath,
    [rawClient, String(port), String(seconds), String(concurrency)],
    (seconds + 30) * 1000,
  );
  let result;
  try {
    result = JSON.parse(stdout.trim().split('\n').pop());
  } catch {
    throw new Error(`raw-node-client failed (${code}): ${stderr.slice(-500)}`);
  }
  return { answered: result.answered, seconds: result.seconds, failed: result.failed, clientCpuMs: cpu };
}

/**
 * Starts one `http` cluster, warms it and every client up, sizes our burst to about `seconds` s, then runs
 * `rounds` rounds of ours, wrk, autocannon and the raw node:net client. Ratios are the medians of the per-round
 * ratios (ours over the other). Per client: the median rate, and the median CPU µs per answered connection
 * (client, harness, server).
 */
export async function measureThroughput({ rounds, seconds, concurrency, wrkThreads }) {
  const hasWrk = wrkAvailable();
  const autocannon = autocannonPath();
  const cluster = await startCluster({ topology: 'http', workers: 2 });
  try {
    const url = `http://127.0.0.1:${cluster.port}/`;
    const server = [cluster.masterPid, ...cluster.workers];
    // Warm up first. The cluster's workers and this process's burst driver are JIT-compiled as they run: on a fresh
    // cluster, bursts of 1000 go from ~1100 conn/s (cluster ~1000 µs of CPU per connection, ours ~560) to ~3000
    // (~400 and ~200) over the first ~7000 connections, and keep improving a little after. Timed from the start,
    // the first rounds would time a cold server (every client alike) and a cold client (ours only: wrk is native,
    // autocannon and the raw client start a fresh process every round anyway). So: 10 000 connections of ours, one
    // untimed run of every other client, then our burst sized from a warm rate, so that its rounds last about as
    // long as the others'.
    const others = {
      wrk: hasWrk ? () => runWrk(url, seconds, concurrency, wrkThreads) : undefined,
      autocannon: autocannon ? () => runAutocannon(autocannon, url, seconds, concurrency) : undefined,
      raw: () => runRaw(cluster.port, seconds, concurrency),
    };
    await cluster.burst({ count: 10_000, concurrency, protocol: 'http' });
    for (const run of Object.values(others)) await run?.();
    const sizing = await cluster.burst({ count: 2000, concurrency, protocol: 'http' });
    const count = Math.max(1000, Math.round(sizing.answeredPerSecond * seconds));
    const runners = { ours: () => runOurs(cluster, count, concurrency), ...others };
    const names = Object.keys(runners);
    const samples = Object.fromEntries(names.map((name) => [name, []]));
    const cpu = Object.fromEntries(names.map((name) => [name, []]));
    const failures = Object.fromEntries(names.map((name) => [name, 0]));
    for (let index = 0; index < rounds; index++) {
      const order = names.map((_, offset) => names[(index + offset) % names.length]);
      for (const name of order) {
        if (!runners[name]) continue;
        const serverBefore = cpuMs(server);
        const harnessBefore = process.cpuUsage();
        const sample = await runners[name]();
        const harness = process.cpuUsage(harnessBefore);
        const serverMs = cpuMs(server) - serverBefore;
        const perConnection = (ms) => (sample.answered > 0 ? (ms * 1000) / sample.answered : null);
        samples[name].push(sample.answered / sample.seconds);
        failures[name] += sample.failed;
        cpu[name].push({
          client: perConnection(sample.clientCpuMs),
          harness: sample.ownProcess ? 0 : perConnection((harness.user + harness.system) / 1000),
          server: perConnection(serverMs),
        });
      }
    }
    const ratioTo = (name) =>
      samples[name].length === 0 ? null : median(samples.ours.map((ours, index) => ours / samples[name][index]));
    const cpuMedians = Object.fromEntries(
      names
        .filter((name) => cpu[name].length > 0)
        .map((name) => [
          name,
          Object.fromEntries(
            ['client', 'harness', 'server'].map((part) => [part, median(cpu[name].map((entry) => entry[part]))]),
          ),
        ]),
    );
    return {
      count,
      ours: median(samples.ours),
      wrk: hasWrk ? median(samples.wrk) : null,
      autocannon: autocannon ? median(samples.autocannon) : null,
      raw: median(samples.raw),
      vsWrk: ratioTo('wrk'),
      vsAutocannon: ratioTo('autocannon'),
      vsRaw: ratioTo('raw'),
      samples,
      cpuUsPerConnection: cpuMedians,
      failures,
      wrkMissing: !hasWrk,
      autocannonMissing: !autocannon,
    };
  } finally {
    const { orphans } = await cluster.stop();
    if (orphans.length > 0) console.error(`throughput: orphans after stop: ${JSON.stringify(orphans)}`);
  }
}
