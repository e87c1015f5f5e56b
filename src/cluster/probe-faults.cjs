// The probe's fault executor: the faults a process of the cluster is told to inject, now or on its next connection.
//
// Required by probe.cjs (CommonJS, no dependencies, like it). Every fault is reported through the probe's `report`
// as it lands; nothing here throws into the app but the faults it is told to inject.
'use strict';

/**
 * A fault executor over the probe's `report`: `injectNow(fault)`, `arm(fault)` for the next matching connection,
 * `disarm(faultNumber)` (true if it was still armed) and `fireArmed(clientPort)` as a connection arrives.
 */
function createFaultExecutor(report) {
  /** Faults armed to fire when this process next receives a connection. */
  let armed = [];

  class InjectedFault extends Error {}

  function injectNow(fault) {
    switch (fault.kind) {
      case 'exit':
        process.exit(typeof fault.code === 'number' ? fault.code : 1);
        break;
      case 'SIGKILL':
      case 'SIGTERM':
        process.kill(process.pid, fault.kind);
        break;
      case 'uncaught-exception':
        setImmediate(() => {
          throw new InjectedFault(`cluster-chaos: injected uncaught exception (fault ${fault.fault})`);
        });
        break;
      case 'unhandled-rejection':
        Promise.reject(new InjectedFault(`cluster-chaos: injected unhandled rejection (fault ${fault.fault})`));
        break;
      case 'hang':
        blockFor(fault.durationMs);
        // The process runs again: the harness counts it as available from here.
        report({ type: 'hang-end', fault: fault.fault });
        break;
      case 'ipc-disconnect':
        if (typeof process.disconnect === 'function' && process.connected) process.disconnect();
        break;
      default:
        break;
    }
  }

  function blockFor(ms) {
    const until = Date.now() + (typeof ms === 'number' ? ms : 1000);
    while (Date.now() < until) {
      // An event-loop hang on purpose: nothing else runs in this process meanwhile.
    }
  }

  /**
   * An armed fault fires as the connection reaches this process, before the app sees it. A fault that ends the
   * process keeps the connection from the app (the process dies holding it); a hang or a disconnect delays or
   * disturbs the process and then lets the app handle the connection.
   * Returns true when the app must not be given the connection.
   */
  function fireArmed(clientPort) {
    if (armed.length === 0) return false;
    const index = armed.findIndex((fault) => fault.match === 'next' || fault.match === clientPort);
    if (index < 0) return false;
    const fault = armed[index];
    armed.splice(index, 1);
    report({ type: 'fault-landed', fault: fault.fault, kind: fault.kind, clientPort });
    switch (fault.kind) {
      case 'hang':
      case 'ipc-disconnect':
        injectNow(fault);
        return false;
      case 'SIGTERM':
        // A graceful app may finish the connection it holds; an app without a handler dies right here.
        injectNow(fault);
        return false;
      case 'uncaught-exception':
      case 'unhandled-rejection':
        // Thrown now, from inside the delivery of the connection, so the app never gets to answer it.
        if (fault.kind === 'unhandled-rejection') {
          Promise.reject(new InjectedFault(`cluster-chaos: injected unhandled rejection (fault ${fault.fault})`));
          return true;
        }
        setImmediate(() => {
          throw new InjectedFault(`cluster-chaos: injected uncaught exception (fault ${fault.fault})`);
        });
        return true;
      default:
        injectNow(fault);
        return true;
    }
  }

  function arm(fault) {
    armed.push(fault);
  }

  function disarm(faultNumber) {
    const before = armed.length;
    armed = armed.filter((fault) => fault.fault !== faultNumber);
    return armed.length < before;
  }

  return { injectNow, arm, disarm, fireArmed };
}

module.exports = { createFaultExecutor };
