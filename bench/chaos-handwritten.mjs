// The baseline of chaos_loop_ratio: the chaos loop written by hand, in one file, with node:net and /proc only.
//
//   node bench/chaos-handwritten.mjs [--iterations 20] [--burst 20] [--concurrency 16] [--topology buggy/restart-storm]
//
// Starts fixtures/<topology>/master.js (2 workers; a node:cluster master whose workers answer `...: <pid>`), then, timed, `iterations` times: a burst of
// `burst` fresh TCP connections, SIGKILL of the oldest worker, wait until it is gone (/proc: every thread), wait for the
// replacement (a new child of the master in /proc, then ready: a connection answered by its pid), a second burst.
// Prints one JSON line: { loopMs, phases, answered, expected, readinessProbes, readyPollMs }. Not timed: the start and the stop.
//
// The /proc waits poll every 1 ms. The readiness connection is tried every 10 ms (--ready-poll-ms): tried every 1 or
// 3 ms, the tries (60 or more per replacement) slow the replacement's boot on 2 cores more than they save; every 10
// to 30 ms was the fastest loop here.

import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const ITERATIONS = option('iterations', 20);
const BURST = option('burst', 20);
const CONCURRENCY = option('concurrency', 16);
/** How often /proc is read while waiting for the victim's death and for its replacement (--poll-ms). */
const POLL_MS = option('poll-ms', 1);
/** How often a connection is tried to see whether the replacement is ready (see main.mjs for the choice). */
const READY_POLL_MS = option('ready-poll-ms', 10);
const CONNECTION_TIMEOUT_MS = 5000;
const topologyIndex = args.indexOf('--topology');
const TOPOLOGY = topologyIndex >= 0 ? args[topologyIndex + 1] : 'buggy/restart-storm';
const entry = fileURLToPath(new URL(`../fixtures/${TOPOLOGY}/master.js`, import.meta.url));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check, timeoutMs = 10_000, intervalMs = POLL_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

function state(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

const alive = (pid) => {
  const s = state(pid);
  return s !== undefined && s !== 'Z' && s !== 'X';
};

/**
 * Gone: reaped, or a zombie with no thread left but its leader. SIGKILLed, a node process's main thread is a zombie
 * within a fraction of a millisecond, but its other threads take several more (about 9 ms here) to exit; its file
 * descriptors (its sockets) are closed, and its parent told, only once the last one has.
 */
function gone(pid) {
  const s = state(pid);
  if (s === undefined) return true;
  if (s !== 'Z' && s !== 'X') return false;
  try {
    return readdirSync(`/proc/${pid}/task`).length <= 1;
  } catch {
    return true;
  }
}

function childrenOf(pid) {
  const children = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    let text = '';
    try {
      text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const field of text.split(' ')) if (field !== '' && alive(Number(field))) children.push(Number(field));
  }
  return children;
}

/** One fresh connection: the reply (everything until the server ends it), or null (refused, reset, timeout). */
function connectOnce(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const finish = (value) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => finish(null), CONNECTION_TIMEOUT_MS);
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (reply += chunk));
    socket.on('end', () => finish(reply === '' ? null : reply));
    socket.on('error', () => finish(reply === '' ? null : reply));
    socket.on('close', () => finish(reply === '' ? null : reply));
  });
}

/** `count` connections, at most `concurrency` at a time: how many were answered. */
async function burst(port, count, concurrency) {
  let started = 0;
  let answered = 0;
  const lane = async () => {
    while (started < count) {
      started++;
      if ((await connectOnce(port)) !== null) answered++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(count, concurrency) }, lane));
  return answered;
}

const pidOfReply = (reply) => (reply === null ? undefined : Number(reply.slice(reply.lastIndexOf(':') + 1)));

const port = await new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = server.address();
    server.close(() => resolve(free));
  });
});
const master = spawn(process.execPath, [entry], {
  env: { ...process.env, PORT: String(port), WORKERS: '2' },
  stdio: 'ignore',
  detached: true,
});
const masterExited = new Promise((resolve) => master.once('exit', resolve));
let readinessProbes = 0;

try {
  // Not timed: up, with both workers answering.
  const seen = new Set();
  await until(async () => {
    const pid = pidOfReply(await connectOnce(port));
    if (pid) seen.add(pid);
    return seen.size >= 2;
  });
  // Oldest first: the order in which the master forked them (the lower start time, /proc stat field 22).
  const startTime = (pid) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[19]);
  const workers = [...seen].sort((a, b) => startTime(a) - startTime(b) || a - b);

  // Per phase, ms summed over the iterations: first burst, kill until gone, until the replacement is ready, second burst.
  const phases = { burst1: 0, kill: 0, replace: 0, burst2: 0 };
  let answered = 0;
  const started = performance.now();
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const t0 = performance.now();
    answered += await burst(port, BURST, CONCURRENCY);
    const t1 = performance.now();
    const victim = workers.shift();
    process.kill(victim, 'SIGKILL');
    await until(() => gone(victim));
    const t2 = performance.now();
    const replacement = await until(() =>
      childrenOf(master.pid).find((pid) => pid !== victim && !workers.includes(pid)),
    );
    await until(
      async () => {
        readinessProbes++;
        return pidOfReply(await connectOnce(port)) === replacement;
      },
      10_000,
      READY_POLL_MS,
    );
    const t3 = performance.now();
    workers.push(replacement);
    answered += await burst(port, BURST, CONCURRENCY);
    const t4 = performance.now();
    phases.burst1 += t1 - t0;
    phases.kill += t2 - t1;
    phases.replace += t3 - t2;
    phases.burst2 += t4 - t3;
  }
  const loopMs = performance.now() - started;
  console.log(
    JSON.stringify({
      loopMs,
      phases,
      answered,
      expected: ITERATIONS * BURST * 2,
      readinessProbes,
      readyPollMs: READY_POLL_MS,
    }),
  );
} finally {
  try {
    process.kill(-master.pid, 'SIGTERM');
  } catch {
    // Gone.
  }
  await Promise.race([masterExited, sleep(3000)]);
  try {
    process.kill(-master.pid, 'SIGKILL');
  } catch {
    // The group is empty.
  }
}
