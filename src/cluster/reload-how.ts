// How a reload is asked for (a signal to the master, or a command): checked where it enters, and put into words.

import { constants } from 'node:os';
import { ClusterOptionsError } from './errors.js';

/**
 * How to reload a cluster: a signal sent to its master (`{ signal: 'SIGHUP' }`), or a command run to completion
 * (`{ command: ['pm2', 'reload', 'app'] }`), in the cluster's environment (its `env`, `PORT`, `WORKERS`,
 * `CLUSTER_CHAOS_MASTER_PID`, and its fresh directories, which nothing overrides) and working directory unless `cwd` or
 * `env` say otherwise.
 */
export type ReloadHow = { signal: NodeJS.Signals } | { command: string[]; cwd?: string; env?: Record<string, string> };

/** Signals that cannot be handled, so cannot ask a master for anything. */
const unhandledSignals = new Set(['SIGKILL', 'SIGSTOP']);

/** Checks a `ReloadHow` where it enters (options of checkResilience, a handle call); the rest trusts it. */
export function validateReloadHow(how: unknown, option = 'reload'): ReloadHow {
  if (how === null || typeof how !== 'object')
    throw new ClusterOptionsError(option, 'must be { signal } or { command }');
  const given = how as Record<string, unknown>;
  if ('signal' in given === 'command' in given)
    throw new ClusterOptionsError(option, 'give exactly one of signal and command');
  if ('signal' in given) {
    const signal = given.signal;
    if (typeof signal !== 'string' || !Object.hasOwn(constants.signals, signal)) {
      throw new ClusterOptionsError(
        option,
        `signal must be a signal name such as SIGHUP, got ${JSON.stringify(signal)}`,
      );
    }
    if (unhandledSignals.has(signal))
      throw new ClusterOptionsError(option, `${signal} cannot be handled by a master, so it cannot ask for a reload`);
    return { signal: signal as NodeJS.Signals };
  }
  const { command, cwd, env } = given;
  if (
    !Array.isArray(command) ||
    command.length === 0 ||
    !command.every((part) => typeof part === 'string') ||
    command[0] === ''
  ) {
    throw new ClusterOptionsError(
      option,
      `command must be a non-empty array of strings (argv), got ${JSON.stringify(command)}`,
    );
  }
  if (cwd !== undefined && typeof cwd !== 'string')
    throw new ClusterOptionsError(option, `cwd must be a string, got ${JSON.stringify(cwd)}`);
  if (
    env !== undefined &&
    (env === null || typeof env !== 'object' || !Object.values(env).every((value) => typeof value === 'string'))
  ) {
    throw new ClusterOptionsError(option, 'env must map names to strings');
  }
  return {
    command: [...(command as string[])],
    ...(cwd === undefined ? {} : { cwd }),
    ...(env === undefined ? {} : { env: { ...(env as Record<string, string>) } }),
  };
}

/** A reload in words, as the history records it: `SIGHUP to the master`, `pm2 reload app`. */
export function describeReload(how: ReloadHow): string {
  return 'signal' in how ? `${how.signal} to the master` : how.command.join(' ');
}
