// The output tail: stderr lines marked `!`, stdout lines never taken for stderr ones, lines split across chunks joined.

import { describe, expect, test } from 'vitest';
import { OutputBuffer } from '../../src/cluster/output-buffer.js';

describe('OutputBuffer.tail', () => {
  test('a stdout line after a stack trace on stderr is a stdout line', () => {
    const output = new OutputBuffer();
    output.push('stderr', 'Error: boom\n    at main (app.js:1:1)\n');
    output.push('stdout', 'listening again\n');
    expect(output.tail()).toBe('! Error: boom\n!     at main (app.js:1:1)\n  listening again');
  });

  test('a line written in two chunks of one stream is one line', () => {
    const output = new OutputBuffer();
    output.push('stdout', 'hel');
    output.push('stdout', 'lo\nworld\n');
    expect(output.tail()).toBe('  hello\n  world');
  });

  test('a line left open by one stream is not continued by the other', () => {
    const output = new OutputBuffer();
    output.push('stdout', 'progress: 50%');
    output.push('stderr', 'warning\n');
    expect(output.tail()).toBe('  progress: 50%\n! warning');
  });

  test('the last N lines only, blank trailing lines dropped', () => {
    const output = new OutputBuffer();
    for (let line = 1; line <= 30; line++) output.push('stdout', `line ${line}\n`);
    output.push('stdout', '\n\n');
    expect(output.tail(3)).toBe('  line 28\n  line 29\n  line 30');
  });
});
