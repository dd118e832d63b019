/**
 * Which of the client's requests the gateway has not answered yet, so that if the gateway goes away
 * mid-call the shim can answer each of them itself instead of leaving the client waiting forever.
 * It reads copies of the lines passing through; the bytes themselves are forwarded untouched.
 */
export class RequestTracker {
  private readonly open = new Map<string, string | number>();
  readonly fromClient = new LineTap(
    (line) => this.sent(line),
    () => true,
  );
  /** Lines from the gateway are only read while something is outstanding. */
  readonly fromGateway = new LineTap(
    (line) => this.answered(line),
    () => this.open.size > 0,
  );

  get size(): number {
    return this.open.size;
  }

  outstanding(): (string | number)[] {
    return [...this.open.values()];
  }

  private sent(line: string): void {
    for (const m of messages(line)) {
      if (typeof m.method === 'string' && isId(m.id)) this.open.set(key(m.id), m.id);
    }
  }

  private answered(line: string): void {
    for (const m of messages(line)) {
      if (m.method === undefined && isId(m.id)) this.open.delete(key(m.id));
    }
  }
}

/**
 * Finds line boundaries in a byte stream and hands over the lines it is asked for. A line nobody
 * wants (checked as it starts) is skipped without being buffered; an over-long one is dropped.
 */
export class LineTap {
  private parts: Buffer[] = [];
  private size = 0;
  private skipping = false;
  private atStart = true;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly wanted: () => boolean,
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      if (this.atStart) {
        this.skipping = !this.wanted();
        this.atStart = false;
      }
      const nl = chunk.indexOf(10, start);
      const end = nl === -1 ? chunk.length : nl;
      if (!this.skipping) {
        this.size += end - start;
        if (this.size > this.maxBytes) {
          this.skipping = true;
          this.parts = [];
        } else {
          this.parts.push(Buffer.from(chunk.subarray(start, end)));
        }
      }
      if (nl === -1) return;
      if (!this.skipping) this.onLine(Buffer.concat(this.parts).toString('utf8'));
      this.parts = [];
      this.size = 0;
      this.atStart = true;
      start = nl + 1;
    }
  }
}

interface Message {
  id?: unknown;
  method?: unknown;
}

function messages(line: string): Message[] {
  try {
    const value = JSON.parse(line) as unknown;
    const list = Array.isArray(value) ? value : [value];
    return list.filter((m): m is Message => typeof m === 'object' && m !== null);
  } catch {
    return [];
  }
}

function isId(id: unknown): id is string | number {
  return typeof id === 'string' || typeof id === 'number';
}

function key(id: string | number): string {
  return `${typeof id}:${id}`;
}
