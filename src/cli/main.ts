#!/usr/bin/env node
// The cluster-chaos command: `check` runs a property-based resilience check of a cluster; `merge` joins shards' results.

import { packageVersion as version } from './_internals/package-version.js';
import { runCheckCommand } from './check-command.js';
import { checkUsage } from './check-usage.js';
import { runMergeCommand } from './merge-command.js';

const [subcommand, ...rest] = process.argv.slice(2);
const io = { stdout: process.stdout, stderr: process.stderr };

if (
  subcommand === '--version' ||
  subcommand === '-v' ||
  (subcommand === 'check' && rest.length === 1 && rest[0] === '--version')
) {
  process.stdout.write(`cluster-chaos ${version()}\n`);
} else if (subcommand === 'check') {
  process.exitCode = await runCheckCommand(rest, io);
} else if (subcommand === 'merge') {
  process.exitCode = await runMergeCommand(rest, io);
} else if (subcommand === undefined || subcommand === '--help' || subcommand === '-h' || subcommand === 'help') {
  process.stdout.write(`${checkUsage}\n`);
  process.exitCode = subcommand === undefined ? 2 : 0;
} else {
  process.stderr.write(
    `cluster-chaos: unknown command ${JSON.stringify(subcommand)} (the commands: cluster-chaos check, cluster-chaos merge)\n`,
  );
  process.exitCode = 2;
}
