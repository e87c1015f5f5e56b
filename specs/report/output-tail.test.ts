// The app's output in a report: the stack traces of faults cluster-chaos injected fold into one line; the app's own errors stay whole.

import { describe, expect, it } from 'vitest';
import { foldInjectedFaultTraces } from '../../src/report/_internals/output-tail.js';
import { injectedTrace } from './_campaigns.js';

describe('foldInjectedFaultTraces', () => {
  it("folds Node's whole report of an injected uncaught exception, as the output buffer's tail marks it", () => {
    const output = ['  worker 101 online', ...injectedTrace, '  worker 101 exited (1)'].join('\n');
    expect(foldInjectedFaultTraces(output).split('\n')).toEqual([
      '  worker 101 online',
      '! [the stack trace of fault #2 (an injected uncaught exception) is left out: --verbose shows it]',
      '  worker 101 exited (1)',
    ]);
  });

  it('folds a raw unhandled rejection too (no stream marks), and each of several traces', () => {
    const rejection = [
      '/work/main/src/cluster/probe.cjs:98',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the app's output quotes its source, template literal and all.
      '        Promise.reject(new InjectedFault(`cluster-chaos: injected unhandled rejection (fault ${fault.fault})`));',
      '                       ^',
      '',
      'InjectedFault [Error]: cluster-chaos: injected unhandled rejection (fault 4)',
      '    at Timeout._onTimeout (/work/main/src/cluster/probe.cjs:98:24)',
      '    at listOnTimeout (node:internal/timers:581:17)',
      '',
      'Node.js v22.12.0',
    ];
    const output = [...rejection, 'between', ...rejection.map((line) => line.replace('fault 4', 'fault 5'))].join('\n');
    expect(foldInjectedFaultTraces(output).split('\n')).toEqual([
      '[the stack trace of fault #4 (an injected unhandled rejection) is left out: --verbose shows it]',
      'between',
      '[the stack trace of fault #5 (an injected unhandled rejection) is left out: --verbose shows it]',
    ]);
  });

  it("keeps the app's own errors, and a trace cut by the tail keeps what is not the injected fault's", () => {
    const own = [
      '/app/master.js:28',
      "  workers[workerId % 10].send('socket', socket)",
      '                         ^',
      '',
      "TypeError: Cannot read properties of undefined (reading 'send')",
      '    at Server.<anonymous> (/app/master.js:28:26)',
    ].join('\n');
    expect(foldInjectedFaultTraces(own)).toBe(own);
    const cut = ['!     at listOnTimeout (node:internal/timers:581:17)', '! ', '! Node.js v20.20.2', '  next'].join(
      '\n',
    );
    expect(foldInjectedFaultTraces(cut)).toBe(cut);
  });
});
