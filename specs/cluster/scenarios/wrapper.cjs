// A wrapper as launchers are (tsx's CLI, a process manager's front): a node process that runs the app as its only
// child, without an IPC channel, passes SIGTERM on, and exits as the app exits.
'use strict';
const { spawn } = require('node:child_process');
const app = spawn(process.execPath, process.argv.slice(2), { stdio: 'inherit' });
process.on('SIGTERM', () => app.kill('SIGTERM'));
app.on('exit', (code, signal) => process.exit(signal ? 1 : code));
