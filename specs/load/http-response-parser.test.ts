// The HTTP/1.1 response parser of fresh HTTP connections (pure): framings, replies, and any split of the bytes.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { HttpResponseParser, type EndState } from '../../src/load/http-response-parser.js';

/** Feeds `response` in the given pieces; ends the stream only if the parser still wants more. */
function parse(pieces: string[]): { progress: string; end: EndState | undefined; reply: string } {
  const parser = new HttpResponseParser();
  let progress = 'more';
  for (const piece of pieces) {
    progress = parser.push(Buffer.from(piece, 'utf8'));
    if (progress !== 'more') break;
  }
  const end = progress === 'more' ? parser.end() : undefined;
  return { progress, end, reply: parser.reply() };
}

const complete: [string, string, string][] = [
  ['Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello', '200 hello'],
  ['an empty Content-Length body', 'HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n', '404 '],
  [
    'chunked',
    'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n',
    '200 hello, world',
  ],
  [
    'chunked with trailers',
    'HTTP/1.1 500 Oops\r\ntransfer-encoding: gzip, chunked\r\n\r\na\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n',
    '500 0123456789',
  ],
  [
    'a 100 Continue first',
    'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok',
    '201 ok',
  ],
  ['204 without a body', 'HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n', '204 '],
  ['HTTP/1.0', 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi', '200 hi'],
];

describe('HttpResponseParser', () => {
  test.each(complete)(
    'a complete response (%s) is complete as soon as its last byte arrives',
    (_name, response, reply) => {
      expect(parse([response])).toEqual({ progress: 'complete', end: undefined, reply });
    },
  );

  test('a body without framing runs to the end of the stream', () => {
    expect(parse(['HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nto the', ' end'])).toEqual({
      progress: 'more',
      end: 'complete',
      reply: '200 to the end',
    });
  });

  test.each([
    ['nothing', [], 'empty', ''],
    ['half a status line', ['HTTP/1.1 2'], 'truncated', 'HTTP/1.1 2'],
    [
      'headers without their end',
      ['HTTP/1.1 200 OK\r\nContent-Length: 3\r\n'],
      'truncated',
      'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n',
    ],
    ['a short body', ['HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nab'], 'truncated', '200 ab'],
    [
      'a chunked body with no last chunk',
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n'],
      'truncated',
      '200 ab',
    ],
  ] as const)('%s, then a clean end: %s', (_name, pieces, end, reply) => {
    expect(parse([...pieces])).toEqual({ progress: 'more', end, reply });
  });

  test.each([
    ['not HTTP', 'handle by worker: 42\r\n\r\n'],
    ['a bad Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n'],
    ['two different Content-Lengths', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n'],
    ['a header line without a colon', 'HTTP/1.1 200 OK\r\nbroken\r\n\r\n'],
    ['not HTTP, with no blank line', 'handle by worker: 42'],
  ])('%s is invalid, and the reply is what arrived', (_name, response) => {
    expect(parse([response])).toEqual({ progress: 'invalid', end: undefined, reply: response });
  });

  test('a few bytes that cannot start a status line are invalid at once', () => {
    expect(parse(['OK'])).toEqual({ progress: 'invalid', end: undefined, reply: 'OK' });
  });

  test.each([
    ['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', '200 '],
    [
      'chunk data longer than its size',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nabc\r\n0\r\n\r\n',
      '200 a',
    ],
  ])('%s is invalid, and the reply is the status and the body so far', (_name, response, reply) => {
    expect(parse([response])).toEqual({ progress: 'invalid', end: undefined, reply });
  });

  test('the reply keeps the first 200 characters', () => {
    const body = 'ü'.repeat(1000);
    expect(parse([`HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`]).reply).toBe(
      `200 ${body}`.slice(0, 200),
    );
  });

  test('any split of the bytes gives the same result as one piece', () => {
    const responses = [...complete.map(([, response]) => response), 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nab'];
    fc.assert(
      fc.property(fc.constantFrom(...responses), fc.array(fc.nat(), { maxLength: 12 }), (response, cuts) => {
        const bytes = Buffer.from(response, 'utf8');
        const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
        const pieces: Buffer[] = [];
        let start = 0;
        for (const point of [...points, bytes.length]) {
          pieces.push(bytes.subarray(start, point));
          start = point;
        }
        const whole = new HttpResponseParser();
        const split = new HttpResponseParser();
        const wholeProgress = whole.push(bytes);
        let splitProgress = 'more';
        for (const piece of pieces) if (splitProgress === 'more') splitProgress = split.push(piece);
        expect(splitProgress).toBe(wholeProgress);
        if (wholeProgress === 'more') expect(split.end()).toBe(whole.end());
        expect(split.reply()).toBe(whole.reply());
      }),
    );
  });
});
