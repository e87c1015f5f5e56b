// The error classes of cluster-chaos: a short first line that says what went wrong, then what to act on.

import type { HistoryEvent } from '../history/events.js';
import { formatEvents } from '../history/format.js';

/** The base of every error the framework throws on purpose. */
export class ClusterChaosError extends Error {
  override name = 'ClusterChaosError';
}

/** Options or arguments that cannot work: caught where they enter, before anything is started. */
export class ClusterOptionsError extends ClusterChaosError {
  override name = 'ClusterOptionsError';
  readonly option: string;

  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
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

export interface ErrorContext {
  /** The master's pid, if it was started. */
  pid?: number;
  exitCode?: number | null;
  signal?: NodeJS.Signals | null;
  /** The last lines of the app's stdout and stderr. */
  outputTail?: string;
  /** The last events of the cluster's history. */
  timelineTail?: readonly HistoryEvent[];
}

function appendContext(lines: string[], context: ErrorContext): void {
  if (context.timelineTail && context.timelineTail.length > 0) {
    lines.push('', 'Timeline (last events):', formatEvents(context.timelineTail, '  '));
  }
  lines.push('', 'Output (last lines):', context.outputTail ? context.outputTail : '  (the app wrote nothing)');
}

/** The cluster could not be started. */
export class ClusterStartError extends ClusterChaosError {
  override name = 'ClusterStartError';
  readonly reason: StartFailureReason;
  readonly pid: number | undefined;
  readonly exitCode: number | null | undefined;
  readonly signal: NodeJS.Signals | null | undefined;
  readonly outputTail: string;
  readonly timelineTail: readonly HistoryEvent[];

  constructor(reason: StartFailureReason, summary: string, context: ErrorContext = {}, details: string[] = []) {
    const lines = [summary, ...details];
    if (context.pid !== undefined) lines.push(`master pid: ${context.pid}`);
    if (context.exitCode !== undefined || context.signal) {
      lines.push(`exit: ${context.signal ? `signal ${context.signal}` : `code ${context.exitCode}`}`);
    }
    if (reason !== 'entry-not-found' && reason !== 'command-not-found') appendContext(lines, context);
    super(lines.join('\n'));
    this.reason = reason;
    this.pid = context.pid;
    this.exitCode = context.exitCode;
    this.signal = context.signal;
    this.outputTail = context.outputTail ?? '';
    this.timelineTail = context.timelineTail ?? [];
  }
}

/** A bounded wait ran out: what was awaited, what was seen instead, and the context. */
export class WaitTimeoutError extends ClusterChaosError {
  override name = 'WaitTimeoutError';
  readonly awaited: string;
  readonly seen: string;
  readonly timeoutMs: number;
  readonly outputTail: string;
  readonly timelineTail: readonly HistoryEvent[];

  constructor(awaited: string, seen: string, timeoutMs: number, context: ErrorContext = {}) {
    const lines = [`Timed out after ${timeoutMs} ms waiting for ${awaited}`, `seen instead: ${seen}`];
    if (context.pid !== undefined) lines.push(`master pid: ${context.pid}`);
    appendContext(lines, context);
    super(lines.join('\n'));
    this.awaited = awaited;
    this.seen = seen;
    this.timeoutMs = timeoutMs;
    this.outputTail = context.outputTail ?? '';
    this.timelineTail = context.timelineTail ?? [];
  }
}

/**
 * A wait that only the master could satisfy (workers to be ready) cannot end well any more: the master is gone, and
 * nothing forks a worker without it. Thrown at once rather than after the wait's bound.
 */
export class MasterExitedError extends ClusterChaosError {
  override name = 'MasterExitedError';
  readonly awaited: string;
  readonly seen: string;
  readonly pid: number;
  readonly outputTail: string;
  readonly timelineTail: readonly HistoryEvent[];

  constructor(awaited: string, seen: string, pid: number, context: ErrorContext = {}) {
    const lines = [`The master ${pid} exited while waiting for ${awaited}`, `seen instead: ${seen}`];
    appendContext(lines, context);
    super(lines.join('\n'));
    this.awaited = awaited;
    this.seen = seen;
    this.pid = pid;
    this.outputTail = context.outputTail ?? '';
    this.timelineTail = context.timelineTail ?? [];
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
  readonly exitCode: number | null | undefined;
  readonly signal: NodeJS.Signals | null | undefined;
  /** The reload command's own output (its last lines), if it ran. */
  readonly commandOutput: string;
  readonly outputTail: string;
  readonly timelineTail: readonly HistoryEvent[];

  constructor(reason: ReloadFailureReason, how: string, summary: string, context: ErrorContext & { commandOutput?: string } = {}) {
    const lines = [summary, `reload: ${how}`];
    if (context.pid !== undefined) lines.push(`master pid: ${context.pid}`);
    if (context.exitCode !== undefined || context.signal) {
      lines.push(`exit: ${context.signal ? `signal ${context.signal}` : `code ${context.exitCode}`}`);
    }
    if (context.commandOutput !== undefined) {
      lines.push('', 'Reload command output (last lines):', context.commandOutput ? context.commandOutput : '  (it wrote nothing)');
    }
    appendContext(lines, context);
    super(lines.join('\n'));
    this.reason = reason;
    this.how = how;
    this.exitCode = context.exitCode;
    this.signal = context.signal;
    this.commandOutput = context.commandOutput ?? '';
    this.outputTail = context.outputTail ?? '';
    this.timelineTail = context.timelineTail ?? [];
  }
}
