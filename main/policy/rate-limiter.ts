import type { LimitState } from '../../shared/policy';
import type { CompiledLimit } from './compile';

export interface LimitSubject {
  client: string;
  server: string;
  tool: string;
  sessionId?: string;
}

/** Where counters are kept between runs. */
export interface CounterStore {
  load(): Iterable<[key: string, stamps: number[]]>;
  save(changed: [key: string, stamps: number[]][]): void;
}

export interface OverLimit {
  limit: CompiledLimit;
  state: LimitState;
}

/**
 * Counts calls per limit in sliding windows: at most `max` calls in any `window`, so a burst across
 * a window boundary cannot get twice the limit through. A counter is keyed by its name and its
 * scope (the client for `grant`, the session, the server, the server's tool, or nothing for
 * `global`); limits naming the same counter share it. Counts are saved so they survive a restart.
 */
export class RateLimiter {
  private readonly stamps = new Map<string, number[]>();
  private readonly changed = new Set<string>();

  constructor(private readonly store?: CounterStore) {
    for (const [key, list] of store?.load() ?? []) this.stamps.set(key, list);
  }

  /** The first limit this call would break (one that denies before one that asks), if any. */
  check(limits: CompiledLimit[], subject: LimitSubject, now: number): OverLimit | undefined {
    let ask: OverLimit | undefined;
    for (const limit of limits) {
      const state = this.state(limit, subject, now);
      if (state.used < limit.max) continue;
      const over = { limit, state };
      if (limit.onExceed === 'deny') return over;
      ask ??= over;
    }
    return ask;
  }

  /** Count a call that went ahead against every limit that applied to it. */
  record(limits: CompiledLimit[], subject: LimitSubject, now: number): void {
    // Two limits naming the same counter count the call once.
    const keys = new Map(limits.map((l) => [keyOf(l, subject), l]));
    for (const [key, limit] of keys) {
      const list = this.live(key, limit.windowMs, now);
      list.push(now);
      // Only the newest `max` calls can ever matter for this window.
      if (list.length > limit.max) list.splice(0, list.length - limit.max);
      this.stamps.set(key, list);
      this.changed.add(key);
    }
  }

  /** How full each limit is, for `policy test` and the UI. */
  states(limits: CompiledLimit[], subject: LimitSubject, now: number): LimitState[] {
    return limits.map((l) => this.state(l, subject, now));
  }

  /** Write changed counters to the store. */
  flush(): void {
    if (!this.store || this.changed.size === 0) return;
    const changed = [...this.changed].map((key): [string, number[]] => [key, this.stamps.get(key) ?? []]);
    this.changed.clear();
    this.store.save(changed);
  }

  private state(limit: CompiledLimit, subject: LimitSubject, now: number): LimitState {
    const list = this.live(keyOf(limit, subject), limit.windowMs, now);
    const state: LimitState = {
      rule: limit.path,
      counter: limit.counter,
      scope: limit.scope,
      max: limit.max,
      windowSeconds: limit.windowMs / 1000,
      used: list.length,
    };
    if (list.length >= limit.max) {
      // The call at this position has to leave the window before one more fits.
      const oldest = list[list.length - limit.max];
      state.retryAfterSeconds =
        oldest === undefined ? limit.windowMs / 1000 : Math.max(0, (oldest + limit.windowMs - now) / 1000);
    }
    return state;
  }

  /** The calls still inside the window, oldest first (expired ones are dropped). */
  private live(key: string, windowMs: number, now: number): number[] {
    const list = this.stamps.get(key);
    if (!list) return [];
    let expired = 0;
    while (expired < list.length && list[expired]! <= now - windowMs) expired++;
    if (expired > 0) {
      list.splice(0, expired);
      this.changed.add(key);
    }
    return list;
  }
}

function keyOf(limit: CompiledLimit, s: LimitSubject): string {
  const scope =
    limit.scope === 'grant'
      ? `client:${s.client}`
      : limit.scope === 'session'
        ? `session:${s.sessionId ?? s.client}`
        : limit.scope === 'server'
          ? `server:${s.server}`
          : limit.scope === 'tool'
            ? `tool:${s.server}/${s.tool}`
            : 'global';
  return `${limit.counter}\u0000${scope}`;
}

const WINDOW_WORDS: Record<number, string> = {
  1: 'a second',
  60: 'a minute',
  3600: 'an hour',
  86_400: 'a day',
};
const SCOPE_WORDS = {
  grant: 'per client',
  session: 'per session',
  server: 'per server',
  tool: 'per tool',
  global: 'in all',
};

/** "at most 30 calls a minute per client" */
export function describeLimit(state: LimitState): string {
  const window = WINDOW_WORDS[state.windowSeconds] ?? `every ${state.windowSeconds} seconds`;
  return `at most ${state.max} call${state.max === 1 ? '' : 's'} ${window} ${SCOPE_WORDS[state.scope]}`;
}
