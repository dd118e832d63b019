import { createWriteStream, renameSync, rmSync, statSync, type WriteStream } from 'node:fs';

/** Size at which a server's log is rotated (the old one is kept as `<file>.1`). */
export const SERVER_LOG_MAX_BYTES = 5 * 1024 * 1024;
/** Output waiting for the disk beyond this is dropped, with a note saying how much. */
const MAX_UNWRITTEN_BYTES = 1024 * 1024;

/**
 * One server's diagnostic log (its stderr, and what Portcullis refused or dropped): readable by
 * this user only, rotated at a size, and never a way for a chatty server to grow the gateway's
 * memory — output that arrives faster than the disk takes it is dropped and counted.
 */
export class ServerLog {
  private stream: WriteStream | undefined;
  private size: number;
  private dropped = 0;

  constructor(
    private readonly file: string,
    private readonly maxBytes = SERVER_LOG_MAX_BYTES,
  ) {
    this.size = sizeOf(file);
  }

  write(text: string): void {
    const bytes = Buffer.byteLength(text);
    const stream = this.open();
    if (stream.writableLength + bytes > MAX_UNWRITTEN_BYTES) {
      this.dropped += bytes;
      return;
    }
    if (this.dropped > 0) {
      const note = `[portcullis] ${this.dropped} bytes of output were dropped: the disk did not keep up\n`;
      this.dropped = 0;
      this.append(stream, note);
    }
    this.append(stream, text);
    if (this.size >= this.maxBytes) this.rotate();
  }

  close(): void {
    this.stream?.end();
    this.stream = undefined;
  }

  private append(stream: WriteStream, text: string): void {
    stream.write(text);
    this.size += Buffer.byteLength(text);
  }

  private open(): WriteStream {
    if (!this.stream) {
      this.stream = createWriteStream(this.file, { flags: 'a', mode: 0o600 });
      this.stream.on('error', () => undefined);
    }
    return this.stream;
  }

  private rotate(): void {
    // The open stream keeps writing what it holds into the renamed file; new output starts a fresh one.
    try {
      rmSync(`${this.file}.1`, { force: true });
      renameSync(this.file, `${this.file}.1`);
    } catch {
      // Nothing to rotate (the file is gone): carry on with a fresh one.
    }
    this.stream?.end();
    this.stream = undefined;
    this.size = 0;
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
