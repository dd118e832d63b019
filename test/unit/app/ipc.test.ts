import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { channels, ipcNames, type ApiEnvelope } from '../../../shared/api';
import type { Dispatch } from '../../../main/api/dispatch';
import {
  bridgeTable,
  createSenderCheck,
  forwardEvents,
  registerIpc,
  type InvokeEvent,
  type IpcMainLike,
} from '../../../main/app/ipc';
import { fakeEvents, sessionEvent } from './fakes';

type Handler = (event: InvokeEvent, ...args: unknown[]) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const registrations: string[] = [];
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      // Electron throws on a second handler for one channel; so does the fake.
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      registrations.push(channel);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };
  return { ipcMain, handlers, registrations };
}

const indexHtml = join('/opt/portcullis/out/renderer', 'index.html');
const ourContents = { id: 1 };
const trusted: InvokeEvent = {
  sender: ourContents,
  senderFrame: { url: pathToFileURL(indexHtml).href, parent: null },
};
const untrusted: InvokeEvent = {
  sender: { id: 2 },
  senderFrame: { url: 'https://evil.example/', parent: null },
};

function setup() {
  const fake = fakeIpcMain();
  const envelope: ApiEnvelope<unknown> = { ok: true, data: { version: 'x' } };
  const dispatch = vi.fn<Dispatch>(async () => envelope);
  const log = vi.fn();
  const undo = registerIpc({
    ipcMain: fake.ipcMain,
    dispatch,
    isTrustedSender: (event) => event === trusted,
    log,
  });
  return { ...fake, dispatch, envelope, undo, log };
}

describe('registerIpc', () => {
  it('registers exactly one handler per API channel, named by ipcNames', () => {
    const { registrations } = setup();
    expect(registrations).toHaveLength(channels.length);
    expect(new Set(registrations)).toEqual(new Set(channels.map((channel) => ipcNames.invoke(channel))));
  });

  it('drops a call from an untrusted sender without dispatching it', async () => {
    const { handlers, dispatch, log } = setup();
    const answer = await handlers.get(ipcNames.invoke('policy:save'))!(untrusted, { document: '{}' });
    expect(dispatch).not.toHaveBeenCalled();
    expect(answer).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('https://evil.example/'));
  });

  it('passes a trusted call to dispatch with its own channel and returns the envelope', async () => {
    const { handlers, dispatch, envelope } = setup();
    const args = { limit: 5 };
    const answer = await handlers.get(ipcNames.invoke('live:recent'))!(trusted, args);
    expect(dispatch).toHaveBeenCalledExactlyOnceWith('live:recent', args, { via: 'desktop' });
    expect(answer).toBe(envelope);
  });

  it('every channel dispatches to itself', async () => {
    const { handlers, dispatch } = setup();
    for (const channel of channels) await handlers.get(ipcNames.invoke(channel))!(trusted, {});
    expect(dispatch.mock.calls.map(([channel]) => channel)).toEqual(channels);
  });

  it('can be undone', () => {
    const { handlers, undo } = setup();
    undo();
    expect(handlers.size).toBe(0);
  });
});

describe('bridgeTable', () => {
  it('names every channel the way the handlers are registered', () => {
    const table = bridgeTable();
    expect(Object.keys(table.invoke)).toEqual(channels);
    for (const channel of channels) expect(table.invoke[channel]).toBe(ipcNames.invoke(channel));
    expect(table.event).toBe(ipcNames.event);
  });
});

describe('createSenderCheck', () => {
  const check = createSenderCheck({ windows: [{ webContents: () => [ourContents] }], indexHtml });
  const frame = (url: string, parent: unknown = null) => ({
    sender: ourContents,
    senderFrame: { url, parent },
  });

  it("trusts our window's top frame showing our index.html, with or without a route", () => {
    expect(check(trusted)).toBe(true);
    expect(check(frame(`${pathToFileURL(indexHtml).href}#/audit`))).toBe(true);
    expect(check(frame(`${pathToFileURL(indexHtml).href}?x=1`))).toBe(true);
  });

  it('drops other webContents, sub-frames, gone frames and other pages', () => {
    expect(check({ ...trusted, sender: { id: 2 } })).toBe(false);
    expect(check({ ...trusted, sender: {} })).toBe(false);
    expect(check({ ...trusted, sender: undefined })).toBe(false);
    expect(check(frame(trusted.senderFrame!.url, { url: 'file:///x' }))).toBe(false);
    expect(check({ ...trusted, senderFrame: null })).toBe(false);
    expect(check(frame(pathToFileURL('/opt/portcullis/out/renderer/other.html').href))).toBe(false);
    expect(check(frame(pathToFileURL('/tmp/index.html').href))).toBe(false);
    expect(check(frame('http://127.0.0.1:7345/'))).toBe(false);
    expect(check(frame('not a url'))).toBe(false);
  });

  it('recognises our webContents by id as well as by identity', () => {
    expect(check({ ...trusted, sender: { id: 1 } })).toBe(true);
  });

  it('follows the windows as they come and go', () => {
    let open: unknown[] = [];
    const live = createSenderCheck({ windows: [{ webContents: () => open }], indexHtml });
    expect(live(trusted)).toBe(false);
    open = [ourContents];
    expect(live(trusted)).toBe(true);
  });

  it('trusts the approval popup, on its own route, as well as the dashboard', () => {
    const dashboard = { id: 1 };
    const popup = { id: 7 };
    let popupOpen = false;
    const both = createSenderCheck({
      windows: [{ webContents: () => [dashboard] }, { webContents: () => (popupOpen ? [popup] : []) }],
      indexHtml,
    });
    const fromPopup = {
      sender: popup,
      senderFrame: { url: `${pathToFileURL(indexHtml).href}#/approvals-popup`, parent: null },
    };
    expect(both(fromPopup)).toBe(false);
    popupOpen = true;
    expect(both(fromPopup)).toBe(true);
    expect(both({ ...trusted, sender: dashboard })).toBe(true);
    // The popup's own rules still hold: its top frame, our index.html.
    expect(
      both({ ...fromPopup, senderFrame: { url: 'https://evil.example/#/approvals-popup', parent: null } }),
    ).toBe(false);
    expect(both({ ...fromPopup, senderFrame: { ...fromPopup.senderFrame, parent: {} } })).toBe(false);
    expect(both({ ...fromPopup, sender: { id: 8 } })).toBe(false);
  });
});

describe('forwardEvents', () => {
  it('sends every event to every live window, until unsubscribed', () => {
    const events = fakeEvents();
    const open = { send: vi.fn(), isDestroyed: () => false };
    const destroyed = { send: vi.fn(), isDestroyed: () => true };
    const stop = forwardEvents(events.onEvent, () => [open, destroyed]);
    const event = sessionEvent('opened', 's1');
    events.emit(event);
    expect(open.send).toHaveBeenCalledExactlyOnceWith(ipcNames.event, event);
    expect(destroyed.send).not.toHaveBeenCalled();
    stop();
    events.emit(event);
    expect(open.send).toHaveBeenCalledTimes(1);
  });
});
