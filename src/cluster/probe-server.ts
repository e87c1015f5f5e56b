// The harness's end of the probes: a Unix socket server that reads each probe's reports and sends it commands.

import { createServer, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FaultKind } from '../history/events.js';

/** The probe's file, preloaded into every node process of a cluster. */
export const probePath = fileURLToPath(new URL('../../src/cluster/probe.cjs', import.meta.url));

/** A report from a probe; `t` is the process's `process.hrtime.bigint()` as a decimal string. */
export type ProbeReport = { pid: number; t: string } & (
  | { type: 'hello'; ppid: number; argv: string[]; nodeClusterWorker?: boolean }
  | { type: 'listen-called' }
  | { type: 'listening'; port: number }
  | { type: 'listen-error'; code: string; port?: number }
  | { type: 'started'; listenCalled: boolean }
  | { type: 'connection'; clientPort: number; via: 'accept' | 'handoff' }
  /** A connection sent to the child `to` through IPC, reported as it is sent. */
  | { type: 'dispatch'; clientPort: number; to: number; by: 'node:cluster' | 'app' }
  /** The process spawned a child with an IPC channel (child_process.fork, cluster.fork). */
  | { type: 'forked'; child: number }
  /** That child exited (seen by its parent: it may have died before its own probe connected). */
  | { type: 'child-exit'; child: number; code: number | null; signal: NodeJS.Signals | null }
  | { type: 'fault-landed'; fault: number; kind: FaultKind; clientPort?: number }
  /** A hang is over: the process runs again. */
  | { type: 'hang-end'; fault: number }
  /** The answer to a `disarm` command: whether the fault was still armed (false: it had landed, or was never armed). */
  | { type: 'disarmed'; fault: number; wasArmed: boolean }
  | { type: 'exit'; code: number }
  | { type: 'pong'; ping: number }
);

/** A command to a probe. */
export type ProbeCommand =
  | { type: 'fault'; fault: number; kind: FaultKind; code?: number; durationMs?: number }
  | { type: 'arm'; fault: number; kind: FaultKind; match: 'next' | number; code?: number; durationMs?: number }
  | { type: 'disarm'; fault: number }
  | { type: 'ping'; ping: number };

export interface ProbeServerHandlers {
  report(report: ProbeReport): void;
  /** The probe's socket closed: its process is gone (its pid, when it had said hello). */
  disconnected(pid: number | undefined): void;
}

let serverCount = 0;

/** Listens on a fresh Unix socket path; every probe of one cluster connects to it. */
export class ProbeServer {
  readonly socketPath: string;
  readonly #server: Server;
  readonly #byPid = new Map<number, Socket>();
  readonly #sockets = new Set<Socket>();
  readonly #handlers: ProbeServerHandlers;

  private constructor(socketPath: string, server: Server, handlers: ProbeServerHandlers) {
    this.socketPath = socketPath;
    this.#server = server;
    this.#handlers = handlers;
    server.on('connection', (socket) => this.#accept(socket));
  }

  static async listen(handlers: ProbeServerHandlers): Promise<ProbeServer> {
    const socketPath = join(tmpdir(), `cluster-chaos-${process.pid}-${++serverCount}-${Date.now().toString(36)}.sock`);
    rmSync(socketPath, { force: true });
    const server = createServer();
    const probeServer = new ProbeServer(socketPath, server, handlers);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
    // The harness's own test process must be able to exit while a cluster is still up (the watchdog reaps it).
    server.unref();
    return probeServer;
  }

  /** Sends a command to the probe of `pid`; false if that process has no probe connected (or is gone). */
  send(pid: number, command: ProbeCommand): boolean {
    const socket = this.#byPid.get(pid);
    if (!socket || socket.destroyed) return false;
    socket.write(`${JSON.stringify(command)}\n`);
    return true;
  }

  hasProbe(pid: number): boolean {
    const socket = this.#byPid.get(pid);
    return socket !== undefined && !socket.destroyed;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    rmSync(this.socketPath, { force: true });
  }

  #accept(socket: Socket): void {
    this.#sockets.add(socket);
    socket.unref();
    socket.setEncoding('utf8');
    let pid: number | undefined;
    let buffered = '';
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        let report: ProbeReport;
        try {
          report = JSON.parse(line) as ProbeReport;
        } catch {
          continue;
        }
        if (report.type === 'hello') {
          pid = report.pid;
          this.#byPid.set(pid, socket);
        }
        this.#handlers.report(report);
      }
    });
    // A process that dies closes its end: 'close' follows 'end' or an error such as ECONNRESET.
    socket.on('error', () => {});
    socket.on('close', () => {
      this.#sockets.delete(socket);
      if (pid !== undefined && this.#byPid.get(pid) === socket) this.#byPid.delete(pid);
      this.#handlers.disconnected(pid);
    });
  }
}
