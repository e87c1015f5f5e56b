// Formats history events as short text lines, for error messages, matchers and text reports.

import type { ClientFault, HistoryEvent } from './events.js';

/** One line for one event: time, what, who. */
export function formatEvent(event: HistoryEvent): string {
  const time = `${event.t.toFixed(1).padStart(9)} ms`;
  switch (event.type) {
    case 'process-start':
      return `${time}  ${event.role} ${event.pid} started (parent ${event.ppid}, seen through ${event.seenThrough}): ${event.command}`;
    case 'worker-ready':
      return `${time}  worker ${event.pid} ready (${event.via})`;
    case 'listening':
      return `${time}  pid ${event.pid} listening on port ${event.port}`;
    case 'process-exit': {
      const how = event.signal
        ? `signal ${event.signal}`
        : event.code === null
          ? 'unknown status'
          : `code ${event.code}`;
      return `${time}  ${event.role} ${event.pid} exited (${how})`;
    }
    case 'cluster-ready':
      return `${time}  cluster ready on port ${event.port}: master ${event.masterPid}, workers ${event.workers.join(', ')}`;
    case 'fault-requested': {
      const target = event.pid === null ? event.target : `${event.target} ${event.pid}`;
      return `${time}  fault #${event.fault} requested: ${describeFault(event.kind, event.code, event.durationMs)} on ${target}${event.inFlight ? ' (in flight: armed for its next connection)' : ''}`;
    }
    case 'fault-landed':
      return `${time}  fault #${event.fault} landed: ${event.kind} on ${event.role} ${event.pid}${event.clientPort === undefined ? '' : ` while it held the connection from client port ${event.clientPort}`}`;
    case 'connection-open':
      return `${time}  connection #${event.connection} opened (${event.protocol}${event.burst === undefined ? '' : `, burst ${event.burst}`})${event.clientFault ? `, misbehaving client: ${describeClientFault(event.clientFault)}` : ''}`;
    case 'connection-connected':
      return `${time}  connection #${event.connection} connected from client port ${event.clientPort}${event.reusedSocket ? ' (kept-alive socket)' : ''}`;
    case 'connection-handled':
      return `${time}  pid ${event.pid} received the connection from client port ${event.clientPort} (${event.via})`;
    case 'connection-dispatched':
      return `${time}  pid ${event.pid} sent the connection from client port ${event.clientPort} to pid ${event.to}${event.by === 'node:cluster' ? ' (node:cluster round robin)' : ''}`;
    case 'fault-disarmed':
      return `${time}  fault #${event.fault} disarmed on ${event.pid}: ${event.reason}`;
    case 'fault-skipped':
      return `${time}  fault skipped: ${event.kind} on the ${event.target}: ${event.reason}`;
    case 'connection-close':
      return `${time}  connection #${event.connection} ${event.clientAborted ? 'aborted by the client' : event.outcome}${event.httpStatus === undefined ? '' : ` (HTTP ${event.httpStatus})`}${event.errorCode ? ` (${event.errorCode})` : ''} after ${event.latencyMs.toFixed(1)} ms${event.reply ? `: ${JSON.stringify(event.reply.slice(0, 60))}` : ''}${event.clientFault ? ` (client fault ${event.clientFault}${event.clientFaultAt === undefined ? ', never took effect' : `, took effect at ${event.clientFaultAt.toFixed(1)} ms`})` : ''}`;
    case 'reload':
      return `${time}  reload ${event.phase}: ${event.how}${event.reason ? ` (${event.reason})` : ''}`;
    case 'stop-requested':
      return `${time}  stop requested (SIGTERM to the master, grace ${event.graceMs} ms)`;
    case 'orphan':
      return `${time}  ORPHAN pid ${event.pid} still alive after the grace period: ${event.command}`;
    case 'stopped':
      return `${time}  cluster stopped`;
    case 'mark':
      return `${time}  -- ${event.label}`;
  }
}

export function describeFault(kind: string, code?: number, durationMs?: number): string {
  if (kind === 'exit') return `exit(${code ?? 1})`;
  if (kind === 'hang') return `hang ${durationMs ?? 1000} ms`;
  return kind;
}

/** A client fault as text: `reset`, `stall 20 bytes`, `slow-drip every 50 ms`, `oversized 100000 bytes`. */
export function describeClientFault(fault: ClientFault): string {
  switch (fault.kind) {
    case 'abort-after':
      return `abort-after ${fault.bytes} byte${fault.bytes === 1 ? '' : 's'}`;
    case 'stall':
      return fault.bytes === undefined ? 'stall' : `stall after ${fault.bytes} byte${fault.bytes === 1 ? '' : 's'}`;
    case 'slow-drip':
      return `slow-drip every ${fault.intervalMs} ms`;
    case 'oversized':
      return `oversized ${fault.bytes} bytes`;
    default:
      return fault.kind;
  }
}

/** Several events, one per line, each with the given indent. */
export function formatEvents(events: readonly HistoryEvent[], indent = ''): string {
  return events.map((event) => `${indent}${formatEvent(event)}`).join('\n');
}
