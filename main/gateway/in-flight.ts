import { idKey, type JsonRpcId } from './jsonrpc';

/** Timers, injected so tests can run a deadline without waiting for it. */
export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (run, ms) => {
    const timer = setTimeout(run, ms);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface Entry<T> {
  id: JsonRpcId;
  value: T;
  timer?: unknown;
  timeoutMs?: number;
  progressKey?: string;
}

/** Answers that arrive after their request timed out are dropped; this many are remembered. */
const LATE_REMEMBERED = 1024;

/**
 * Client requests the server has not answered yet. A request with a deadline times out unless the
 * server shows it is still working: each progress notification for the request's token starts its
 * deadline again. An answer to a request that already timed out is recognised and dropped, because
 * the client was already given an error for that id.
 */
export class InFlight<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly byProgress = new Map<string, string>();
  private readonly late = new Set<string>();

  constructor(
    private readonly timers: Timers,
    private readonly onTimeout: (id: JsonRpcId, value: T, afterMs: number) => void,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  has(id: JsonRpcId): boolean {
    return this.entries.has(idKey(id));
  }

  add(id: JsonRpcId, value: T, options: { timeoutMs?: number; progressToken?: unknown } = {}): void {
    const key = idKey(id);
    const entry: Entry<T> = { id, value };
    const token = options.progressToken;
    if (typeof token === 'string' || typeof token === 'number') {
      entry.progressKey = idKey(token);
      this.byProgress.set(entry.progressKey, key);
    }
    if (options.timeoutMs !== undefined) {
      entry.timeoutMs = options.timeoutMs;
      entry.timer = this.arm(key, options.timeoutMs);
    }
    this.entries.set(key, entry);
  }

  /** Remove and return a request that was answered (or cancelled). */
  take(id: JsonRpcId): T | undefined {
    const key = idKey(id);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.forget(key, entry);
    return entry.value;
  }

  /** True once for an answer to a request that had already timed out. */
  takeLate(id: JsonRpcId): boolean {
    return this.late.delete(idKey(id));
  }

  /** The server reported progress on a token: its request's deadline starts again. */
  progressed(token: unknown): void {
    if (typeof token !== 'string' && typeof token !== 'number') return;
    const key = this.byProgress.get(idKey(token));
    const entry = key === undefined ? undefined : this.entries.get(key);
    if (!entry || entry.timeoutMs === undefined) return;
    this.timers.clearTimeout(entry.timer);
    entry.timer = this.arm(key!, entry.timeoutMs);
  }

  /** Everything still waiting, removed. */
  drain(): { id: JsonRpcId; value: T }[] {
    const all = [...this.entries.entries()];
    for (const [key, entry] of all) this.forget(key, entry);
    return all.map(([, entry]) => ({ id: entry.id, value: entry.value }));
  }

  private arm(key: string, ms: number): unknown {
    return this.timers.setTimeout(() => {
      const entry = this.entries.get(key);
      if (!entry) return;
      this.forget(key, entry);
      this.late.add(key);
      if (this.late.size > LATE_REMEMBERED) this.late.delete(this.late.values().next().value!);
      this.onTimeout(entry.id, entry.value, ms);
    }, ms);
  }

  private forget(key: string, entry: Entry<T>): void {
    this.entries.delete(key);
    if (entry.timer !== undefined) this.timers.clearTimeout(entry.timer);
    if (entry.progressKey !== undefined) this.byProgress.delete(entry.progressKey);
  }
}
