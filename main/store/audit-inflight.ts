import { closeSync, ftruncateSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';

/** Past this size the journal is rewritten with only the calls still in flight. */
const COMPACT_AT_BYTES = 4 * 1024 * 1024;

/**
 * Calls forwarded to their servers whose rows are not written yet, kept in an append-only file
 * beside the database: one line per call, written (one `write`, to the OS) before the call goes on.
 * That survives the gateway being killed just as a committed WAL transaction does, for a twentieth
 * of the cost of one. A call's row in the audit log is what marks it ended; the file is emptied
 * whenever nothing is in flight, and rewritten with what still is when it grows.
 *
 * Only the gateway writes it (it alone forwards calls, under its instance lock); any process may
 * read what a crashed gateway left.
 */
export class InFlightJournal {
  private fd: number | undefined;
  private size = 0;
  /** What this writer wrote and has not seen ended, by call id. */
  private readonly open = new Map<string, string>();

  constructor(private readonly file: string) {}

  get count(): number {
    return this.open.size;
  }

  begin(callId: string, entry: string): void {
    const line = `${JSON.stringify({ callId, entry })}\n`;
    this.fd ??= openSync(this.file, 'a', 0o600);
    writeSync(this.fd, line);
    this.size += Buffer.byteLength(line);
    this.open.set(callId, line);
  }

  /** These calls' rows are committed. */
  ended(callIds: readonly string[]): void {
    for (const callId of callIds) this.open.delete(callId);
    if (this.fd === undefined) return;
    if (this.open.size === 0) {
      ftruncateSync(this.fd, 0);
      this.size = 0;
    } else if (this.size > COMPACT_AT_BYTES) {
      this.compact();
    }
  }

  /** What a gateway that stopped without recording them left in flight, oldest first. */
  leftovers(): { callId: string; entry: string }[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    const found = new Map<string, string>();
    for (const line of text.split('\n')) {
      try {
        const { callId, entry } = JSON.parse(line) as { callId?: unknown; entry?: unknown };
        if (typeof callId === 'string' && typeof entry === 'string') found.set(callId, entry);
      } catch {
        // A line the crash cut short: its call never reached the server.
      }
    }
    return [...found].map(([callId, entry]) => ({ callId, entry }));
  }

  /** Leftovers are recorded: start empty. */
  clear(): void {
    try {
      if (statSync(this.file).size > 0) closeSync(openSync(this.file, 'w', 0o600));
    } catch {
      // No journal yet.
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private compact(): void {
    const temp = `${this.file}.compact`;
    const text = [...this.open.values()].join('');
    const fd = openSync(temp, 'w', 0o600);
    writeSync(fd, text);
    closeSync(fd);
    renameSync(temp, this.file);
    closeSync(this.fd!);
    this.fd = openSync(this.file, 'a', 0o600);
    this.size = Buffer.byteLength(text);
  }
}
