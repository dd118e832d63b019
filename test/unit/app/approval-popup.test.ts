import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { Approval } from '../../../shared/approvals';
import { approvalNotice, createApprovalAlerts } from '../../../main/app/approval-alerts';
import {
  createApprovalPopup,
  POPUP_HASH,
  type ApprovalPopupOptions,
  type PopupWindow,
} from '../../../main/app/approval-popup';
import { createApprovalQueue } from '../../../main/app/approval-queue';
import type { DashboardWebContents } from '../../../main/app/window';
import { approval, approvalEvent, fakeEvents, preventable } from './fakes';

type Listener = (...args: never[]) => unknown;

function fakeWindowClass() {
  const created: FakePopup[] = [];
  class FakePopup implements PopupWindow {
    listeners = new Map<string, Listener[]>();
    contentsListeners = new Map<string, Listener[]>();
    openHandler?: (details: { url: string }) => { action: 'deny' };
    loaded: { path: string; options?: { hash?: string } }[] = [];
    calls: string[] = [];
    visible = false;
    focused = false;
    minimized = false;
    destroyed = false;
    position?: [number, number];
    readonly webContents: DashboardWebContents;

    constructor(readonly options: BrowserWindowConstructorOptions) {
      created.push(this);
      const on = (map: Map<string, Listener[]>) => (event: string, listener: Listener) => {
        map.set(event, [...(map.get(event) ?? []), listener]);
      };
      this.webContents = {
        on: on(this.contentsListeners),
        setWindowOpenHandler: (handler) => void (this.openHandler = handler),
        session: {
          webRequest: { onHeadersReceived: () => undefined },
          setPermissionRequestHandler: () => undefined,
        },
        send: () => undefined,
        isDestroyed: () => this.destroyed,
      };
      this.on = on(this.listeners) as PopupWindow['on'];
      this.once = on(this.listeners) as PopupWindow['once'];
    }
    on: PopupWindow['on'];
    once: PopupWindow['once'];
    emit(event: string, ...args: unknown[]) {
      for (const listener of this.listeners.get(event) ?? [])
        (listener as (...a: unknown[]) => void)(...args);
    }
    emitContents(event: string, ...args: unknown[]) {
      for (const listener of this.contentsListeners.get(event) ?? [])
        (listener as (...a: unknown[]) => void)(...args);
    }
    async loadFile(path: string, options?: { hash?: string }) {
      this.loaded.push({ path, ...(options ? { options } : {}) });
    }
    show() {
      this.calls.push('show');
      this.visible = true;
    }
    showInactive() {
      this.calls.push('showInactive');
      this.visible = true;
    }
    hide() {
      this.calls.push('hide');
      this.visible = false;
      this.focused = false;
    }
    focus() {
      this.calls.push('focus');
      this.focused = true;
    }
    restore() {
      this.calls.push('restore');
      this.minimized = false;
    }
    isVisible() {
      return this.visible;
    }
    isMinimized() {
      return this.minimized;
    }
    isFocused() {
      return this.focused;
    }
    isDestroyed() {
      return this.destroyed;
    }
    getSize() {
      return [440, 560];
    }
    setPosition(x: number, y: number) {
      this.position = [x, y];
    }
  }
  return { FakePopup, created };
}

function fakeNotificationClass(supported = true) {
  const shown: FakeNotification[] = [];
  class FakeNotification {
    static isSupported = () => supported;
    listeners = new Map<string, (() => void)[]>();
    visible = false;
    closed = false;
    constructor(readonly options: { title: string; body: string }) {}
    on(event: 'click' | 'close', listener: () => void) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    }
    show() {
      this.visible = true;
      shown.push(this);
    }
    close() {
      if (this.closed) return;
      this.closed = true;
      this.visible = false;
      for (const listener of this.listeners.get('close') ?? []) listener();
    }
    click() {
      for (const listener of this.listeners.get('click') ?? []) listener();
    }
  }
  return { FakeNotification, shown };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function setup(
  options: {
    notifications?: boolean;
    tray?: ApprovalPopupOptions['trayBounds'];
    alsoWaiting?: () => boolean;
  } = {},
) {
  const { FakePopup, created } = fakeWindowClass();
  const { FakeNotification, shown } = fakeNotificationClass(options.notifications ?? true);
  const events = fakeEvents();
  /** What the broker holds: what `approvals:list` answers. */
  let waiting: Approval[] = [];
  const list = vi.fn(async () => [...waiting]);
  let quitting = false;
  const popup = createApprovalPopup({
    BrowserWindow: FakePopup,
    openExternal: vi.fn(),
    preloadPath: '/app/out/preload/preload.cjs',
    indexHtml: '/app/out/renderer/index.html',
    bridgeArgument: '--portcullis-bridge=x',
    isQuitting: () => quitting,
    screen: {
      getDisplayMatching: () => ({ workArea: { x: 0, y: 25, width: 1440, height: 875 } }),
      getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
    },
    trayBounds: options.tray ?? (() => ({ x: 1200, y: 0, width: 22, height: 24 })),
    platform: 'darwin',
  });
  const queue = createApprovalQueue({ list, onEvent: events.onEvent });
  const undo = createApprovalAlerts({
    onEvent: events.onEvent,
    queue,
    popup,
    Notification: FakeNotification,
    ...(options.alsoWaiting ? { alsoWaiting: options.alsoWaiting } : {}),
  });

  /** The broker holds a call and says so. */
  const request = async (which: Approval) => {
    waiting = [...waiting, which];
    events.emit(approvalEvent('requested', which));
    await settle();
  };
  /** The broker lets a call go and says so. */
  const resolve = async (which: Approval) => {
    waiting = waiting.filter((a) => a.id !== which.id);
    events.emit(approvalEvent('resolved', which));
    await settle();
  };
  const window = () => {
    expect(created).toHaveLength(1);
    return created[0]!;
  };
  return {
    popup,
    queue,
    created,
    shown,
    events,
    list,
    request,
    resolve,
    window,
    undo,
    quit: () => (quitting = true),
  };
}

