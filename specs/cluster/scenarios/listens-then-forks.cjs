// A hand-off master that listens on PORT before it forks its workers (forked once it listens), for the wrapper specs:
// under a wrapper it is, until it forks, the only child of the wrapper, and it already listens on the port.
'use strict';
const childProcess = require('node:child_process');
const net = require('node:net');

const WORKERS = Math.max(1, Number(process.env.WORKERS) || 1);
if (process.argv[2] === 'worker') {
  process.on('message', (_message, socket) => {
    if (socket) socket.end(`handle by worker: ${process.pid}`);
  });
  process.on('disconnect', () => process.exit(0));
} else {
  const workers = [];
  let next = 0;
  const server = net.createServer({ pauseOnConnect: true }, (socket) => {
    socket.on('error', () => {});
    const live = workers.filter((worker) => worker.connected);
    if (live.length === 0) return void socket.destroy();
    live[next++ % live.length].send('socket', socket);
  });
  server.listen(Number(process.env.PORT), '127.0.0.1', () => {
    for (let i = 0; i < WORKERS; i++) workers.push(childProcess.fork(__filename, ['worker']));
  });
  process.on('SIGTERM', () => {
    server.close();
    for (const worker of workers) if (worker.connected) worker.disconnect();
    setTimeout(() => process.exit(0), 100).unref();
  });
}
