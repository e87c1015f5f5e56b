// Writes a result document where `--json` and `--junit` asked for it, and says where: for check and merge alike.

import { writeFileSync } from 'node:fs';
import { junitXml } from '../../results/junit-xml.js';
import type { ResultDocument } from '../../results/result-document.js';
import type { CommandIO } from '../command-io.js';

export function writeResultFiles(
  document: ResultDocument,
  files: { jsonFile: string | undefined; junitFile: string | undefined },
  io: CommandIO,
): void {
  if (files.jsonFile !== undefined) {
    writeFileSync(files.jsonFile, `${JSON.stringify(document, null, 2)}\n`);
    io.stdout.write(`Result (JSON): ${files.jsonFile}\n`);
  }
  if (files.junitFile !== undefined) {
    writeFileSync(files.junitFile, junitXml(document));
    io.stdout.write(`Result (JUnit XML): ${files.junitFile}\n`);
  }
}
