// An incremental parser of one HTTP/1.1 response (status line, headers, and a body framed by Content-Length, chunked encoding or the end of the stream).

import { ReplyBuffer, REPLY_CHARS } from './reply-buffer.js';

/** What the parser knows after a chunk: it needs more bytes, the response is complete, or it is not HTTP. */
export type ParseProgress = 'more' | 'complete' | 'invalid';

/** How a response stood when its stream ended cleanly. */
export type EndState = 'complete' | 'empty' | 'truncated' | 'invalid';

/** Headers bigger than this are not a response we accept (Node's own limit is 16 KiB). */
const MAX_HEAD_BYTES = 64 * 1024;
/** A chunk-size or trailer line longer than this is malformed. */
const MAX_LINE_BYTES = 4 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
const VERSION = Buffer.from('HTTP/1.', 'latin1');
const LINE_FEED = 0x0a;
const STATUS_LINE = /^HTTP\/1\.[01] ([1-5]\d\d)(?: |$)/;
const DIGITS = /^\d+$/;
const HEX = /^[0-9a-fA-F]+$/;

type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'eof' | 'done' | 'invalid';

/**
 * Parses the response to one request sent with `Connection: close`. Feed it every chunk with `push`, and call
 * `end` on a clean end of stream. It keeps only what a `reply` needs: the status and the first bytes of the body.
 * Informational (1xx) responses are skipped; 204 and 304 have no body; without Content-Length or chunked encoding,
 * the body runs to the end of the stream.
 */
export class HttpResponseParser {
  #state: State = 'head';
  #head: Buffer | undefined;
  /** Bytes of the body (or of a chunk) still to read. */
  #remaining = 0;
  /** A chunk-size or trailer line split across chunks. */
  #line = '';
  #status = 0;
  #received = 0;
  readonly #body = new ReplyBuffer();
  /** What arrived, kept for the reply when the bytes are not an HTTP response. */
  #raw: ReplyBuffer | undefined;

  /** The status code, once the status line was read (0 before). */
  get status(): number {
    return this.#status;
  }

  /** The number of bytes received so far. */
  get received(): number {
    return this.#received;
  }

