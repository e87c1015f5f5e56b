// The probe: preloaded (`--require` through NODE_OPTIONS) into every node process of a cluster under test.
//
// It reports to the harness over the Unix socket named in CLUSTER_CHAOS_PROBE, one JSON line per message:
// hello (pid, ppid, argv, whether node:cluster forked it), listen-called, listening (port), listen-error (code),
// started (main module ran), forked (a child with an IPC channel), child-exit (that child's exit), connection (client port, accepted from a server,
// by node:cluster's round-robin primary, or handed over through IPC), dispatch (a connection sent to a child through
// IPC: the app's hand-off or node:cluster's round robin), fault-landed, hang-end, disarmed, exit (code).
// Its socket closing is the harness's signal that the process is gone. It executes the faults the harness
// asks for. It depends on nothing, never keeps a process alive (its socket is unref'd), never throws into the app,
// and changes nothing the app does, except for the faults it is told to inject.
'use strict';

(function installProbe() {
  const socketPath = process.env.CLUSTER_CHAOS_PROBE;
  if (!socketPath || global.__clusterChaosProbe) return;
  // One probe per process, in its main thread. Node 20 runs preloads in the thread of module.register()'s hooks too
  // (a TypeScript loader such as tsx), whose global is not the main thread's: a second probe there would say hello
  // and "started" for the same pid before the app has run.
  if (!require('node:worker_threads').isMainThread) return;
  global.__clusterChaosProbe = true;

  const net = require('node:net');

  const pending = [];
  let connected = false;
  let listenCalled = false;

  const channel = net.createConnection(socketPath);
  channel.unref();
  channel.setNoDelay?.(true);
  channel.on('connect', () => {
    connected = true;
    for (const line of pending.splice(0)) channel.write(line);
  });
  // The harness going away must never take the app down with it.
  channel.on('error', () => {});

  function report(message) {
    try {
      message.pid = process.pid;
      message.t = process.hrtime.bigint().toString();
      const line = `${JSON.stringify(message)}\n`;
      if (connected) channel.write(line);
      else pending.push(line);
    } catch {
      // A harness gone, a channel closed: never the app's problem.
    }
  }

  // The faults this process is told to inject, now or as its next connection comes.
  const faults = require('./probe-faults.cjs').createFaultExecutor(report);

  report({
    type: 'hello',
    ppid: process.ppid,
    argv: process.argv.slice(0, 4),
    nodeClusterWorker: isNodeClusterWorker(),
  });

  /**
   * Whether node:cluster forked this process (`cluster.fork`). Node reads and deletes NODE_UNIQUE_ID before it runs the
   * preloads (so that the worker's own children do not inherit it), having loaded its cluster worker code by then; so
   * the env variable is checked first (a Node that would keep it), then `cluster.isWorker` if, and only if, Node has
   * already loaded node:cluster: loading it here would read NODE_CLUSTER_SCHED_POLICY before the app could set it.
   */
  function isNodeClusterWorker() {
    if (process.env.NODE_UNIQUE_ID !== undefined) return true;
    try {
      const loaded = process.moduleLoadList;
      return (
        Array.isArray(loaded) && loaded.includes('NativeModule cluster') && require('node:cluster').isWorker === true
      );
    } catch {
      return false;
    }
  }

  // Commands from the harness: faults to inject now, or to arm for the next connection.
  let buffered = '';
  channel.setEncoding('utf8');
  channel.on('data', (chunk) => {
    buffered += chunk;
    for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      let command;
      try {
        command = JSON.parse(line);
      } catch {
        continue;
      }
      if (command.type === 'fault') {
        report({ type: 'fault-landed', fault: command.fault, kind: command.kind });
        faults.injectNow(command);
      } else if (command.type === 'arm') {
        faults.arm(command);
      } else if (command.type === 'ping') {
        // Reports are in order on this socket: the pong tells the harness it has read everything sent before.
        report({ type: 'pong', ping: command.ping });
      } else if (command.type === 'disarm') {
        // After any landing of that fault (reports are in order): the harness knows which came first.
        report({ type: 'disarmed', fault: command.fault, wasArmed: faults.disarm(command.fault) });
      }
    }
  });

  /**
   * The client port of a connection handle, or undefined when the handle is no connection (a server, a pipe, a UDP
   * socket): a net.Socket's `remotePort`, or what a raw TCP handle's `getpeername` gives (node:cluster's round robin
   * passes raw handles). Never throws.
   */
  function clientPortOf(handle) {
    try {
      if (handle === null || typeof handle !== 'object') return undefined;
      if (handle instanceof net.Socket) return typeof handle.remotePort === 'number' ? handle.remotePort : undefined;
      if (typeof handle.getpeername !== 'function') return undefined;
      const peer = {};
      return handle.getpeername(peer) === 0 && typeof peer.port === 'number' ? peer.port : undefined;
    } catch {
      return undefined;
    }
  }

  // Servers: listen calls, listening, listen errors, accepted connections (plain net, http, cluster workers).
  const serverProto = net.Server.prototype;
  const originalListen = serverProto.listen;
  serverProto.listen = function probedListen() {
    if (!listenCalled) {
      listenCalled = true;
      report({ type: 'listen-called' });
    }
    return originalListen.apply(this, arguments);
  };

  const originalServerEmit = serverProto.emit;
  serverProto.emit = function probedServerEmit(event, argument) {
    if (event === 'connection' && argument && typeof argument.remotePort === 'number') {
      report({ type: 'connection', clientPort: argument.remotePort, via: 'accept' });
      if (faults.fireArmed(argument.remotePort)) return true;
    } else if (event === 'listening') {
      const address = this.address();
      if (address && typeof address === 'object') report({ type: 'listening', port: address.port });
      // node:cluster's round-robin primary takes the listening handle from its internal server in a 'listening'
      // listener and accepts on it with its own onconnection: seen here as the handle leaving the server with a new
      // onconnection.
      const handle = this._handle;
      const onconnection = handle ? handle.onconnection : undefined;
      const result = originalServerEmit.apply(this, arguments);
      if (
        handle &&
        this._handle !== handle &&
        typeof handle.onconnection === 'function' &&
        handle.onconnection !== onconnection
      ) {
        probeRoundRobinAccepts(handle);
      }
      return result;
    } else if (event === 'error' && argument && argument.syscall === 'listen') {
      report({ type: 'listen-error', code: argument.code, port: argument.port });
    }
    return originalServerEmit.apply(this, arguments);
  };

  /** The round-robin primary's accepts: reported (and armed faults fired) before it hands the connection to a worker. */
  function probeRoundRobinAccepts(handle) {
    const distribute = handle.onconnection;
    handle.onconnection = function probedRoundRobinConnection(error, clientHandle) {
      const clientPort = error ? undefined : clientPortOf(clientHandle);
      if (clientPort !== undefined) {
        report({ type: 'connection', clientPort, via: 'accept' });
        if (faults.fireArmed(clientPort)) return;
      }
      return distribute.apply(this, arguments);
    };
  }

  // Sockets handed over through IPC (`subprocess.send('socket', socket)` in the master).
  const originalProcessEmit = process.emit;
  process.emit = function probedProcessEmit(event, _message, handle) {
    if (event === 'message' && handle instanceof net.Socket && typeof handle.remotePort === 'number') {
      report({ type: 'connection', clientPort: handle.remotePort, via: 'handoff' });
      if (faults.fireArmed(handle.remotePort)) return true;
    }
    return originalProcessEmit.apply(this, arguments);
  };

  // Children with an IPC channel (child_process.fork, cluster.fork, spawn with 'ipc'): each is reported as forked (the
  // harness locates the master as the process that forks), and its `send` reports every connection sent through it,
  // before it goes: the app's own hand-off (`child.send('socket', socket)`) and node:cluster's round robin (the
  // primary's `worker.process.send({ cmd: 'NODE_CLUSTER', act: 'newconn' }, handle)`). The channel is set up inside
  // `spawn`, which then defines `send` on the child itself.
  const ChildProcess = require('node:child_process').ChildProcess;
  const originalSpawn = ChildProcess.prototype.spawn;
  ChildProcess.prototype.spawn = function probedSpawn() {
    const result = originalSpawn.apply(this, arguments);
    try {
      if (this.channel != null && typeof this.send === 'function') {
        probeSends(this);
        if (typeof this.pid === 'number') {
          report({ type: 'forked', child: this.pid });
          // A child that dies before its own probe connects is seen only here (a worker crashing at boot).
          const child = this.pid;
          this.once('exit', (code, signal) => report({ type: 'child-exit', child, code, signal }));
        }
      }
    } catch {
      // Never the app's problem.
    }
    return result;
  };

  function probeSends(child) {
    const send = child.send;
    child.send = function probedSend(message, handle) {
      try {
        if (handle !== undefined && handle !== null && typeof handle === 'object') {
          const clientPort = clientPortOf(handle);
          if (clientPort !== undefined) {
            const by =
              message !== null && typeof message === 'object' && message.cmd === 'NODE_CLUSTER'
                ? 'node:cluster'
                : 'app';
            report({ type: 'dispatch', clientPort, to: child.pid, by });
          }
        }
      } catch {
        // A message whose `cmd` getter throws is the app's to send as it is.
      }
      return send.apply(this, arguments);
    };
  }

  // "started": the main module's synchronous code has run, so a worker that listens has called listen by now. A
  // CommonJS main runs right after the preloads, so before the first immediate. An ES module main (and, on Node 20,
  // any main once an --import loader such as tsx is in play) is loaded asynchronously and may still be loading then:
  // Node holds an 'exit' listener, handleProcessExit, while it loads the main module, and removes it once the module
  // (its top-level await included) has been evaluated. That removal is the event.
  const reportStarted = () => report({ type: 'started', listenCalled });
  setImmediate(() => {
    const loading =
      process.mainModule === undefined &&
      process.listeners('exit').find((listener) => listener.name === 'handleProcessExit');
    if (!loading) {
      reportStarted();
      return;
    }
    process.on('removeListener', function mainEvaluated(event, listener) {
      if (event !== 'exit' || listener !== loading) return;
      process.removeListener('removeListener', mainEvaluated);
      reportStarted();
    });
  });

  process.on('exit', (code) => report({ type: 'exit', code }));
})();
