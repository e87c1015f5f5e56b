// startup_ratio: startCluster (2 workers) until it resolves, against `node master.js` by hand until its first
// answered connection. The same fixture (node-cluster/round-robin); the two are interleaved, in this process.

import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startCluster } from '../dist/index.js';
import { freePort, median, sleep } from './lib.mjs';

export const STARTUP_TOPOLOGY = 'node-cluster/round-robin';
const entry = fileURLToPath(new URL(`../fixtures/${STARTUP_TOPOLOGY}/master.js`, import.meta.url));

/** Milliseconds from the call of startCluster to its resolving (the stop is not timed). */
export async function frameworkStartup() {
  const started = performance.now();
  const cluster = await startCluster({ topology: STARTUP_TOPOLOGY, workers: 2 });
  const elapsed = performance.now() - started;
  const { orphans } = await cluster.stop();
  if (orphans.length > 0) throw new Error(`orphans after stop: ${JSON.stringify(orphans)}`);
  return elapsed;
}

/** One connection: true if it was answered (some bytes, then the end). */
function answered(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let bytes = 0;
    const finish = (value) => {
      socket.destroy();
      resolve(value);
    };
    socket.on('data', (chunk) => (bytes += chunk.length));
    socket.on('end', () => finish(bytes > 0));
    socket.on('error', () => finish(bytes > 0));
    socket.on('close', () => finish(bytes > 0));
  });
}

/**
 * Milliseconds from spawning `node master.js` (PORT, WORKERS=2) until a connection to its port is first answered,
 * trying every millisecond. Then the whole group is stopped (not timed).
 */
export async function handStartup() {
  const port = await freePort();
  const started = performance.now();
  const master = spawn(process.execPath, [entry], {
    env: { ...process.env, PORT: String(port), WORKERS: '2' },
    stdio: 'ignore',
    detached: true,
  });
  const exited = new Promise((resolve) => master.once('exit', resolve));
  let elapsed;
  try {
    const deadline = started + 10_000;
    for (;;) {
      if (await answered(port)) break;
      if (performance.now() > deadline) throw new Error(`node ${entry} answered no connection within 10 s`);
      await sleep(1);
    }
    elapsed = performance.now() - started;
  } finally {
    try {
      process.kill(-master.pid, 'SIGTERM');
    } catch {
      // Gone.
    }
    await Promise.race([exited, sleep(3000)]);
    try {
      process.kill(-master.pid, 'SIGKILL');
    } catch {
      // The group is empty.
    }
  }
  return elapsed;
}

/** One untimed warm-up of each, then `rounds` interleaved pairs (the order alternating). */
export async function measureStartup(rounds) {
  await frameworkStartup();
  await handStartup();
  const ours = [];
  const baseline = [];
  const ratios = [];
  for (let index = 0; index < rounds; index++) {
    let framework;
    let hand;
    if (index % 2 === 0) {
      framework = await frameworkStartup();
      hand = await handStartup();
    } else {
      hand = await handStartup();
      framework = await frameworkStartup();
    }
    ours.push(framework);
    baseline.push(hand);
    ratios.push(framework / hand);
  }
  return { ours: median(ours), baseline: median(baseline), ratio: median(ratios), samples: { ours, baseline } };
}
