// The error classes of cluster-chaos: a short first line that says what went wrong, then what to act on.

import {
  ClusterChaosError,
  contextLines,
  type ClusterChaosErrorOptions,
  type ErrorContext,
} from '../errors/cluster-chaos-error.js';

// Code of the cluster (and of the faults and fixtures built on it) names the base and the context from here.
export { ClusterChaosError, type ClusterChaosErrorOptions, type ErrorContext };

/** What an error adds to its positional arguments: the error that led to it. */
export type CauseOption = Pick<ClusterChaosErrorOptions, 'cause'>;

/** Options or arguments that cannot work: caught where they enter, before anything is started. */
export class ClusterOptionsError extends ClusterChaosError {
  override name = 'ClusterOptionsError';
  readonly option: string;

  constructor(option: string, message: string, options: CauseOption = {}) {
    super(`${option}: ${message}`, options);
    this.option = option;
  }
}

export type StartFailureReason =
  | 'entry-not-found'
  | 'command-not-found'
  | 'crashed-at-boot'
  | 'exited-at-boot'
  | 'port-in-use'
  | 'not-ready';

/** The cluster could not be started. */
export class ClusterStartError extends ClusterChaosError {
  override name = 'ClusterStartError';
  readonly reason: StartFailureReason;

  constructor(
    reason: StartFailureReason,
    summary: string,
    context: ErrorContext = {},
    details: string[] = [],
    options: CauseOption = {},
  ) {
    // Nothing ran when the entry or the command was not found: no timeline, no output to show.
    const tails = reason !== 'entry-not-found' && reason !== 'command-not-found';
    const lines = [summary, ...details, ...contextLines(context, { pid: true, exit: true, tails })];
    super(lines.join('\n'), { ...options, context });
    this.reason = reason;
  }
}

/** A bounded wait ran out: what was awaited, what was seen instead, and the context. */
export class WaitTimeoutError extends ClusterChaosError {
  override name = 'WaitTimeoutError';
  readonly awaited: string;
  readonly seen: string;
  readonly timeoutMs: number;

  constructor(awaited: string, seen: string, timeoutMs: number, context: ErrorContext = {}, options: CauseOption = {}) {
    const lines = [
      `Timed out after ${timeoutMs} ms waiting for ${awaited}`,
      `seen instead: ${seen}`,
      ...contextLines(context, { pid: true, tails: true }),
    ];
    super(lines.join('\n'), { ...options, context });
    this.awaited = awaited;
    this.seen = seen;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * A wait that only the master could satisfy (workers to be ready) cannot end well any more: the master is gone, and
 * nothing forks a worker without it. Thrown at once rather than after the wait's bound.
 */
export class MasterExitedError extends ClusterChaosError {
  override name = 'MasterExitedError';
  declare readonly pid: number;
  readonly awaited: string;
  readonly seen: string;

  constructor(awaited: string, seen: string, pid: number, context: ErrorContext = {}, options: CauseOption = {}) {
    // The first line names the pid already.
    const lines = [
      `The master ${pid} exited while waiting for ${awaited}`,
      `seen instead: ${seen}`,
      ...contextLines(context, { tails: true }),
    ];
    super(lines.join('\n'), { ...options, context: { ...context, pid } });
    this.awaited = awaited;
    this.seen = seen;
  }
}

export type ReloadFailureReason = 'command-not-found' | 'command-failed' | 'master-gone' | 'cluster-stopped';

/**
 * A reload could not be carried out: its command was not found or exited non-zero (with its output), the master was
 * gone before or during it, or the cluster was stopped while it ran. A reload that does not complete in time is a
 * WaitTimeoutError instead.
 */
export class ReloadError extends ClusterChaosError {
  override name = 'ReloadError';
  readonly reason: ReloadFailureReason;
  /** How the reload was asked for, e.g. `SIGHUP to the master` or the command line. */
  readonly how: string;
  /** The reload command's own output (its last lines), if it ran. */
  readonly commandOutput: string;

  constructor(
    reason: ReloadFailureReason,
    how: string,
    summary: string,
    context: ErrorContext & { commandOutput?: string } = {},
    options: CauseOption = {},
  ) {
    const { commandOutput, ...shared } = context;
    const commandSection =
      commandOutput === undefined
        ? []
        : [['', 'Reload command output (last lines):', commandOutput ? commandOutput : '  (it wrote nothing)']];
    const shown = contextLines(shared, { pid: true, exit: true, sections: commandSection, tails: true });
    super([summary, `reload: ${how}`, ...shown].join('\n'), { ...options, context: shared });
    this.reason = reason;
    this.how = how;
    this.commandOutput = commandOutput ?? '';
  }
}
