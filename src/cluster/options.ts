// The options of startCluster, their defaults, and their validation at the edge.

import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ClusterOptionsError, ClusterStartError } from './errors.js';
import { isTopologyName, topologies, topologyEntry, topologyNames, type TopologyName } from './topologies.js';
import {
  isTypeScriptEntry,
  typeScriptLoaders,
  typeScriptNodeOptions,
  type TypeScriptLoader,
} from './typescript-loader.js';

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
  readyTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before it calls what is left orphans and kills them, in ms. Default 2000. */
  stopGraceMs?: number;
  /** How many bytes of the app's output are kept for error messages and reports. Default 65536. */
  outputLimit?: number;
  /** The protocol the app speaks, the default for `cluster.burst()`. Default: the topology's, else `'tcp'`. */
  protocol?: 'tcp' | 'http';
  /** The seed of the cluster's random source (random fault targets). Default: a random seed, kept in `cluster.seed`. */
  seed?: number;
  /** How many fresh ports to try when the chosen one turns out to be taken (auto ports only). Default 3. */
  portAttempts?: number;
  /**
   * Env variables that each get a fresh, empty directory of this cluster's own (in the temp folder, removed at stop),
   * over any value the user has set: the app's machine-global state (PM2_HOME, a state or pid-file directory) then
   * never collides with another instance of the same launch (a spare cluster, a confirmation run, another test).
   * A reload command (`cluster.reload({ command })`) runs with the same directories; `cluster.freshDirectories` names
   * them. Default: `['PM2_HOME']` for a launch that runs PM2 (`pm2`, `pm2-runtime`... in its argv), else none; an
   * array given here replaces that default (`[]`: no fresh directory at all).
   */
  freshDirectories?: readonly string[];
  /**
   * The app holds machine-global state that no env variable redirects (a fixed pid file or socket path): two instances
   * must never run at once. Default: true with a fixed `port` (which two instances cannot both listen on), else false.
   * A runner reads it as `options.exclusive` on the started cluster.
   */
  exclusive?: boolean;
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
  readyTimeoutMs: number;
  stopGraceMs: number;
  outputLimit: number;
  portAttempts: number;
  seed: number;
  protocol: 'tcp' | 'http';
  /** Env variables given a fresh directory per instance (see `StartClusterOptions.freshDirectories`). */
  freshDirectories: readonly string[];
  /**
   * Two instances of this launch can never run at the same time (a fixed `port`, or the `exclusive` option): a runner
   * must stop one before it starts another (no spare cluster started ahead, no parallel confirmation).
   */
  readonly exclusive: boolean;
}

/** Variables the harness sets itself: a fresh directory cannot go in them. */
const harnessVariables = new Set([
  'PORT',
  'WORKERS',
  'NODE_OPTIONS',
  'CLUSTER_CHAOS_PROBE',
  'CLUSTER_CHAOS_MASTER_PID',
]);
const environmentName = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** PM2's executables in an argv element: `pm2`, `pm2-runtime`, `/…/pm2/bin/pm2-runtime`, or a word of `sh -c '…'`. */
const pm2Executable = /(?:^|[\s/'"])pm2(?:-runtime|-docker|-dev)?(?:\.js)?(?=$|[\s'"])/;

/** True when the launch runs PM2 (its argv names one of PM2's executables). */
export function runsPm2(argv: readonly string[]): boolean {
  return argv.some((part) => pm2Executable.test(part));
}

function resolveFreshDirectories(value: unknown, argv: readonly string[]): string[] {
  if (value === undefined) return runsPm2(argv) ? ['PM2_HOME'] : [];
  if (!Array.isArray(value))
    throw new ClusterOptionsError(
      'freshDirectories',
      `must be an array of env variable names, got ${JSON.stringify(value)}`,
    );
  const names: string[] = [];
  for (const name of value as unknown[]) {
    if (typeof name !== 'string' || !environmentName.test(name)) {
      throw new ClusterOptionsError(
        'freshDirectories',
        `must name env variables (letters, digits, _), got ${JSON.stringify(name)}`,
      );
    }
    if (harnessVariables.has(name))
      throw new ClusterOptionsError('freshDirectories', `${name} is set by cluster-chaos itself`);
    if (names.includes(name)) throw new ClusterOptionsError('freshDirectories', `${name} is named twice`);
    names.push(name);
  }
  return names;
}

function positiveInteger(option: string, value: unknown, { allowZero = false } = {}): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new ClusterOptionsError(
      option,
      `must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${JSON.stringify(value)}`,
    );
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
    throw new ClusterOptionsError(
      'typescript',
      `must be ${typeScriptLoaders.map((loader) => `'${loader}'`).join(' or ')}, got ${JSON.stringify(options.typescript)}`,
    );
  }

  let argv: string[];
  let label: string;
  let spawnedIsMaster = true;
  if (options.topology !== undefined) {
    if (!isTopologyName(options.topology)) {
      throw new ClusterOptionsError(
        'topology',
        `unknown topology ${JSON.stringify(options.topology)}; known: ${topologyNames.join(', ')}`,
      );
    }
    argv = [process.execPath, ...nodeArgs, topologyEntry(options.topology)];
    label = options.topology;
  } else if (options.entry !== undefined) {
    if (typeof options.entry !== 'string' || options.entry === '') {
      throw new ClusterOptionsError('entry', "must be a path to the app's entry file");
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
  const nodeOptions =
    script !== undefined && isTypeScriptEntry(script) ? typeScriptNodeOptions(options.typescript ?? 'tsx') : [];

  if (options.protocol !== undefined && options.protocol !== 'tcp' && options.protocol !== 'http') {
    throw new ClusterOptionsError('protocol', `must be 'tcp' or 'http', got ${JSON.stringify(options.protocol)}`);
  }
  const protocol = options.protocol ?? (options.topology !== undefined ? topologies[options.topology].protocol : 'tcp');

  if (options.exclusive !== undefined && typeof options.exclusive !== 'boolean') {
    throw new ClusterOptionsError('exclusive', `must be true or false, got ${JSON.stringify(options.exclusive)}`);
  }
  if (options.exclusive === false && port !== undefined) {
    throw new ClusterOptionsError(
      'exclusive',
      `a fixed port (${port}) cannot be shared by two instances: leave exclusive out, or leave port out for a free one per instance`,
    );
  }

  return {
    argv,
    protocol,
    freshDirectories: resolveFreshDirectories(options.freshDirectories, argv),
    exclusive: options.exclusive ?? port !== undefined,
    label,
    spawnedIsMaster,
    nodeOptions,
    workers,
    port,
    env: { ...(options.env ?? {}) },
    cwd: options.cwd,
    readyTimeoutMs: positiveDuration('readyTimeoutMs', options.readyTimeoutMs ?? 10_000),
    stopGraceMs: positiveDuration('stopGraceMs', options.stopGraceMs ?? 2_000),
    outputLimit: positiveInteger('outputLimit', options.outputLimit ?? 64 * 1024),
    portAttempts: positiveInteger('portAttempts', options.portAttempts ?? 3),
    seed:
      options.seed === undefined
        ? Math.floor(Math.random() * 2 ** 31)
        : positiveInteger('seed', options.seed, { allowZero: true }),
  };
}
