// The session watchdog: a detached process that kills every cluster its parent started once the parent dies.
//
// The parent (a test runner, the CLI) writes one line per change on our stdin: `+PGID PROBE_SOCKET_PATH` when it
// starts a cluster, `*PGID DIRECTORY` for each directory made for it (its fresh directories), and `-PGID` when it has
// stopped it. When stdin ends, the parent is gone, however it died (even SIGKILL): every group still registered is
// killed, and so is every process that still carries one of their probe socket paths in its environment (a daemon
// that left the group); then their directories are removed.
'use strict';

const fs = require('node:fs');

/** pgid -> probe socket path */
const groups = new Map();
/** pgid -> directories to remove */
const directories = new Map();
let buffered = '';

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffered += chunk;
  for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
    const line = buffered.slice(0, newline);
    buffered = buffered.slice(newline + 1);
    if (line.startsWith('+')) {
      const space = line.indexOf(' ');
      groups.set(Number(line.slice(1, space)), line.slice(space + 1));
    } else if (line.startsWith('*')) {
      const space = line.indexOf(' ');
      const pgid = Number(line.slice(1, space));
      if (!directories.has(pgid)) directories.set(pgid, []);
      directories.get(pgid).push(line.slice(space + 1));
    } else if (line.startsWith('-')) {
      groups.delete(Number(line.slice(1)));
      directories.delete(Number(line.slice(1)));
    }
  }
});

function killQuietly(target) {
  try {
    process.kill(target, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function reap() {
  if (groups.size === 0) return;
  for (const pgid of groups.keys()) killQuietly(-pgid);
  const paths = new Set(groups.values());
  for (const name of fs.readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let environ;
    try {
      environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
    } catch {
      continue;
    }
    for (const entry of environ.split('\0')) {
      if (entry.startsWith('CLUSTER_CHAOS_PROBE=') && paths.has(entry.slice('CLUSTER_CHAOS_PROBE='.length))) {
        killQuietly(pid);
        break;
      }
    }
  }
  for (const path of paths) {
    try {
      fs.rmSync(path, { force: true });
    } catch {
      // Not ours to worry about.
    }
  }
  for (const list of directories.values()) {
    for (const directory of list) {
      try {
        fs.rmSync(directory, { recursive: true, force: true });
      } catch {
        // Left in the temp folder.
      }
    }
  }
}

process.stdin.on('end', () => {
  reap();
  process.exit(0);
});
process.stdin.on('error', () => {
  reap();
  process.exit(0);
});
