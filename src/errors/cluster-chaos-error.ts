// The base of every error cluster-chaos throws on purpose: its cause, the process context, and how that context reads.

import type { HistoryEvent } from '../history/events.js';
import { formatEvents } from '../history/format.js';

/** What an error knows of the cluster when it is thrown; every field is optional. */
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

export interface ClusterChaosErrorOptions {
  /** The error that led to this one (ES2022 `Error.cause`), kept for whoever inspects or logs it. */
  cause?: unknown;
  /** What was known of the cluster; stored on the error's own fields (`pid`, `outputTail`, ...). */
  context?: ErrorContext;
}

/** The parts of a context an error shows under its first lines; each error chooses what its first lines leave out. */
export interface ContextParts {
  /** `master pid: 123`, when the context has a pid. */
  pid?: boolean;
  /** `exit: code 1` or `exit: signal SIGKILL`, when the context has an exit code or a signal. */
  exit?: boolean;
  /** Sections of the error's own, shown between the lines above and the tails (each a list of lines). */
  sections?: readonly (readonly string[])[];
  /** The timeline tail and the output tail. */
  tails?: boolean;
}

/**
 * The lines that show a context, the one way every error shows them: the master's pid, how it exited, the error's
 * own sections, then the last events of the timeline and the last lines of the app's output.
 */
export function contextLines(context: ErrorContext, parts: ContextParts): string[] {
  const lines: string[] = [];
  if (parts.pid && context.pid !== undefined) lines.push(`master pid: ${context.pid}`);
  if (parts.exit && (context.exitCode !== undefined || context.signal)) {
    lines.push(`exit: ${context.signal ? `signal ${context.signal}` : `code ${context.exitCode}`}`);
  }
  for (const section of parts.sections ?? []) lines.push(...section);
  if (parts.tails) {
    if (context.timelineTail && context.timelineTail.length > 0) {
      lines.push('', 'Timeline (last events):', formatEvents(context.timelineTail, '  '));
    }
    lines.push('', 'Output (last lines):', context.outputTail ? context.outputTail : '  (the app wrote nothing)');
  }
  return lines;
}

/**
 * The base of every error the framework throws on purpose. Its message is the error's own (a short first line, then
 * the context it chose to show, through `contextLines`); `cause` and the context's fields are kept here, once.
 */
export class ClusterChaosError extends Error {
  override name = 'ClusterChaosError';
  /** The master's pid, when it was known. */
  readonly pid: number | undefined;
  readonly exitCode: number | null | undefined;
  readonly signal: NodeJS.Signals | null | undefined;
  /** The last lines of the app's output; empty when none were known. */
  readonly outputTail: string;
  /** The last events of the cluster's history; empty when none were known. */
  readonly timelineTail: readonly HistoryEvent[];

  constructor(message: string, options: ClusterChaosErrorOptions = {}) {
    // Only a cause that was given is set: `'cause' in error` then says whether there was one.
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    const context = options.context ?? {};
    this.pid = context.pid;
    this.exitCode = context.exitCode;
    this.signal = context.signal;
    this.outputTail = context.outputTail ?? '';
    this.timelineTail = context.timelineTail ?? [];
  }
}