  /** Feeds the next chunk of the stream. */
  push(chunk: Buffer): ParseProgress {
    this.#received += chunk.length;
    if (this.#state === 'done') return 'complete';
    if (this.#state === 'invalid') return 'invalid';
    let offset = 0;
    if (this.#state === 'head') {
      const data = this.#head === undefined ? chunk : Buffer.concat([this.#head, chunk]);
      offset = this.#readHeads(data);
      if (this.#state === 'head' || this.#state === 'invalid') return this.#progress();
      chunk = data;
    }
    this.#readBody(chunk, offset);
    return this.#progress();
  }

  /** The stream ended cleanly: says whether the response was complete. */
  end(): EndState {
    if (this.#state === 'eof') this.#state = 'done';
    if (this.#state === 'done') return 'complete';
    if (this.#state === 'invalid') return 'invalid';
    return this.#received === 0 ? 'empty' : 'truncated';
  }

  /**
   * The reply text: `<status> <body>` for a response, or the bytes received as they are when they were not HTTP,
   * cut to `REPLY_CHARS` characters.
   */
  reply(): string {
    if (this.#raw !== undefined) return this.#raw.text();
    if (this.#status === 0)
      return this.#head === undefined ? '' : this.#head.toString('utf8', 0, REPLY_CHARS * 4).slice(0, REPLY_CHARS);
    const text = `${this.#status} ${this.#body.text()}`;
    return text.length > REPLY_CHARS ? text.slice(0, REPLY_CHARS) : text;
  }

  #progress(): ParseProgress {
    return this.#state === 'done' ? 'complete' : this.#state === 'invalid' ? 'invalid' : 'more';
  }

  /** Not HTTP. Bytes that are not even a response head are kept as the reply; a bad body keeps `<status> <body>`. */
  #invalid(head?: Buffer): void {
    this.#state = 'invalid';
    if (head === undefined) return;
    this.#raw = new ReplyBuffer();
    this.#raw.push(head);
  }

  /** Reads status line and headers (skipping 1xx responses); returns the offset where the body starts. */
  #readHeads(data: Buffer): number {
    let offset = 0;
    for (;;) {
      const end = data.indexOf(HEAD_END, offset);
      if (end < 0) {
        // A server that is not HTTP may never send a blank line: judge it by its first bytes.
        if (data.length - offset > MAX_HEAD_BYTES || !startsLikeHttp(data, offset)) this.#invalid(data);
        else this.#head = offset === 0 ? data : data.subarray(offset);
        return data.length;
      }
      this.#head = undefined;
      const lines = data.toString('latin1', offset, end).split('\r\n');
      const status = STATUS_LINE.exec(lines[0]!);
      if (status === null) {
        this.#invalid(data);
        return data.length;
      }
      this.#status = Number(status[1]);
      offset = end + HEAD_END.length;
      // 101 switches protocols: the HTTP exchange is over, and it did answer.
      if (this.#status >= 100 && this.#status < 200 && this.#status !== 101) continue;
      if (!this.#frameBody(lines)) this.#invalid(data);
      return offset;
    }
  }

  /** Chooses how the body is framed from the headers; false when they are contradictory or malformed. */
  #frameBody(lines: string[]): boolean {
    if (this.#status === 101 || this.#status === 204 || this.#status === 304) {
      this.#state = 'done';
      return true;
    }
    let contentLength: string | undefined;
    let chunked = false;
    for (let index = 1; index < lines.length; index++) {
      const line = lines[index]!;
      const colon = line.indexOf(':');
      if (colon <= 0) return false;
      const name = line.slice(0, colon).trim().toLowerCase();
      if (name === 'content-length') {
        const value = line.slice(colon + 1).trim();
        if (!DIGITS.test(value) || (contentLength !== undefined && contentLength !== value)) return false;
        contentLength = value;
      } else if (name === 'transfer-encoding') {
        const codings = line.slice(colon + 1).split(',');
        chunked = codings[codings.length - 1]!.trim().toLowerCase() === 'chunked';
      }
    }
    if (chunked) {
      this.#state = 'chunk-size';
      this.#line = '';
    } else if (contentLength !== undefined) {
      this.#remaining = Number(contentLength);
      this.#state = this.#remaining === 0 ? 'done' : 'length';
    } else {
      this.#state = 'eof';
    }
    return true;
  }

  #readBody(data: Buffer, offset: number): void {
    while (offset < data.length) {
      switch (this.#state) {
        case 'eof':
          this.#body.push(data, offset);
          return;
        case 'length': {
          const take = Math.min(this.#remaining, data.length - offset);
          this.#body.push(data, offset, offset + take);
          this.#remaining -= take;
          if (this.#remaining === 0) this.#state = 'done';
          // Bytes after a complete response are ignored: the connection closes.
          return;
        }
        case 'chunk-data': {
          const take = Math.min(this.#remaining, data.length - offset);
          this.#body.push(data, offset, offset + take);
          this.#remaining -= take;
          offset += take;
          if (this.#remaining === 0) {
            this.#state = 'chunk-end';
            this.#line = '';
          }
          break;
        }
        case 'chunk-size':
        case 'chunk-end':
        case 'trailers': {
          const lineFeed = data.indexOf(LINE_FEED, offset);
          const stop = lineFeed < 0 ? data.length : lineFeed;
          this.#line += data.toString('latin1', offset, stop);
          if (this.#line.length > MAX_LINE_BYTES) {
            this.#invalid();
            return;
          }
          if (lineFeed < 0) return;
          offset = lineFeed + 1;
          const line = this.#line.endsWith('\r') ? this.#line.slice(0, -1) : this.#line;
          this.#line = '';
          if (!this.#readLine(line)) {
            this.#invalid();
            return;
          }
          break;
        }
        default:
          return;
      }
    }
  }

  /** One line of chunked framing, in the current state; false when it is malformed. */
  #readLine(line: string): boolean {
    if (this.#state === 'chunk-end') {
      this.#state = 'chunk-size';
      return line === '';
    }
    if (this.#state === 'trailers') {
      if (line === '') this.#state = 'done';
      return true;
    }
    const semicolon = line.indexOf(';');
    const size = (semicolon < 0 ? line : line.slice(0, semicolon)).trim();
    if (!HEX.test(size)) return false;
    this.#remaining = Number.parseInt(size, 16);
    this.#state = this.#remaining === 0 ? 'trailers' : 'chunk-data';
    return true;
  }
}

/** Whether the bytes from `offset` could be the start of an HTTP/1.x status line (`HTTP/1.`, or a prefix of it). */
function startsLikeHttp(data: Buffer, offset: number): boolean {
  const length = Math.min(VERSION.length, data.length - offset);
  return data.compare(VERSION, 0, length, offset, offset + length) === 0;
}
