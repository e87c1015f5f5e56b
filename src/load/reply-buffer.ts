// Keeps the first bytes of an answer, bounded, to turn into the `reply` text of a connection-close event.

/** The number of characters a `reply` keeps. */
export const REPLY_CHARS = 200;

/** Enough bytes for `REPLY_CHARS` UTF-8 characters of up to four bytes each, plus one cut character. */
const REPLY_BYTES = REPLY_CHARS * 4 + 4;

/**
 * The first `REPLY_BYTES` bytes received, without copying in the common case of an answer that arrives in one
 * chunk (a chunk from a socket is never reused by Node, so holding it is safe).
 */
export class ReplyBuffer {
  #first: Buffer | undefined;
  #more: Buffer[] | undefined;
  #kept = 0;

  /** Keeps the start of `chunk` (from `start` to `end`) while the bound is not reached. */
  push(chunk: Buffer, start = 0, end = chunk.length): void {
    const room = REPLY_BYTES - this.#kept;
    if (room <= 0 || end <= start) return;
    const piece =
      start === 0 && end === chunk.length && end <= room ? chunk : chunk.subarray(start, Math.min(end, start + room));
    if (this.#first === undefined) this.#first = piece;
    else {
      this.#more ??= [];
      this.#more.push(piece);
    }
    this.#kept += piece.length;
  }

  /** True while no byte was kept. */
  get isEmpty(): boolean {
    return this.#kept === 0;
  }

  /** The first `REPLY_CHARS` characters of what was kept, decoded as UTF-8. */
  text(): string {
    if (this.#first === undefined) return '';
    const bytes = this.#more === undefined ? this.#first : Buffer.concat([this.#first, ...this.#more], this.#kept);
    const text = bytes.toString('utf8');
    return text.length > REPLY_CHARS ? text.slice(0, REPLY_CHARS) : text;
  }
}
