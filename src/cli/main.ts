#!/usr/bin/env node
// The cluster-chaos command: `check` runs a property-based resilience check of a cluster.

import { runCheckCommand } from './check-command.js';
import { checkUsage } from './parse-check-args.js';

const [subcommand, ...rest] = process.argv.slice(2);
const io = { stdout: process.stdout, stderr: process.stderr };

if (subcommand === 'check') {
  process.exitCode = await runCheckCommand(rest, io);
} else if (subcommand === undefined || subcommand === '--help' || subcommand === '-h' || subcommand === 'help') {
  process.stdout.write(`${checkUsage}\n`);
  process.exitCode = subcommand === undefined ? 2 : 0;
} else {
  process.stderr.write(`cluster-chaos: unknown command ${JSON.stringify(subcommand)} (the command is: cluster-chaos check)\n`);
  process.exitCode = 2;
}
