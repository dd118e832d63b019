import type { MessageBoxOptions } from 'electron';
import { createApiClient, type Channel } from '../../../shared/api';
import type { Approval } from '../../../shared/approvals';
import type { GatewayEvent } from '../../../shared/events';

/** A tiny event bus standing in for `runtime.onEvent`. */
export function fakeEvents() {
  const listeners = new Set<(event: GatewayEvent) => void>();
  return {
    onEvent(listener: (event: GatewayEvent) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(event: GatewayEvent) {
      for (const listener of listeners) listener(event);
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}

export function sessionEvent(state: 'opened' | 'closed', id: string): GatewayEvent {
  return {
    type: 'session',
    state,
    session: { id, client: 'cursor', server: 'github', transport: 'stdio', startedAt: 0, calls: 0 },
  };
}

/** A preventable event like Electron's. */
export function preventable() {
  const event = { defaultPrevented: false, preventDefault: () => void (event.defaultPrevented = true) };
  return event;
}

export function approval(overrides: Partial<Approval> = {}): Approval {
  return {
    id: 'a1',
    callId: 'c1',
    sessionId: 's1',
    client: 'cursor',
    server: 'github',
    tool: 'delete_repo',
    args: '{"repo":"acme/site"}',
    risk: { category: 'Destructive', risk: 'High', reason: 'name starts with "delete"' },
    rule: 'servers.github.default',
    requestedAt: 1_000_000,
    grants: {
      always: { offered: false, why: 'not planned in this test' },
      session: { offered: false, why: 'not planned in this test' },
    },
    deadline: 1_120_000,
    ...overrides,
  };
}

export function approvalEvent(state: 'requested' | 'resolved', which: Approval): GatewayEvent {
  return { type: 'approval', state, approval: which };
}

/**
 * The API as the shell reaches it in-process (createApiClient over dispatch), answering from a
 * table of handlers and recording every call.
 */
export function fakeApi(handlers: Partial<Record<Channel, (args: unknown) => unknown>>) {
  const calls: [Channel, unknown][] = [];
  const api = createApiClient(async (channel, args) => {
    calls.push([channel, args]);
    const handler = handlers[channel];
    if (!handler) return { ok: false, error: { code: 'not_found', message: `no fake for ${channel}` } };
    try {
      return { ok: true, data: await handler(args) };
    } catch (error) {
      return { ok: false, error: { code: 'internal', message: (error as Error).message } };
    }
  });
  return { api, calls, channels: () => calls.map(([channel]) => channel) };
}

/** A message box that answers with the given button indexes in turn, and remembers what it showed. */
export function fakeMessageBox(...responses: number[]) {
  const shown: MessageBoxOptions[] = [];
  const showMessageBox = async (options: MessageBoxOptions) => {
    shown.push(options);
    return { response: responses.shift() ?? 0 };
  };
  return { showMessageBox, shown };
}
