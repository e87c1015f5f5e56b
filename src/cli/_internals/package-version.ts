// The package's version, from its package.json (two levels up from dist/cli/_internals/ and src/cli/_internals/ alike).

import { readFileSync } from 'node:fs';

/** The version of cluster-chaos, as its package.json says. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;
}
