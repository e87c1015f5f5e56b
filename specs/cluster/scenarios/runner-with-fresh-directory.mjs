// A test runner stand-in: starts a cluster with a fresh directory through the built package, prints its processes and
// the directory, then waits to be killed.
import { startCluster } from '../../../dist/index.js';

const cluster = await startCluster({
  topology: 'corrected/round-robin',
  workers: 2,
  freshDirectories: ['MY_STATE_DIR'],
});
const pids = cluster.processes.map((process) => process.pid);
process.stdout.write(`${JSON.stringify({ pids, directory: cluster.freshDirectories.MY_STATE_DIR })}\n`);
// Stay alive (with nothing to clean up) until the test kills this process with SIGKILL.
setInterval(() => {}, 60_000);
