// A test runner stand-in: starts a cluster through the built package, prints its processes, then waits to be killed.
import { startCluster } from '../../../dist/index.js';

const cluster = await startCluster({ topology: process.argv[2] ?? 'corrected/round-robin', workers: 2 });
const pids = cluster.processes.map((process) => process.pid);
process.stdout.write(`${JSON.stringify({ pids, group: cluster.processGroup })}\n`);
// Stay alive (with nothing to clean up) until the test kills this process with SIGKILL.
setInterval(() => {}, 60_000);
