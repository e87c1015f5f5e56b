// The checks of single load options, shared by burst() and connectOnce(): each returns the value or throws LoadOptionsError.

import { LoadOptionsError } from './errors.js';

/** The only host the load driver connects to. */
export const LOOPBACK = '127.0.0.1';

export function checkPort(port: unknown, caller: string): number {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new LoadOptionsError('port', port, 'an integer from 1 to 65535', caller);
  }
  return port;
}

export function checkHost(host: unknown, caller: string): string {
  if (host !== undefined && host !== LOOPBACK) throw new LoadOptionsError('host', host, `"${LOOPBACK}"`, caller);
  return LOOPBACK;
}

export function checkProtocol(protocol: unknown, caller: string): 'tcp' | 'http' {
  if (protocol === undefined) return 'tcp';
  if (protocol !== 'tcp' && protocol !== 'http')
    throw new LoadOptionsError('protocol', protocol, '"tcp" or "http"', caller);
  return protocol;
}

export function checkInteger(option: string, value: unknown, caller: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new LoadOptionsError(option, value, 'an integer >= 1', caller);
  }
  return value;
}

export function checkDuration(option: string, value: unknown, caller: string): number {
  // setTimeout turns anything above 2^31 - 1 ms into 1 ms: refuse it rather than time out at once.
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 2 ** 31 - 1) {
    throw new LoadOptionsError(option, value, 'a number of milliseconds > 0 (and < 2^31)', caller);
  }
  return value;
}

export function checkPayload(payload: unknown, caller: string): Buffer | undefined {
  if (payload === undefined) return undefined;
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  if (Buffer.isBuffer(payload)) return payload;
  throw new LoadOptionsError('payload', payload, 'a string or a Buffer', caller);
}

export function checkSignal(signal: unknown, caller: string): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  if (!(signal instanceof AbortSignal)) throw new LoadOptionsError('signal', signal, 'an AbortSignal', caller);
  return signal;
}
