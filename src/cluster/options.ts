// The options of startCluster, their defaults, and their validation at the edge.

import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ClusterOptionsError, ClusterStartError } from './errors.js';
import { isTopologyName, topologies, topologyEntry, topologyNames, type TopologyName } from './topologies.js';
import { isTypeScriptEntry, typeScriptLoaders, typeScriptNodeOptions, type TypeScriptLoader } from './typescript-loader.js';

export interface StartClusterOptions {
  /** A built-in topology by name, e.g. `'corrected/round-robin'` (see `topologies`). One of topology, entry, command. */
  topology?: TopologyName;
  /** An entry file, started as `node [nodeArgs] <entry>`. One of topology, entry, command. */
  entry?: string;
  /** Any command, as argv (`['npx', 'pm2-runtime', 'app.js', '-i', '2']`). One of topology, entry, command. */
  command?: readonly string[];
  /** How many workers the app is asked to start (env `WORKERS`), and how many must be ready. Default 2. */
  workers?: number;
  /** The port (env `PORT`). Default: a free port from get-port, retried with a fresh one on EADDRINUSE. */
  port?: number;
  /** Extra environment for the app, on top of the harness's own. */
  env?: Record<string, string>;
  /** The app's working directory. Default: the harness's. */
  cwd?: string;
  /** Arguments for node before the entry (entry and topology only), e.g. `['--max-old-space-size=256']`. */
  nodeArgs?: readonly string[];
  /**
   * How a `.ts`/`.mts`/`.cts` entry runs (entry and topology only): `'tsx'` (default; every Node, all TypeScript
   * syntax) or `'node'` (Node's own type stripping, Node 22.18+/23.6+/24; erasable syntax only). Every process of the
   * cluster gets the same loader. See `TypeScriptLoader`.
   */
  typescript?: TypeScriptLoader;
  /** How long the cluster may take to become ready, in ms. Default 10000. */
  readyTimeout?: number;
  /** How long `stop()` waits after SIGTERM before it calls what is left orphans and kills them, in ms. Default 2000. */
  stopGrace?: number;
  /** How many bytes of the app's output are kept for error messages and reports. Default 65536. */
  outputLimit?: number;
  /** The protocol the app speaks, the default for `cluster.burst()`. Default: the topology's, else `'tcp'`. */
  protocol?: 'tcp' | 'http';
  /** The seed of the cluster's random source (random fault targets). Default: a random seed, kept in `cluster.seed`. */
  seed?: number;
  /** How many fresh ports to try when the chosen one turns out to be taken (auto ports only). Default 3. */
  portAttempts?: number;
}

export interface ResolvedStartOptions {
  /** The argv to spawn; for entries, node and its arguments. */
  argv: string[];
  /** Where the launch came from, for messages: the topology name, the entry path or the command. */
  label: string;
  /** True for a plain `node entry`: the spawned process is the master. */
  spawnedIsMaster: boolean;
  /** NODE_OPTIONS entries for every process of the cluster besides the probe's (a TypeScript entry's loader). */
  nodeOptions: string[];
  workers: number;
  port: number | undefined;
  env: Record<string, string>;
  cwd: string | undefined;
  readyTimeout: number;
  stopGrace: number;
  outputLimit: number;
  portAttempts: number;
  seed: number;
  protocol: 'tcp' | 'http';
}

function positiveInteger(option: string, value: unknown, { allowZero = false } = {}): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new ClusterOptionsError(option, `must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function positiveDuration(option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ClusterOptionsError(option, `must be a positive number of milliseconds, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Checks every option once, where it enters; the launch code trusts what this returns. */
export function resolveStartOptions(options: StartClusterOptions): ResolvedStartOptions {
  if (options === null || typeof options !== 'object') {
    throw new ClusterOptionsError('options', 'startCluster takes an options object');
  }
  const given = (['topology', 'entry', 'command'] as const).filter((key) => options[key] !== undefined);
  if (given.length !== 1) {
    throw new ClusterOptionsError(
      given.length === 0 ? 'topology|entry|command' : given.join('|'),
      `give exactly one of topology, entry or command (${given.length === 0 ? 'none was given' : `got ${given.join(' and ')}`})`,
    );
  }

  const workers = positiveInteger('workers', options.workers ?? 2);
  const port = options.port === undefined ? undefined : positiveInteger('port', options.port);
  if (port !== undefined && port > 65535) throw new ClusterOptionsError('port', `must be at most 65535, got ${port}`);
  const nodeArgs = [...(options.nodeArgs ?? [])];
  if (options.typescript !== undefined && !typeScriptLoaders.includes(options.typescript)) {
    throw new ClusterOptionsError('typescript', `must be ${typeScriptLoaders.map((loader) => `'${loader}'`).join(' or ')}, got ${JSON.stringify(options.typescript)}`);
  }

  let argv: string[];
  let label: string;
  let spawnedIsMaster = true;
  if (options.topology !== undefined) {
    if (!isTopologyName(options.topology)) {
      throw new ClusterOptionsError('topology', `unknown topology ${JSON.stringify(options.topology)}; known: ${topologyNames.join(', ')}`);
    }
    argv = [process.execPath, ...nodeArgs, topologyEntry(options.topology)];
    label = options.topology;
  } else if (options.entry !== undefined) {
    if (typeof options.entry !== 'string' || options.entry === '') {
      throw new ClusterOptionsError('entry', 'must be a path to the app\'s entry file');
    }
    const entry = resolve(options.cwd ?? process.cwd(), options.entry);
    if (!existsSync(entry) || !statSync(entry).isFile()) {
      throw new ClusterStartError('entry-not-found', `Entry file not found: ${entry}`);
    }
    argv = [process.execPath, ...nodeArgs, entry];
    label = options.entry;
  } else {
    const command = options.command!;
    if (!Array.isArray(command) || command.length === 0 || command.some((part) => typeof part !== 'string')) {
      throw new ClusterOptionsError('command', 'must be a non-empty array of strings (argv)');
    }
    argv = [...command];
    label = command.join(' ');
    spawnedIsMaster = false;
  }
  // A command brings its own loader (`npx tsx server.ts`); an entry or topology in TypeScript gets ours.
  const script = spawnedIsMaster ? argv.at(-1)! : undefined;
  const nodeOptions = script !== undefined && isTypeScriptEntry(script) ? typeScriptNodeOptions(options.typescript ?? 'tsx') : [];

  if (options.protocol !== undefined && options.protocol !== 'tcp' && options.protocol !== 'http') {
    throw new ClusterOptionsError('protocol', `must be 'tcp' or 'http', got ${JSON.stringify(options.protocol)}`);
  }
  const protocol = options.protocol ?? (options.topology !== undefined ? topologies[options.topology].protocol : 'tcp');

  return {
    argv,
    protocol,
    label,
    spawnedIsMaster,
    nodeOptions,
    workers,
    port,
    env: { ...(options.env ?? {}) },
    cwd: options.cwd,
    readyTimeout: positiveDuration('readyTimeout', options.readyTimeout ?? 10_000),
    stopGrace: positiveDuration('stopGrace', options.stopGrace ?? 2_000),
    outputLimit: positiveInteger('outputLimit', options.outputLimit ?? 64 * 1024),
    portAttempts: positiveInteger('portAttempts', options.portAttempts ?? 3),
    seed: options.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : positiveInteger('seed', options.seed, { allowZero: true }),
  };
}
