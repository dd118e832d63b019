import { describe, expect, it, vi } from 'vitest';
import { channels, ipcNames } from '../../../shared/api';
import { createBridge, type IpcRendererLike } from '../../../main/app/bridge';
import { decodeBridgeArgument, encodeBridgeArgument } from '../../../main/app/bridge-argument';
import { bridgeTable } from '../../../main/app/ipc';

type Relay = (event: unknown, ...args: unknown[]) => void;

function fakeIpcRenderer() {
  const listeners = new Map<string, Set<Relay>>();
  const ipc = {
    invoke: vi.fn<IpcRendererLike['invoke']>(async () => ({ ok: true, data: 'answer' })),
    on(channel: string, listener: Relay) {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener));
    },
    removeListener(channel: string, listener: Relay) {
      listeners.get(channel)?.delete(listener);
    },
  };
  const emit = (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: ipc, secret: true }, payload);
  };
  return { ipc, emit, listeners };
}

/** What the preload reads: the argument the main process put on the renderer's command line. */
const table = decodeBridgeArgument([
  '/path/to/electron',
  '--type=renderer',
  encodeBridgeArgument(bridgeTable()),
])!;

describe('the bridge argument', () => {
  it('survives the command line', () => {
    expect(table).toEqual(bridgeTable());
    expect(encodeBridgeArgument(bridgeTable())).toMatch(/^--portcullis-bridge=[A-Za-z0-9%._~!*'()-]+$/);
  });

  it('is absent or garbled: no table', () => {
    expect(decodeBridgeArgument(['--type=renderer'])).toBeUndefined();
    expect(decodeBridgeArgument(['--portcullis-bridge=%7B'])).toBeUndefined();
    expect(decodeBridgeArgument(['--portcullis-bridge=%E0%A4%A'])).toBeUndefined();
    expect(
      decodeBridgeArgument([`--portcullis-bridge=${encodeURIComponent('{"invoke":[],"event":"e"}')}`]),
    ).toBeUndefined();
    expect(
      decodeBridgeArgument([`--portcullis-bridge=${encodeURIComponent('{"invoke":{"a":1},"event":"e"}')}`]),
    ).toBeUndefined();
  });
});

describe('createBridge', () => {
  it('exposes invoke and onEvent, and nothing else', () => {
    const bridge = createBridge(fakeIpcRenderer().ipc, table);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'onEvent']);
  });

  it('invokes a known channel on its IPC name and returns the answer', async () => {
    const { ipc } = fakeIpcRenderer();
    const bridge = createBridge(ipc, table);
    for (const channel of channels) {
      await expect(bridge.invoke(channel, { a: 1 })).resolves.toEqual({ ok: true, data: 'answer' });
      expect(ipc.invoke).toHaveBeenLastCalledWith(ipcNames.invoke(channel), { a: 1 });
    }
  });

  it('rejects any other channel without touching IPC', async () => {
    const { ipc } = fakeIpcRenderer();
    const bridge = createBridge(ipc, table);
    for (const channel of ['nope', 'api:status:get', '__proto__', 'constructor', 'toString', 42, undefined]) {
      await expect(bridge.invoke(channel as never, {})).rejects.toThrow(/Unknown Portcullis API channel/);
    }
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('delivers event payloads only, never the IPC event, until unsubscribed', () => {
    const { ipc, emit, listeners } = fakeIpcRenderer();
    const bridge = createBridge(ipc, table);
    const received: unknown[][] = [];
    const unsubscribe = bridge.onEvent((...args) => received.push(args));
    emit(ipcNames.event, { type: 'policy', revision: 2 });
    emit('some-other-channel', { type: 'policy', revision: 3 });
    expect(received).toEqual([[{ type: 'policy', revision: 2 }]]);
    unsubscribe();
    unsubscribe();
    emit(ipcNames.event, { type: 'policy', revision: 4 });
    expect(received).toHaveLength(1);
    expect(listeners.get(ipcNames.event)?.size).toBe(0);
  });

  it('refuses a listener that is not a function', () => {
    const bridge = createBridge(fakeIpcRenderer().ipc, table);
    expect(() => bridge.onEvent('x' as never)).toThrow(TypeError);
  });
});
