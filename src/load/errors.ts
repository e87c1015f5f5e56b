// The typed error for invalid load options (burst, connectOnce), thrown where the options enter.

import { inspect } from 'node:util';
import { ClusterChaosError, type ClusterChaosErrorOptions } from '../errors/cluster-chaos-error.js';

/**
 * An option of `burst()` or `connectOnce()` is invalid. The message names the option, what was expected and
 * the value given, e.g. `burst option "count" must be an integer >= 1, got 0`.
 */
export class LoadOptionsError extends ClusterChaosError {
  override readonly name = 'LoadOptionsError';
  /** The option at fault, e.g. `count`. */
  readonly option: string;
  /** The value that was given. */
  readonly value: unknown;

  constructor(
    option: string,
    value: unknown,
    expected: string,
    caller = 'burst',
    options: Pick<ClusterChaosErrorOptions, 'cause'> = {},
  ) {
    const given = inspect(value, { depth: 0, breakLength: Infinity });
    super(`${caller} option "${option}" must be ${expected}, got ${given}`, options);
    this.option = option;
    this.value = value;
  }
}
