// Reads Linux's /proc: processes, their parents, groups, command lines, environment, and listening TCP ports.

import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';

export interface ProcStat {
  pid: number;
  ppid: number;
  pgid: number;
  /** R, S, D, Z (zombie), T... */
  state: string;
}

/** The pids of every process on the machine. */
export function listPids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (Number.isInteger(pid) && pid > 0) pids.push(pid);
  }
  return pids;
}

/** The state of a process, or undefined if it is gone. */
export function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (2nd field) is in parentheses and may itself contain spaces and parentheses.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, state: rest[0] ?? '?', ppid: Number(rest[1]), pgid: Number(rest[2]) };
}

/** True while the process exists and is not a zombie (a zombie has ended; only its exit status remains). */
export function isRunning(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

export function readCommandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

/**
 * The value of one variable in the environment the process started with: undefined when it is not set, null when the
 * environment cannot be read (the process is gone, or in the middle of an exec).
 */
export function readEnvironmentVariable(pid: number, name: string): string | undefined | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return null;
  }
  // A zombie, or a process between fork and exec's new image, may show an empty environment: not readable yet.
  if (text === '') return null;
  const prefix = `${name}=`;
  for (const entry of text.split('\0')) if (entry.startsWith(prefix)) return entry.slice(prefix.length);
  return undefined;
}

/** The running (non-zombie) children of a process. */
export function childrenOf(pid: number): number[] {
  const children: number[] = [];
  // /proc/PID/task/TID/children lists the children of each thread; a child may be forked from any thread.
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return children;
  }
  for (const task of tasks) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const field of text.split(' ')) {
      const child = Number(field);
      if (field !== '' && Number.isInteger(child) && isRunning(child)) children.push(child);
    }
  }
  return children;
}

/**
 * Every running process that carries the given CLUSTER_CHAOS_PROBE value in its environment, or belongs to the
 * given process group: the processes of one cluster, including those that left its group (daemons).
 */
export function findClusterProcesses(probeSocketPath: string, processGroup: number): number[] {
  const found: number[] = [];
  for (const pid of listPids()) {
    if (pid === process.pid) continue;
    const stat = readStat(pid);
    if (!stat || stat.state === 'Z' || stat.state === 'X') continue;
    if (stat.pgid === processGroup || readEnvironmentVariable(pid, 'CLUSTER_CHAOS_PROBE') === probeSocketPath) {
      found.push(pid);
    }
  }
  return found;
}

/** True if some socket listens on 127.0.0.1 or any address at this TCP port (IPv4 or IPv6). */
export function isPortListening(port: number): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 0A is LISTEN.
      if (fields[3] === '0A' && fields[1]?.endsWith(`:${hexPort}`)) return true;
    }
  }
  return false;
}

/** The basename of the executable a process runs (`node`, `sh`...), or undefined if it is gone. */
export function readExecutableName(pid: number): string | undefined {
  try {
    return basename(readlinkSync(`/proc/${pid}/exe`));
  } catch {
    return undefined;
  }
}
