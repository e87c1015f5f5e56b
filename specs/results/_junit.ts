// Checks JUnit XML against specs/cli/junit.xsd with xmllint (libxml2-utils), or at least as well-formed XML without it.

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { parseXml } from '../report/_xml.js';
import { scratchDirectory } from '../_scratch.js';

const xsd = fileURLToPath(new URL('../cli/junit.xsd', import.meta.url));
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

/** Validates with xmllint against specs/cli/junit.xsd; the XML reader of the report specs where xmllint is missing. */
export function expectValidJunit(xml: string): void {
  parseXml(xml);
  if (hasXmllint) expect(xmllintSchemaErrors(xml)).toBe('');
}

/** What xmllint says against the schema ('' when valid); undefined where xmllint is missing. */
export function xmllintSchemaErrors(xml: string): string | undefined {
  if (!hasXmllint) return undefined;
  const file = join(scratchDirectory('junit-'), 'junit.xml');
  writeFileSync(file, xml);
  const run = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
  return run.status === 0 ? '' : run.stderr;
}
