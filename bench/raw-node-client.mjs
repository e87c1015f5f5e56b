// A floor for any Node client: fresh HTTP/1.1 connections with node:net and nothing else (no history, no outcome
// bookkeeping), closed as soon as the response is complete, as wrk and cluster.burst do.
//
//   node bench/raw-node-client.mjs PORT SECONDS CONCURRENCY
//
// Prints one JSON line: { answered, failed, seconds }.

import { connect } from 'node:net';

const [port, seconds, concurrency] = process.argv.slice(2).map(Number);
const request = Buffer.from(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`, 'latin1');
const HEAD_END = Buffer.from('\r\n\r\n');

/** One connection: true once a complete response (head and Content-Length bytes of body) has arrived. */
function once() {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (answered) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(answered);
    };
    socket.write(request);
    socket.on('data', (chunk) => {
      received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
      const headEnd = received.indexOf(HEAD_END);
      if (headEnd < 0) return;
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(received.subarray(0, headEnd).toString('latin1'));
      if (length && received.length >= headEnd + 4 + Number(length[1])) finish(true);
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
  });
}

let answered = 0;
let failed = 0;
const started = performance.now();
const deadline = started + seconds * 1000;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) {
      if (await once()) answered++;
      else failed++;
    }
  }),
);
console.log(JSON.stringify({ answered, failed, seconds: (performance.now() - started) / 1000 }));
