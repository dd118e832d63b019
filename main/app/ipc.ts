import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { channels, ipcNames, type ApiEnvelope } from '../../shared/api';
import type { GatewayEvent } from '../../shared/events';
import type { Dispatch } from '../api/dispatch';
import type { BridgeTable } from './bridge-argument';

/** What an `ipcMain.handle` listener learns about its caller (a subset of `IpcMainInvokeEvent`). */
export interface InvokeEvent {
  sender: unknown;
  senderFrame: { url: string; parent: unknown } | null;
}

/** The part of `ipcMain` the shell uses; the real one fits. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface RegisterIpcOptions {
  ipcMain: IpcMainLike;
  dispatch: Dispatch;
  isTrustedSender(event: InvokeEvent): boolean;
  log?: (line: string) => void;
}

const untrusted: ApiEnvelope<never> = {
  ok: false,
  error: { code: 'unauthorized', message: 'Only the Portcullis windows may call this API.' },
};

/**
 * One handler per API channel, all derived from `channels`. The channel a call is dispatched to is
 * the one its handler was registered for, never a name the renderer sent. Returns the undo.
 */
export function registerIpc({ ipcMain, dispatch, isTrustedSender, log }: RegisterIpcOptions): () => void {
  for (const channel of channels) {
    ipcMain.handle(ipcNames.invoke(channel), (event, args) => {
      if (!isTrustedSender(event)) {
        log?.(
          `Dropped ${channel} from a frame that is not one of our windows (${event.senderFrame?.url ?? 'gone'}).`,
        );
        return untrusted;
      }
      return dispatch(channel, args, { via: 'desktop' });
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(ipcNames.invoke(channel));
  };
}

/** The channel names the preload needs, derived from shared/api (see bridge-argument.ts). */
export function bridgeTable(): BridgeTable {
  return {
    invoke: Object.fromEntries(channels.map((channel) => [channel, ipcNames.invoke(channel)])),
    event: ipcNames.event,
  };
}

/** One of our windows (the dashboard, the approval popup): its webContents while it is open. */
export interface OurWindow {
  webContents(): Iterable<unknown>;
}

export interface SenderCheckOptions {
  /** Every window of ours, asked at each call: windows come and go. */
  windows: readonly OurWindow[];
  /** The renderer's index.html that our windows load (each on its own route). */
  indexHtml: string;
  platform?: NodeJS.Platform;
}

/**
 * A call is ours when it comes from one of our windows, from its top frame, and that frame shows
 * our own index.html. Anything else (a sub-frame, a page the window was somehow navigated to) is
 * dropped.
 */
export function createSenderCheck(options: SenderCheckOptions): (event: InvokeEvent) => boolean {
  const platform = options.platform ?? process.platform;
  const expected = comparablePath(resolve(options.indexHtml), platform);
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    if (!options.windows.some((window) => contains(window.webContents(), event.sender))) return false;
    const path = filePath(frame.url);
    return path !== undefined && comparablePath(path, platform) === expected;
  };
}

function contains(items: Iterable<unknown>, wanted: unknown): boolean {
  for (const item of items) if (item === wanted || sameId(item, wanted)) return true;
  return false;
}

/** Ids are unique for the app's lifetime, so they still match should Electron hand out a second wrapper. */
function sameId(a: unknown, b: unknown): boolean {
  const id = (value: unknown) =>
    typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id(a) === 'number' && id(a) === id(b);
}

function filePath(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'file:') return undefined;
    parsed.search = '';
    parsed.hash = '';
    return fileURLToPath(parsed);
  } catch {
    return undefined;
  }
}

function comparablePath(path: string, platform: NodeJS.Platform): string {
  return platform === 'win32' ? path.toLowerCase() : path;
}

/** Something events can be sent to: a window's webContents. */
export interface EventSink {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** Sends every gateway event to every open window. Returns the unsubscribe function. */
export function forwardEvents(
  onEvent: (listener: (event: GatewayEvent) => void) => () => void,
  targets: () => Iterable<EventSink>,
): () => void {
  return onEvent((event) => {
    for (const target of targets()) if (!target.isDestroyed()) target.send(ipcNames.event, event);
  });
}
