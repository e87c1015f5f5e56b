#!/usr/bin/env node
// The PM2 reload investigation, reproducible: `npm run build && node scripts/pm2-reload.mjs [options]`.
//
// Starts `pm2-runtime start fixtures/pm2/app.js -i 2` through cluster-chaos (command mode, PM2_HOME in a fresh temp
// folder), then N times: runs `pm2 reload <name>` (same PM2_HOME) while bursts of connections run back to back,
// records `reload` start/end events around it (the end: the command has exited, every worker of before has exited,
// and the baseline count is ready again), and counts each connection opened inside the reload by outcome. At the end
// it judges the whole history with every-connection-answered (a reload excuses no loss) and prints its evidence.
//
// Options: --reloads N (20), --protocol tcp|http (tcp), --keep-alive (HTTP: requests share sockets), --burst N (20
// connections per burst), --concurrency N (4), --sched-none (NODE_CLUSTER_SCHED_POLICY=none: PM2's workers accept
// from the shared socket, no hand-off by the master), --json (one JSON line at the end).

import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { everyConnectionAnswered, startCluster } from '../dist/index.js';
import { formatEvents } from '../dist/history/format.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const pm2 = join(root, 'node_modules', 'pm2', 'bin', 'pm2');
const { values } = parseArgs({
  options: {
    reloads: { type: 'string', default: '20' },
    protocol: { type: 'string', default: 'tcp' },
    'keep-alive': { type: 'boolean', default: false },
    burst: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '4' },
    'sched-none': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const reloads = Number(values.reloads);
const protocol = values.protocol === 'http' ? 'http' : 'tcp';
const keepAlive = values['keep-alive'];
if (keepAlive && protocol !== 'http') throw new Error('--keep-alive needs --protocol http');
const burstSize = Number(values.burst);
const concurrency = Number(values.concurrency);
const name = 'cluster-chaos-app';
const outcomeNames = ['answered', 'refused', 'reset', 'closed-empty', 'timeout'];
const log = (line) => values.json || console.log(line);

const home = mkdtempSync(join(tmpdir(), 'cluster-chaos-pm2-home-'));
/** `pm2 reload` as a user runs it: its own process, this PM2_HOME, no probe; bounded. */
function runPm2(...args) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [pm2, ...args],
      { cwd: root, env: { ...process.env, PM2_HOME: home }, timeout: 30_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`pm2 ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`))
          : resolve(stdout),
    );
  });
}

