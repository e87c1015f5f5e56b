// The checks an option's number goes through where it enters, each throwing a ClusterOptionsError that names it.

import { ClusterOptionsError } from '../../cluster/errors.js';

export function positive(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ClusterOptionsError(option, `must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function nonNegative(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new ClusterOptionsError(option, `must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return value;
}
