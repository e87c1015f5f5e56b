// TypeScript entries on real clusters: a .ts entry and the .ts workers it forks run through the loader and carry the
// probe; a worker killed is replaced; a broken .ts entry is a ClusterStartError with its output tail.

import { describe, expect, test } from 'vitest';
import { childrenOf, isRunning } from '../../src/cluster/proc.js';
import { isTypeScriptLoaderHelper } from '../../src/cluster/typescript-loader.js';
import { ClusterOptionsError, ClusterStartError, type TypeScriptLoader } from '../../src/index.js';
import { nodeStripsTypes } from '../../src/cluster/typescript-loader.js';
import { startCluster } from '../../src/vitest/index.js';
import { appChildrenOf } from './app-children.js';

async function startError(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

// Node's own type stripping is tested where this Node has it (22.18+, 24: the CI's matrix runs those).
const loaders: TypeScriptLoader[] = nodeStripsTypes() ? ['tsx', 'node'] : ['tsx'];

describe.each(loaders)('fixtures/typescript/server.ts through %s', (typescript) => {
  test.each([1, 2, 4])(
    'becomes ready with %i worker(s), forked from worker.ts, each carrying the probe',
    async (workers) => {
      await using cluster = await startCluster({ entry: 'fixtures/typescript/server.ts', workers, typescript });
      expect(cluster.workers).toHaveLength(workers);
      expect([...cluster.workers].sort()).toEqual(appChildrenOf(cluster.masterPid).sort());
      const processes = cluster.processes;
      expect(processes.every((process) => process.seenThrough === 'probe')).toBe(true);
      expect(
        processes
          .filter((process) => process.role === 'worker')
          .every((process) => process.command.endsWith('worker.ts')),
      ).toBe(true);
      const result = await cluster.burst({ count: 4 * workers, concurrency: 4 });
      expect(result.outcomes.answered).toBe(4 * workers);
      expect(cluster).toHandleEachConnectionOnce();
    },
  );

  test('a worker killed with SIGKILL is replaced, and every connection of a burst around it is answered or excused', async () => {
    await using cluster = await startCluster({ entry: 'fixtures/typescript/server.ts', workers: 2, typescript });
    const burst = cluster.burst({ count: 40, concurrency: 8 });
    const { pid: victim } = await cluster.crash({ kind: 'SIGKILL', target: 'oldest' });
    await burst;
    const workers = await cluster.waitForWorkers(2, { exclude: [victim] });
    expect(workers).not.toContain(victim);
    const after = await cluster.burst({ count: 20, concurrency: 4 });
    expect(after.outcomes.answered).toBe(20);
    expect(cluster).toAnswerEveryConnection();
    expect(cluster).toRestoreWorkers(2, { withinMs: 5000 });
    expect(cluster).toKeepMasterAlive();
  });

  test("a syntax error is a crash at boot, with the parser's message in the output tail", async () => {
    const error = await startError(startCluster({ entry: 'fixtures/misbehaving/syntax-error.mts', typescript }));
    expect(error).toBeInstanceOf(ClusterStartError);
    const { reason, message, outputTail } = error as ClusterStartError;
    expect(reason).toBe('crashed-at-boot');
    expect(message.split('\n')[0]).toBe('fixtures/misbehaving/syntax-error.mts crashed at boot (exit code 1)');
    // esbuild (tsx) and Node's stripper word it differently: `ERROR: Expected ")" but found ";"` (TransformError),
    // `SyntaxError [ERR_INVALID_TYPESCRIPT_SYNTAX]: Expected ',', got ';'`.
    expect(outputTail).toMatch(/TransformError|ERR_INVALID_TYPESCRIPT_SYNTAX/);
    expect(outputTail).toMatch(/Expected .* (but found|got) ['"];['"]/);
    expect(message).toContain(outputTail.trim().split('\n').at(-1));
  });

  test('a type error that breaks the import is a crash at boot naming the missing export', async () => {
    const error = await startError(startCluster({ entry: 'fixtures/misbehaving/type-error.mts', typescript }));
    expect(error).toBeInstanceOf(ClusterStartError);
    expect((error as ClusterStartError).reason).toBe('crashed-at-boot');
    expect((error as ClusterStartError).outputTail).toContain("does not provide an export named 'listenEverywhere'");
  });
});

test('a .ts worker forked by child_process.fork with execArgv: [] still gets the loader and the probe (NODE_OPTIONS)', async () => {
  await using cluster = await startCluster({ entry: 'fixtures/typescript/handoff-master.ts', workers: 2 });
  expect([...cluster.workers].sort()).toEqual(appChildrenOf(cluster.masterPid).sort());
  const result = await cluster.burst({ count: 20, concurrency: 4 });
  expect(result.outcomes.answered).toBe(20);
  // Each hand-off was seen by the worker's probe: the connection is attributed to the worker, not to the master.
  const handoffs = cluster.history.ofType('connection-handled').filter((event) => event.via === 'handoff');
  expect(handoffs).toHaveLength(20);
  expect(new Set(handoffs.map((event) => event.pid))).toEqual(new Set(cluster.workers));
});

test("tsx's cold start: esbuild's service processes are the loader's, neither workers nor orphans", async () => {
  // With its cache off, tsx compiles in every process, and each one starts an esbuild service as its child.
  const cluster = await startCluster({
    entry: 'fixtures/typescript/server.ts',
    workers: 2,
    env: { TSX_DISABLE_CACHE: '1' },
  });
  try {
    const helpers = childrenOf(cluster.masterPid).filter(isTypeScriptLoaderHelper);
    expect(helpers.length).toBeGreaterThan(0);
    expect(cluster.workers).toHaveLength(2);
    expect(cluster.processes.map((process) => process.pid)).not.toContain(helpers[0]);
    const result = await cluster.burst({ count: 8 });
    expect(result.outcomes.answered).toBe(8);
    const { orphans } = await cluster.stop();
    expect(orphans).toEqual([]);
    expect(helpers.filter(isRunning)).toEqual([]);
  } finally {
    await cluster.stop();
  }
});

test.runIf(!nodeStripsTypes())(
  "typescript: 'node' on a Node without type stripping is an options error that says what to use",
  async () => {
    const error = await startError(startCluster({ entry: 'fixtures/typescript/server.ts', typescript: 'node' }));
    expect(error).toBeInstanceOf(ClusterOptionsError);
    expect((error as Error).message).toBe(
      `typescript: 'node' needs a Node that strips types by itself (22.18+, 23.6+, 24); this is ${process.version}: use 'tsx'`,
    );
  },
);
