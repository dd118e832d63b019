/**
 * Splits a byte stream into newline-delimited messages (MCP stdio framing). Each message comes as
 * its text (a trailing `\r` dropped) and as its exact bytes with the newline, so a message that
 * passes through unchanged is forwarded without being re-encoded. A message longer than
 * `maxLineBytes` is discarded whole and reported, so one oversized or runaway line cannot exhaust
 * memory or take the gateway down. The first bytes of a discarded message are kept (`OVERSIZE_HEAD`),
 * so the message's id can still be read from them and its request answered.
 */
export class LineReader {
  private chunks: Buffer[] = [];
  private pending = 0;
  private discarding = false;
  private head = '';

  constructor(
    private readonly onLine: (line: string, framed: Buffer) => void,
    private readonly onOversize: (bytes: number, head: string) => void,
    /** May be raised once a peer has authenticated. */
    public maxLineBytes = 64 * 1024 * 1024,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl + 1);
      start = nl + 1;
      const bytes = this.pending + piece.length - 1;
      if (this.discarding || bytes > this.maxLineBytes) {
        const head = this.discarding ? this.head : headOf([...this.chunks, piece]);
        this.discarding = false;
        this.reset();
        this.onOversize(bytes, head);
        continue;
      }
      const line =
        this.chunks.length === 0
          ? piece
          : Buffer.concat([...this.chunks, piece], this.pending + piece.length);
      this.reset();
      this.emit(line);
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
  }

  /** Whatever is left when the stream ends without a final newline. */
  end(): void {
    if (this.chunks.length > 0 && !this.discarding) {
      this.emit(Buffer.concat([...this.chunks, NEWLINE], this.pending + 1));
    }
    this.reset();
  }

  private keep(rest: Buffer): void {
    this.pending += rest.length;
    if (this.discarding) return;
    if (this.pending > this.maxLineBytes) {
      this.discarding = true;
      this.head = headOf([...this.chunks, rest]);
      this.chunks = [];
      return;
    }
    // Copy: a partial message outlives this chunk, whose memory its owner may reuse.
    this.chunks.push(Buffer.from(rest));
  }

  /** `framed` ends with its newline. */
  private emit(framed: Buffer): void {
    let end = framed.length - 1;
    if (end > 0 && framed[end - 1] === 13) end--;
    if (end === 0) return;
    this.onLine(framed.toString('utf8', 0, end), framed);
  }

  private reset(): void {
    this.chunks = [];
    this.pending = 0;
    this.head = '';
  }
}

/** The first OVERSIZE_HEAD bytes of a message in pieces, as text. */
function headOf(pieces: Buffer[]): string {
  const kept: Buffer[] = [];
  let size = 0;
  for (const piece of pieces) {
    if (size >= OVERSIZE_HEAD) break;
    kept.push(piece);
    size += piece.length;
  }
  return Buffer.concat(kept).toString('utf8', 0, Math.min(size, OVERSIZE_HEAD));
}

/** How much of an oversized message is kept to read its id from. */
export const OVERSIZE_HEAD = 64 * 1024;

const NEWLINE = Buffer.from('\n');
