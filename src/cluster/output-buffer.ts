// A bounded ring buffer for a cluster's stdout and stderr: always drained, only the tail kept.

export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

/**
 * Keeps the last `limitBytes` of output. The harness reads every byte the app writes, so a chatty app never
 * blocks on a full pipe; what is kept is only for error messages and reports.
 */
export class OutputBuffer {
  readonly limitBytes: number;
  #chunks: OutputChunk[] = [];
  #size = 0;
  #totalBytes = 0;

  constructor(limitBytes = 64 * 1024) {
    this.limitBytes = limitBytes;
  }

  /** Bytes written by the app since launch (kept or not). */
  get totalBytes(): number {
    return this.#totalBytes;
  }

  push(stream: OutputChunk['stream'], data: Buffer | string): void {
    let text = typeof data === 'string' ? data : data.toString('utf8');
    this.#totalBytes += text.length;
    if (text.length > this.limitBytes) text = text.slice(text.length - this.limitBytes);
    this.#chunks.push({ stream, text });
    this.#size += text.length;
    while (this.#size > this.limitBytes && this.#chunks.length > 1) {
      this.#size -= this.#chunks.shift()!.text.length;
    }
  }

  /** The last `lines` lines of output, stderr lines marked with `!`. */
  tail(lines = 20): string {
    const all: string[] = [];
    // The stream whose last line is still open (its chunk did not end with a newline): only that stream continues it.
    let open: OutputChunk['stream'] | undefined;
    for (const chunk of this.#chunks) {
      if (chunk.text === '') continue;
      const parts = chunk.text.split('\n');
      const closed = chunk.text.endsWith('\n');
      if (closed) parts.pop();
      parts.forEach((part, index) => {
        if (index === 0 && open === chunk.stream) all[all.length - 1] += part;
        else all.push(`${chunk.stream === 'stderr' ? '!' : ' '} ${part}`);
      });
      open = closed ? undefined : chunk.stream;
    }
    while (all.length > 0 && all[all.length - 1]!.trim() === '') all.pop();
    return all.slice(-lines).join('\n');
  }

  /** All kept output as plain text. */
  text(): string {
    return this.#chunks.map((chunk) => chunk.text).join('');
  }
}