/** Processes that run with this PM2_HOME (a God daemon `pm2 reload` might have spawned, a worker): none must be left. */
function processesOfHome() {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environment = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (environment.includes(`PM2_HOME=${home}`) || command.includes(home)) found.push(`${entry} ${command}`);
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

const cluster = await startCluster({
  command: ['npx', 'pm2-runtime', 'start', 'fixtures/pm2/app.js', '-i', '2', '--name', name],
  cwd: root,
  workers: 2,
  protocol,
  env: { PM2_HOME: home, PROTOCOL: protocol, ...(values['sched-none'] ? { NODE_CLUSTER_SCHED_POLICY: 'none' } : {}) },
  // `pm2 reload` below runs with this script's own PM2_HOME, which no other cluster uses: no fresh one on top.
  freshDirectories: [],
  readyTimeoutMs: 30_000,
});
const perReload = [];
let verdict;
try {
  log(
    `PM2 ${JSON.parse(readFileSync(join(root, 'node_modules/pm2/package.json'), 'utf8')).version}, Node ${process.version}, ${protocol}${keepAlive ? ' keep-alive' : ''}${values['sched-none'] ? ', NODE_CLUSTER_SCHED_POLICY=none' : ''}, master ${cluster.masterPid}, workers ${cluster.workers.join(', ')}`,
  );
  for (let index = 1; index <= reloads; index++) {
    const before = cluster.workers;
    const how = `pm2 reload ${name}`;
    const startedAt = cluster.clock.now();
    cluster.history.record({ type: 'reload', t: startedAt, phase: 'start', how });
    let commandDone = false;
    const command = runPm2('reload', name).finally(() => (commandDone = true));
    // Load for as long as the reload runs: bursts back to back, recorded in the history.
    const load = (async () => {
      while (!commandDone)
        await cluster.burst({
          count: burstSize,
          concurrency,
          timeoutMs: 3000,
          ...(keepAlive ? { keepAlive: true } : {}),
        });
    })();
    await command;
    const newWorkers = await cluster.waitUntil(
      () => {
        const oldGone = before.every((pid) =>
          cluster.processes.some((process) => process.pid === pid && !process.alive),
        );
        const fresh = cluster.workers.filter((pid) => !before.includes(pid));
        return oldGone && fresh.length >= cluster.workerCount ? fresh : undefined;
      },
      `the old workers (${before.join(', ')}) to exit and ${cluster.workerCount} new workers to be ready after ${how}`,
      20_000,
    );
    const endedAt = cluster.clock.now();
    cluster.history.record({ type: 'reload', t: endedAt, phase: 'end', how });
    await load;
    const opened = new Map(
      cluster.history
        .ofType('connection-open')
        .filter((event) => event.t >= startedAt && event.t <= endedAt)
        .map((event) => [event.connection, event]),
    );
    const counts = Object.fromEntries(outcomeNames.map((outcome) => [outcome, 0]));
    for (const close of cluster.history.ofType('connection-close'))
      if (opened.has(close.connection)) counts[close.outcome]++;
    perReload.push({
      reload: index,
      ms: Math.round(endedAt - startedAt),
      old: before,
      new: newWorkers,
      connections: opened.size,
      ...counts,
    });
    log(
      `reload ${String(index).padStart(2)}: ${String(opened.size).padStart(4)} connections in ${Math.round(endedAt - startedAt)} ms: ${outcomeNames.map((outcome) => `${outcome} ${counts[outcome]}`).join(', ')}  (workers ${before.join(',')} -> ${newWorkers.join(',')})`,
    );
  }
  await cluster.flush();
  verdict = everyConnectionAnswered(cluster.history.events);
} finally {
  await cluster.stop();
  rmSync(home, { recursive: true, force: true });
}

/** Where a lost connection sits against the old workers' exits: the one closest in time to its opening. */
function lostNextToExits(events) {
  const opened = new Map(
    events.filter((event) => event.type === 'connection-open').map((event) => [event.connection, event.t]),
  );
  const exits = events.filter((event) => event.type === 'process-exit' && event.role === 'worker');
  return events
    .filter((event) => event.type === 'connection-close' && event.outcome !== 'answered')
    .map((close) => {
      const at = opened.get(close.connection);
      const nearest = exits.reduce(
        (best, exit) => (best === undefined || Math.abs(exit.t - at) < Math.abs(best.t - at) ? exit : best),
        undefined,
      );
      const delta =
        nearest === undefined
          ? ''
          : `; worker ${nearest.pid} exited ${Math.abs(nearest.t - at).toFixed(1)} ms ${nearest.t >= at ? 'after' : 'before'} it opened`;
      return `#${close.connection} ${close.outcome}${close.errorCode ? ` (${close.errorCode})` : ''}, opened at ${at.toFixed(1)} ms${delta}`;
    });
}

const totals = Object.fromEntries(
  ['connections', ...outcomeNames].map((key) => [key, perReload.reduce((sum, row) => sum + row[key], 0)]),
);
const lossy = perReload.filter((row) => row.answered < row.connections).length;
const left = processesOfHome();
if (values.json) {
  console.log(
    JSON.stringify({
      protocol,
      keepAlive,
      schedNone: values['sched-none'],
      reloads,
      reloadsWithLoss: lossy,
      totals,
      perReload,
      verdict: { status: verdict.status, message: verdict.message },
      leftAfterStop: left,
    }),
  );
} else {
  log(
    `\ntotal over ${reloads} reloads: ${totals.connections} connections opened during a reload: ${outcomeNames.map((outcome) => `${outcome} ${totals[outcome]}`).join(', ')}; reloads with a loss: ${lossy} of ${reloads}`,
  );
  log(`every-connection-answered: ${verdict.status}: ${verdict.message}`);
  if (verdict.status !== 'pass') {
    log(`evidence (first 40 events):\n${formatEvents(verdict.evidence.slice(0, 40), '  ')}`);
    log('each lost connection, next to the exit of the old worker closest in time:');
    for (const line of lostNextToExits(cluster.history.events)) log(`  ${line}`);
  }
  log(`left after stop with this PM2_HOME: ${left.length === 0 ? 'nothing' : left.join('; ')}`);
}
