// The app's children of a process, as /proc shows them: a TypeScript loader's helper processes (esbuild's service,
// started by tsx on a cold cache) are not the app's.

import { childrenOf } from '../../src/cluster/proc.js';
import { isTypeScriptLoaderHelper } from '../../src/cluster/typescript-loader.js';

export function appChildrenOf(pid: number): number[] {
  return childrenOf(pid).filter((child) => !isTypeScriptLoaderHelper(child));
}