describe('the approval popup window', () => {
  it('is not created before a call waits', async () => {
    const { created, popup } = setup();
    await settle();
    expect(created).toHaveLength(0);
    expect(popup.webContents()).toEqual([]);
    expect(popup.inView()).toBe(false);
  });

  it('is hardened like the dashboard, small, on top, out of the taskbar, and loads the popup route', async () => {
    const { request, window } = setup();
    await request(approval());
    const popup = window();
    expect(popup.options.webPreferences).toStrictEqual({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      additionalArguments: ['--portcullis-bridge=x'],
    });
    expect(popup.options).toMatchObject({
      show: false,
      alwaysOnTop: true,
      skipTaskbar: true,
      minimizable: false,
      width: 440,
      height: 560,
    });
    expect(popup.loaded).toEqual([{ path: '/app/out/renderer/index.html', options: { hash: POPUP_HASH } }]);
    expect(POPUP_HASH).toBe('/approvals-popup');

    const navigation = preventable();
    popup.emitContents('will-navigate', navigation, 'https://evil.example/');
    expect(navigation.defaultPrevented).toBe(true);
    expect(popup.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('appears once rendered, beside the tray icon, without taking focus', async () => {
    const { request, window } = setup();
    await request(approval());
    const popup = window();
    expect(popup.visible).toBe(false);
    popup.emit('ready-to-show');
    expect(popup.calls).toEqual(['showInactive']);
    expect(popup.focused).toBe(false);
    // Under a 22 px menu-bar icon at x 1200, on the tray's display.
    expect(popup.position).toEqual([991, 33]);
  });

  it('goes to the corner of the primary display when the tray has no bounds (Linux)', async () => {
    const { request, window } = setup({ tray: () => ({ x: 0, y: 0, width: 0, height: 0 }) });
    await request(approval());
    window().emit('ready-to-show');
    expect(window().position).toEqual([1472, 8]);
  });

  it('stays while calls wait and hides when the queue empties', async () => {
    const { request, resolve, window, list } = setup();
    const first = approval({ id: 'a1' });
    const second = approval({ id: 'a2', tool: 'push' });
    await request(first);
    window().emit('ready-to-show');
    await request(second);
    await resolve(first);
    expect(window().visible).toBe(true);
    await resolve(second);
    expect(window().visible).toBe(false);
    expect(window().calls.at(-1)).toBe('hide');
    // The queue, not the events, decides: it was read after every approval event.
    expect(list.mock.calls.length).toBeGreaterThanOrEqual(5);
  });

  it('stays up when the queue empties while a tool definition still waits for review in it', async () => {
    let reviews = 1;
    const { request, resolve, window } = setup({ alsoWaiting: () => reviews > 0 });
    const first = approval({ id: 'a1' });
    await request(first);
    window().emit('ready-to-show');
    await resolve(first);
    expect(window().visible).toBe(true);
    reviews = 0;
    await request(first);
    await resolve(first);
    expect(window().visible).toBe(false);
  });

  it('is kept hidden between approvals and comes back without being rebuilt', async () => {
    const { request, resolve, created } = setup();
    await request(approval({ id: 'a1' }));
    created[0]!.emit('ready-to-show');
    await resolve(approval({ id: 'a1' }));
    await request(approval({ id: 'a2' }));
    expect(created).toHaveLength(1);
    expect(created[0]!.visible).toBe(true);
    expect(created[0]!.calls).toEqual(['showInactive', 'hide', 'showInactive']);
  });

  it('closing it hides it while the app runs, and really closes when quitting', async () => {
    const { request, window, quit } = setup();
    await request(approval());
    const popup = window();
    popup.emit('ready-to-show');
    const close = preventable();
    popup.emit('close', close);
    expect(close.defaultPrevented).toBe(true);
    expect(popup.visible).toBe(false);
    quit();
    const last = preventable();
    popup.emit('close', last);
    expect(last.defaultPrevented).toBe(false);
  });

  it('open() before the page is ready shows it focused once it is', async () => {
    const { popup, created } = setup();
    popup.present();
    popup.open();
    created[0]!.emit('ready-to-show');
    expect(created[0]!.calls).toEqual(['show', 'focus']);
  });

  it("lists its webContents while it exists, so the sender check trusts it, and not once it's gone", async () => {
    const { popup, request, window } = setup();
    await request(approval());
    expect(popup.webContents()).toEqual([window().webContents]);
    window().destroyed = true;
    window().emit('closed');
    expect(popup.webContents()).toEqual([]);
  });
});

describe('approval notifications', () => {
  it('the first call, with the popup out of view: a notification naming the call', async () => {
    const { request, shown } = setup();
    await request(approval());
    expect(shown).toHaveLength(1);
    expect(shown[0]!.options).toMatchObject({
      title: 'Approval needed: github › delete_repo',
      body: 'cursor is waiting. High risk, Destructive. No answer within 2 min means deny.',
    });
  });

  it('clicking the notification brings the popup forward with focus', async () => {
    const { request, shown, window } = setup();
    await request(approval());
    const popup = window();
    popup.emit('ready-to-show');
    shown[0]!.click();
    expect(popup.calls).toEqual(['showInactive', 'show', 'focus']);
    expect(popup.focused).toBe(true);
    expect(shown[0]!.closed).toBe(true);
  });

  it('none while the person is using the popup', async () => {
    const { request, shown, window } = setup();
    await request(approval({ id: 'a1' }));
    window().emit('ready-to-show');
    window().focus();
    await request(approval({ id: 'a2' }));
    expect(shown).toHaveLength(1);
  });

  it('one when the popup is up but not in use (possibly covered), replacing the last one', async () => {
    const { request, shown, window } = setup();
    await request(approval({ id: 'a1' }));
    window().emit('ready-to-show');
    await request(approval({ id: 'a2', server: 'fs', tool: 'write_file', askedBy: 'Cursor 1.2' }));
    expect(shown).toHaveLength(2);
    expect(shown[0]!.closed).toBe(true);
    expect(shown[1]!.options).toMatchObject({
      title: '2 calls are waiting for approval',
      body: 'Newest: fs › write_file from cursor (Cursor 1.2). High risk, Destructive. No answer within 2 min means deny.',
    });
  });

  it('one when the popup is minimized, and it is restored', async () => {
    const { request, shown, window } = setup();
    await request(approval({ id: 'a1' }));
    window().emit('ready-to-show');
    window().focus();
    window().minimized = true;
    await request(approval({ id: 'a2' }));
    expect(shown).toHaveLength(2);
    expect(window().calls).toContain('restore');
  });

  it('is withdrawn when nothing it announced waits any more', async () => {
    const { request, resolve, shown } = setup();
    await request(approval({ id: 'a1' }));
    expect(shown[0]!.visible).toBe(true);
    await resolve(approval({ id: 'a1' }));
    expect(shown[0]!.closed).toBe(true);
  });

  it('none where the system has no notifications; the popup still appears', async () => {
    const { request, shown, window } = setup({ notifications: false });
    await request(approval());
    window().emit('ready-to-show');
    expect(shown).toHaveLength(0);
    expect(window().visible).toBe(true);
  });

  it('stop listening when undone', async () => {
    const { request, created, events, undo } = setup();
    undo();
    await request(approval());
    expect(created).toHaveLength(0);
    expect(events.listenerCount).toBe(1); // the queue's own
  });
});

describe('approvalNotice', () => {
  it('says seconds for short deadlines and minutes for long ones', () => {
    expect(approvalNotice(approval({ requestedAt: 0, deadline: 45_000 }), 1).body).toContain(
      'No answer within 45 s means deny.',
    );
    expect(approvalNotice(approval({ requestedAt: 0, deadline: 300_000 }), 1).body).toContain(
      'No answer within 5 min means deny.',
    );
  });
});

describe('approvalNotice with hostile text', () => {
  /** A notification shows text as it is: no control, bidi or invisible character may reach it. */
  const RAW = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
  const hostile = approval({
    server: 'hostile\u202Eserver',
    tool: 'invoice\u202Etxt.exe',
    client: 'cursor\nAllowed by Portcullis',
    askedBy: 'evil\x1b[2J-client 6.6',
  });

  it('shows the names escaped, for one call and for several', () => {
    for (const waiting of [1, 3]) {
      const { title, body } = approvalNotice(hostile, waiting);
      expect(title).not.toMatch(RAW);
      expect(body).not.toMatch(RAW);
      expect(`${title} ${body}`).toContain('invoice\\u{202E}txt.exe');
      expect(body).toContain('cursor\\nAllowed by Portcullis (evil\\x1b[2J-client 6.6)');
    }
  });

  it('is what the notification itself carries', async () => {
    const { request, shown } = setup();
    await request(hostile);
    expect(shown[0]?.options.title).toBe('Approval needed: hostile\\u{202E}server › invoice\\u{202E}txt.exe');
  });
});
