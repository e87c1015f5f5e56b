#!/usr/bin/env node
// The cluster-chaos command: `check` runs a property-based resilience check of a cluster.

import { readFileSync } from 'node:fs';
import { runCheckCommand } from './check-command.js';
import { checkUsage } from './check-usage.js';

/** The package's version, from its package.json (two levels up from dist/cli/ and src/cli/ alike). */
function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;
}

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
} else if (subcommand === undefined || subcommand === '--help' || subcommand === '-h' || subcommand === 'help') {
  process.stdout.write(`${checkUsage}\n`);
  process.exitCode = subcommand === undefined ? 2 : 0;
} else {
  process.stderr.write(
    `cluster-chaos: unknown command ${JSON.stringify(subcommand)} (the command is: cluster-chaos check)\n`,
  );
  process.exitCode = 2;
}
