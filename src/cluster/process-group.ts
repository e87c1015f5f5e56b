// Spawning a command in its own process group, its output always drained: for the cluster's launch and reload commands.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface ProcessGroupOptions {
  cwd: string | undefined;
  env: NodeJS.ProcessEnv;
  /** Receives every chunk the command writes. */
  onOutput: (stream: 'stdout' | 'stderr', data: Buffer) => void;
}

/**
 * Spawns `argv` as the leader of a new process group, so that one kill of the group ends whatever it started. Its
 * stdout and stderr are always read: an unread pipe blocks a chatty app, and the harness would blame the app.
 */
export function spawnInProcessGroup(argv: readonly string[], options: ProcessGroupOptions): ChildProcess {
  const [file, ...args] = argv as [string, ...string[]];
  const child = spawn(file, args, {
    cwd: options.cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.env,
  });
  child.stdout?.on('data', (data: Buffer) => options.onOutput('stdout', data));
  child.stderr?.on('data', (data: Buffer) => options.onOutput('stderr', data));
  return child;
}

/**
 * A command's last output may still be in the pipe when its exit is seen: read it, until the end of its streams or
 * 200 ms, whichever comes first (processes it started may hold the pipes open).
 */
export async function drainOutput(child: ChildProcess | undefined): Promise<void> {
  const streams = [child?.stdout, child?.stderr].filter(
    (stream): stream is NonNullable<typeof stream> => stream != null && !stream.readableEnded,
  );
  if (streams.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(streams.map((stream) => once(stream, 'end').catch(() => undefined))),
    new Promise((resolve) => (timer = setTimeout(resolve, 200))),
  ]);
  clearTimeout(timer);
}

/** SIGKILL to every process of the group; nothing to do when the group is empty already. */
export function killProcessGroup(group: number): void {
  try {
    process.kill(-group, 'SIGKILL');
  } catch {
    // The group is empty.
  }
}
