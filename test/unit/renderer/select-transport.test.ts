import { describe, expect, it, vi } from 'vitest';
import { ApiError, httpPaths, type ApiEnvelope, type Channel } from '../../../shared/api';
import type { GatewayEvent } from '../../../shared/events';
import type { SocketHandlers } from '../../../renderer/src/api/event-socket';
import type { FetchLike } from '../../../renderer/src/api/http-transport';
import {
  eventsUrl,
  isBridge,
  selectTransport,
  transportKind,
  type TransportEnvironment,
} from '../../../renderer/src/api/select-transport';
import { liveCall } from './factories';

const sessionsOk: ApiEnvelope<unknown> = { ok: true, data: [] };

function environment(overrides: Partial<TransportEnvironment> = {}) {
  const sockets: { url: string; on: SocketHandlers }[] = [];
  const env: TransportEnvironment = {
    bridge: undefined,
    location: { protocol: 'http:', host: '127.0.0.1:7345' },
    fetch: vi.fn<FetchLike>(async () => ({ status: 200, text: async () => JSON.stringify(sessionsOk) })),
    openSocket: (url, on) => {
      sockets.push({ url, on });
      return { close: () => {} };
    },
    ...overrides,
  };
  return { env, sockets };
}

function fakeBridge(answer: (channel: Channel, args: unknown) => Promise<ApiEnvelope<unknown>>) {
  let listener: ((event: unknown) => void) | undefined;
  return {
    bridge: {
      invoke: vi.fn(answer),
      onEvent: (callback: (event: unknown) => void) => {
        listener = callback;
        return () => {
          listener = undefined;
        };
      },
    },
    emit: (event: unknown) => listener?.(event),
    subscribed: () => listener !== undefined,
  };
}

describe('transport selection', () => {
  it('uses the preload bridge only when it has both functions', () => {
    expect(isBridge({ invoke: () => {}, onEvent: () => {} })).toBe(true);
    expect(isBridge({ invoke: () => {} })).toBe(false);
    expect(isBridge({ invoke: 'x', onEvent: () => {} })).toBe(false);
    expect(isBridge(undefined)).toBe(false);
    expect(isBridge(null)).toBe(false);
    expect(transportKind({ invoke: () => {}, onEvent: () => {} })).toBe('ipc');
    expect(transportKind(undefined)).toBe('http');
  });

  it('puts the event socket on the page host, secure when the page is', () => {
    expect(eventsUrl({ protocol: 'http:', host: '127.0.0.1:7345' })).toBe(
      `ws://127.0.0.1:7345${httpPaths.events}`,
    );
    expect(eventsUrl({ protocol: 'https:', host: 'localhost:9' })).toBe(
      `wss://localhost:9${httpPaths.events}`,
    );
  });
});

describe('IPC transport', () => {
  it('invokes the bridge with the channel and arguments and returns the data', async () => {
    const { bridge } = fakeBridge(async () => sessionsOk);
    const { env, sockets } = environment({ bridge });
    const transport = selectTransport(env);
    expect(transport.kind).toBe('ipc');
    await expect(transport.client['sessions:list']({})).resolves.toEqual([]);
    expect(bridge.invoke).toHaveBeenCalledWith('sessions:list', {});
    expect(sockets).toHaveLength(0);
    expect(env.fetch).not.toHaveBeenCalled();
  });

  it('rebuilds error envelopes as ApiError', async () => {
    const { bridge } = fakeBridge(async () => ({
      ok: false,
      error: { code: 'conflict', message: 'Stale.' },
    }));
    const transport = selectTransport(environment({ bridge }).env);
    const error = await transport.client['policy:get']({}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'conflict', message: 'Stale.' });
  });

  it('reports a rejected invoke as unavailable', async () => {
    const { bridge } = fakeBridge(async () => {
      throw new Error('No handler registered');
    });
    const transport = selectTransport(environment({ bridge }).env);
    await expect(transport.client['status:get']({})).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('forwards valid events, drops anything else, and is always open', () => {
    const fake = fakeBridge(async () => sessionsOk);
    const transport = selectTransport(environment({ bridge: fake.bridge }).env);
    const received: GatewayEvent[] = [];
    transport.events.subscribe((event) => received.push(event));
    const event: GatewayEvent = { type: 'call', call: liveCall({ id: 'a' }) };
    fake.emit(event);
    fake.emit({ type: 'call', call: { id: 'broken' } });
    fake.emit({ type: 'unknown' });
    expect(received).toEqual([event]);
    expect(transport.events.getState().kind).toBe('open');
    transport.events.close();
    expect(fake.subscribed()).toBe(false);
  });
});

describe('HTTP transport', () => {
  it('POSTs JSON to the channel path with the same-origin cookie', async () => {
    const { env } = environment();
    const transport = selectTransport(env);
    expect(transport.kind).toBe('http');
    await expect(transport.client['live:recent']({ limit: 5 })).resolves.toEqual([]);
    expect(env.fetch).toHaveBeenCalledWith(httpPaths.api('live:recent'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"limit":5}',
      credentials: 'same-origin',
    });
  });

  it('turns HTTP 401 into an unauthorized ApiError', async () => {
    const { env } = environment({ fetch: async () => ({ status: 401, text: async () => '' }) });
    await expect(selectTransport(env).client['status:get']({})).rejects.toMatchObject({
      name: 'ApiError',
      code: 'unauthorized',
    });
  });

  it('reports a network failure as unavailable', async () => {
    const { env } = environment({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await expect(selectTransport(env).client['status:get']({})).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('Failed to fetch'),
    });
  });

  it('opens the event socket on the page host', () => {
    const { env, sockets } = environment({ location: { protocol: 'https:', host: 'gw.local:8443' } });
    const transport = selectTransport(env);
    expect(sockets.map((socket) => socket.url)).toEqual([`wss://gw.local:8443${httpPaths.events}`]);
    expect(transport.events.getState()).toEqual({ kind: 'connecting', attempt: 0 });
    transport.events.close();
  });
});
