// `--client-faults [KINDS]` and `--max-idle MS`: read into checkResilience's options, replayed, or a usage error.

import { describe, expect, test } from 'vitest';
import { parseCheckArgs, type CheckArguments } from '../../src/cli/parse-check-args.js';
import { replayLine } from '../../src/cli/replay-line.js';
import { UsageError } from '../../src/cli/usage-error.js';

const parsed = (argv: string[]) => parseCheckArgs(argv) as CheckArguments;

describe('--client-faults and --max-idle', () => {
  test('off unless given', () => {
    expect(parsed(['corrected/idle-timeout'])).toMatchObject({ clientFaults: false, maxIdleMs: undefined });
  });

  test('alone, before the entry or another flag, it means every kind the protocol can play', () => {
    expect(parsed(['--client-faults', 'corrected/idle-timeout']).clientFaults).toBe(true);
    expect(parsed(['corrected/idle-timeout', '--client-faults']).clientFaults).toBe(true);
    expect(parsed(['--client-faults', '--runs', '3', 'corrected/idle-timeout'])).toMatchObject({
      clientFaults: true,
      runs: 3,
    });
  });

  test('with a list of kinds, those kinds; an unknown kind is a usage error', () => {
    expect(parsed(['--client-faults', 'reset,stall', 'corrected/idle-timeout']).clientFaults).toEqual([
      'reset',
      'stall',
    ]);
    expect(parsed(['--client-faults=oversized', 'corrected/validates-body']).clientFaults).toEqual(['oversized']);
    expect(() => parsed(['--client-faults=resets', 'corrected/idle-timeout'])).toThrow(UsageError);
    expect(() => parsed(['--client-faults=resets', 'corrected/idle-timeout'])).toThrow(
      /--client-faults takes all or kinds separated by commas/,
    );
  });

  test('a kind the protocol cannot play is a usage error (over TCP runs send no payload to stall)', () => {
    expect(() => parsed(['--client-faults', 'stall', 'corrected/socket-error-handler'])).toThrow(
      /--client-faults: stall needs a request to cut or drip/,
    );
  });

  test('--max-idle: a positive integer below the connection timeout', () => {
    expect(parsed(['--max-idle', '1500', 'buggy/no-idle-timeout']).maxIdleMs).toBe(1500);
    expect(() => parsed(['--max-idle', '5000', 'buggy/no-idle-timeout'])).toThrow(
      /--max-idle: must be below the connection timeout \(3000 ms\)/,
    );
    expect(() => parsed(['--max-idle', 'soon', 'buggy/no-idle-timeout'])).toThrow(/--max-idle must be a positive/);
  });

  test('the replay line carries both, so that the seed draws the same schedules', () => {
    const args = parsed(['--client-faults', 'reset,stall', '--max-idle', '1500', 'corrected/idle-timeout']);
    expect(replayLine(args, 7, '3:d0')).toBe(
      'cluster-chaos check corrected/idle-timeout --workers 2 --seed 7 --path 3:d0 --client-faults reset,stall --max-idle 1500',
    );
    expect(replayLine(parsed(['--client-faults', 'corrected/idle-timeout']), 7, undefined)).toContain(
      ' --client-faults',
    );
  });
});
