// TypeScript entries: which loader runs a .ts/.mts/.cts entry, the NODE_OPTIONS that give it to every process of the
// cluster, and the loader's helper processes, which are not the app's.

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { ClusterOptionsError } from './errors.js';
import { readCommandLine } from './proc.js';

/**
 * How a TypeScript entry is run.
 * - `'tsx'` (the default): tsx's loader, preloaded in every process of the cluster. It runs every TypeScript syntax
 *   (enums, parameter properties, `.js` specifiers that name `.ts` files, tsconfig `paths`) the same way on every
 *   Node this package supports, Node 20 included, which has no type stripping of its own.
 * - `'node'`: Node's own type stripping, as `node server.ts` runs the app on Node 22.18+, 23.6+ and 24. Only
 *   erasable syntax; an error on a Node without it.
 */
export type TypeScriptLoader = 'tsx' | 'node';

export const typeScriptLoaders: readonly TypeScriptLoader[] = ['tsx', 'node'];

/** True for the entries a TypeScript loader must run. */
export function isTypeScriptEntry(path: string): boolean {
  return /\.[cm]?ts$/.test(path);
}

/** True if the running Node strips types from .ts files without a flag (what `'node'` relies on). */
export function nodeStripsTypes(): boolean {
  const features = process.features as { typescript?: string | false };
  return typeof features.typescript === 'string';
}

let tsxLoaderUrl: string | undefined;

/** The file URL of tsx's loader (the module `node --import tsx` loads), resolved from this package. */
function tsxLoader(): string {
  tsxLoaderUrl ??= pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return tsxLoaderUrl;
}

/**
 * The NODE_OPTIONS entries that run a TypeScript entry with the loader. They go to NODE_OPTIONS, not to node's argv,
 * so that every node process of the cluster inherits them: workers from `cluster.fork` or `child_process.fork`, even
 * with an `execArgv` of the app's own, and the probe (`--require`) still comes first.
 */
export function typeScriptNodeOptions(loader: TypeScriptLoader): string[] {
  if (loader === 'node') {
    if (!nodeStripsTypes()) {
      throw new ClusterOptionsError(
        'typescript',
        `'node' needs a Node that strips types by itself (22.18+, 23.6+, 24); this is ${process.version}: use 'tsx'`,
      );
    }
    // Node strips types in every process by itself.
    return [];
  }
  return [`--import ${JSON.stringify(tsxLoader())}`];
}

/**
 * True for a helper process a TypeScript loader starts: tsx transforms through esbuild, whose service is a child
 * process (`esbuild --service=…`) of each node process that compiles a file its cache does not hold. It is the
 * loader's, not the app's: neither a worker nor a process the harness must wait for.
 */
export function isTypeScriptLoaderHelper(pid: number): boolean {
  return /(^|\/)esbuild --service=/.test(readCommandLine(pid));
}
