import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api';
import { queryKeys } from '../../../renderer/src/api/query-keys';
import { connectionLabel } from '../../../renderer/src/app/connection-label';
import { createInvalidationBatcher, keysForEvent } from '../../../renderer/src/app/invalidation';
import { parseRoute, routes } from '../../../renderer/src/app/routes';
import { createUnauthorizedFlag, isUnauthorized, shouldRetry } from '../../../renderer/src/app/unauthorized';
import { liveCall } from './factories';

describe('parseRoute', () => {
  it('reads the page from the hash and falls back to the Overview', () => {
    expect(parseRoute('#/audit')).toBe('audit');
    expect(parseRoute('#/audit?tool=echo')).toBe('audit');
    expect(parseRoute('#audit')).toBe('audit');
    expect(parseRoute('#/live')).toBe('live');
    expect(parseRoute('#/policies')).toBe('policies');
    expect(parseRoute('#/trust')).toBe('trust');
    expect(parseRoute('#/overview?range=7d')).toBe('overview');
    expect(parseRoute('')).toBe('overview');
    expect(parseRoute('#/nowhere')).toBe('overview');
  });

  it('has a hash for every route that parses back to it', () => {
    for (const route of routes) expect(parseRoute(route.hash)).toBe(route.id);
  });
});

describe('unauthorized handling', () => {
  it('recognises only the unauthorized API error', () => {
    expect(isUnauthorized(new ApiError('unauthorized', 'no'))).toBe(true);
    expect(isUnauthorized(new ApiError('internal', 'no'))).toBe(false);
    expect(isUnauthorized(new Error('unauthorized'))).toBe(false);
  });

  it('does not retry errors another attempt cannot fix', () => {
    expect(shouldRetry(0, new ApiError('unauthorized', ''))).toBe(false);
    expect(shouldRetry(0, new ApiError('invalid_argument', ''))).toBe(false);
    expect(shouldRetry(0, new ApiError('unavailable', ''))).toBe(true);
    expect(shouldRetry(1, new Error('x'))).toBe(true);
    expect(shouldRetry(2, new Error('x'))).toBe(false);
  });

  it('notifies once when the flag is first set', () => {
    const flag = createUnauthorizedFlag();
    let notified = 0;
    flag.subscribe(() => notified++);
    expect(flag.get()).toBe(false);
    flag.set();
    flag.set();
    expect(flag.get()).toBe(true);
    expect(notified).toBe(1);
  });
});

describe('keysForEvent', () => {
  const session = {
    id: 's',
    client: 'cursor',
    server: 'gh',
    transport: 'stdio',
    startedAt: 1,
    calls: 0,
  } as const;

  it('maps each event to the server state it makes stale', () => {
    expect(keysForEvent({ type: 'call', call: liveCall({ id: 'a' }) })).toEqual([]);
    expect(keysForEvent({ type: 'call', call: liveCall({ id: 'a', status: 'ok' }) })).toEqual([
      queryKeys.sessions,
    ]);
    expect(keysForEvent({ type: 'session', state: 'opened', session })).toEqual([
      queryKeys.sessions,
      queryKeys.status,
    ]);
    expect(keysForEvent({ type: 'policy', revision: 2 })).toEqual([
      queryKeys.status,
      queryKeys.policy,
      queryKeys.policyRevisions,
      queryKeys.policyDraft,
      queryKeys.tools,
    ]);
    expect(keysForEvent({ type: 'tools', server: 'gh' })).toEqual([queryKeys.tools, queryKeys.trust]);
    expect(
      keysForEvent({
        type: 'trust',
        change: 'review',
        client: 'cursor',
        server: 'gh',
        tool: 'x',
        message: 'm',
      }),
    ).toEqual([queryKeys.trust, queryKeys.tools]);
    expect(keysForEvent({ type: 'audit', lastId: 9 })).toEqual([]);
  });
});

describe('createInvalidationBatcher', () => {
  function timers() {
    const callbacks: (() => void)[] = [];
    return {
      callbacks,
      setTimeout: (callback: () => void) => callbacks.push(callback),
      clearTimeout: () => {
        callbacks.length = 0;
      },
    };
  }

  it('flushes each key once per window', () => {
    const clock = timers();
    const flushed: unknown[][] = [];
    const batcher = createInvalidationBatcher((keys) => flushed.push(keys), 500, clock);
    batcher.add([queryKeys.tools]);
    batcher.add([queryKeys.tools, queryKeys.status]);
    batcher.add([]);
    expect(clock.callbacks).toHaveLength(1);
    clock.callbacks.shift()!();
    expect(flushed).toEqual([[queryKeys.tools, queryKeys.status]]);
    batcher.add([queryKeys.sessions]);
    clock.callbacks.shift()!();
    expect(flushed).toEqual([[queryKeys.tools, queryKeys.status], [queryKeys.sessions]]);
  });

  it('schedules nothing for an empty batch and forgets keys on cancel', () => {
    const clock = timers();
    const flushed: unknown[][] = [];
    const batcher = createInvalidationBatcher((keys) => flushed.push(keys), 500, clock);
    batcher.add([]);
    expect(clock.callbacks).toHaveLength(0);
    batcher.add([queryKeys.tools]);
    batcher.cancel();
    expect(clock.callbacks).toHaveLength(0);
    expect(flushed).toEqual([]);
  });
});

describe('connectionLabel', () => {
  it('says what the event stream is doing', () => {
    expect(connectionLabel({ kind: 'open', opens: 1 }, 'ipc')).toBe('Connected');
    expect(connectionLabel({ kind: 'open', opens: 3 }, 'http')).toBe('Live');
    expect(connectionLabel({ kind: 'connecting', attempt: 0 }, 'http')).toBe('Connecting…');
    expect(connectionLabel({ kind: 'connecting', attempt: 2 }, 'http')).toBe('Reconnecting…');
    expect(connectionLabel({ kind: 'waiting', attempt: 2, delayMs: 1400 }, 'http')).toBe(
      'Disconnected · retry 2 in 1 s',
    );
  });
});
