// A hint when the losses of a run look like the wrong `protocol`: an HTTP app checked over TCP (it takes every
// connection and waits for a request that never comes), or a plain TCP app checked over HTTP (it answers bytes that
// are not an HTTP response).

import type { ConnectionRecord } from '../../history/connections.js';

/**
 * The hint for a failing run's losses, or undefined when they do not look like a protocol mismatch:
 * - tcp: no connection answered, and every loss is a connection a process of the cluster received that timed out
 *   with no byte back (an HTTP server waits for a request; over TCP, any byte the app sends back is an answer);
 * - http: a loss whose reply has bytes but no HTTP status (the app does not speak HTTP).
 */
export function protocolHint(
  answered: readonly ConnectionRecord[],
  lost: readonly ConnectionRecord[],
): string | undefined {
  if (lost.length === 0) return undefined;
  const protocol = lost[0]!.protocol;
  if (protocol === 'tcp') {
    const silent = (record: ConnectionRecord) =>
      record.outcome === 'timeout' && record.handledBy.length > 0 && !record.reply;
    if (answered.length === 0 && lost.every(silent)) {
      return "every connection was taken by the app and got no byte back in time: if the app speaks HTTP, check it with --protocol http (protocol: 'http'); over TCP, any byte the app sends back is an answer";
    }
    return undefined;
  }
  const notHttp = lost.find(
    (record) =>
      record.httpStatus === undefined &&
      record.reply !== undefined &&
      record.reply !== '' &&
      !/^\d{3}\b/.test(record.reply),
  );
  if (notHttp) {
    return `the app answered bytes that are not an HTTP response (${JSON.stringify(notHttp.reply!.slice(0, 40))}): if it speaks plain TCP, check it with --protocol tcp (protocol: 'tcp')`;
  }
  return undefined;
}
