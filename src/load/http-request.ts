// Builds the bytes of the one HTTP/1.1 request a fresh connection sends: `GET /`, or `POST /` with a body, and `Connection: close`.

/** The whole request, built once per burst and written as is on every connection. */
export function buildHttpRequest(host: string, port: number, body: Buffer | undefined): Buffer {
  const start = body === undefined ? 'GET / HTTP/1.1' : 'POST / HTTP/1.1';
  let head = `${start}\r\nHost: ${host}:${port}\r\nConnection: close\r\n`;
  if (body !== undefined) head += `Content-Type: application/octet-stream\r\nContent-Length: ${body.length}\r\n`;
  head += '\r\n';
  const bytes = Buffer.from(head, 'latin1');
  return body === undefined ? bytes : Buffer.concat([bytes, body]);
}
