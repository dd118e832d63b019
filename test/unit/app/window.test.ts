import { describe, expect, it, vi } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  createDashboard,
  isWebUrl,
  type DashboardOptions,
  type DashboardWebContents,
  type DashboardWindow,
} from '../../../main/app/window';
import { preventable } from './fakes';

type Listener = (...args: never[]) => unknown;

function fakeWindowClass() {
  const created: FakeWindow[] = [];
  class FakeWindow implements DashboardWindow {
    listeners = new Map<string, Listener[]>();
    contentsListeners = new Map<string, Listener[]>();
    openHandler?: (details: { url: string }) => { action: 'deny' };
    headersListener?: Parameters<DashboardWebContents['session']['webRequest']['onHeadersReceived']>[0];
    permissionHandler?: Parameters<DashboardWebContents['session']['setPermissionRequestHandler']>[0];
    loaded: string[] = [];
    visible = false;
    focused = 0;
    minimized = false;
    destroyed = false;
    readonly webContents: DashboardWebContents;

    constructor(readonly options: unknown) {
      created.push(this);
      const on = (map: Map<string, Listener[]>) => (event: string, listener: Listener) => {
        map.set(event, [...(map.get(event) ?? []), listener]);
      };
      this.webContents = {
        on: on(this.contentsListeners),
        setWindowOpenHandler: (handler) => void (this.openHandler = handler),
        session: {
          webRequest: { onHeadersReceived: (listener) => void (this.headersListener = listener) },
          setPermissionRequestHandler: (handler) => void (this.permissionHandler = handler),
        },
        send: () => {},
        isDestroyed: () => this.destroyed,
      };
      this.on = on(this.listeners) as DashboardWindow['on'];
      this.once = on(this.listeners) as DashboardWindow['once'];
    }
    on: DashboardWindow['on'];
    once: DashboardWindow['once'];
    emit(event: string, ...args: unknown[]) {
      for (const listener of this.listeners.get(event) ?? [])
        (listener as (...a: unknown[]) => void)(...args);
    }
    emitContents(event: string, ...args: unknown[]) {
      for (const listener of this.contentsListeners.get(event) ?? [])
        (listener as (...a: unknown[]) => void)(...args);
    }
    async loadFile(path: string) {
      this.loaded.push(path);
    }
    show() {
      this.visible = true;
    }
    hide() {
      this.visible = false;
    }
    focus() {
      this.focused++;
    }
    restore() {
      this.minimized = false;
    }
    isMinimized() {
      return this.minimized;
    }
    isDestroyed() {
      return this.destroyed;
    }
  }
  return { FakeWindow, created };
}

function setup() {
  const { FakeWindow, created } = fakeWindowClass();
  let quitting = false;
  const openExternal = vi.fn<DashboardOptions['openExternal']>(async () => {});
  const dashboard = createDashboard({
    BrowserWindow: FakeWindow,
    openExternal,
    preloadPath: '/app/out/preload/preload.cjs',
    indexHtml: '/app/out/renderer/index.html',
    bridgeArgument: '--portcullis-bridge=x',
    isQuitting: () => quitting,
  });
  dashboard.show();
  const window = created[0]!;
  return { dashboard, window, created, openExternal, quit: () => (quitting = true) };
}

describe('the dashboard window', () => {
  it('is created hardened: isolated, sandboxed, no Node, web security, our preload only', () => {
    const { window } = setup();
    const options = window.options as { show: boolean; webPreferences: unknown };
    expect(options.webPreferences).toStrictEqual({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      additionalArguments: ['--portcullis-bridge=x'],
    });
    expect(options.show).toBe(false);
  });

  it('loads the built renderer from disk and shows once ready', () => {
    const { window } = setup();
    expect(window.loaded).toEqual(['/app/out/renderer/index.html']);
    expect(window.visible).toBe(false);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
  });

  it('denies every navigation, and sends only http(s) links to the browser', () => {
    const { window, openExternal } = setup();
    for (const url of [
      'https://modelcontextprotocol.io/',
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'not a url',
    ]) {
      const event = preventable();
      window.emitContents('will-navigate', event, url);
      expect(event.defaultPrevented, url).toBe(true);
    }
    expect(openExternal.mock.calls.map(([url]) => url)).toEqual([
      'https://modelcontextprotocol.io/',
      'http://example.com/',
    ]);
  });

  it('denies every new window, and sends only http(s) links to the browser', () => {
    const { window, openExternal } = setup();
    for (const url of ['https://github.com/', 'file:///tmp/x.html', 'about:blank', 'ms-settings:privacy']) {
      expect(window.openHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(openExternal.mock.calls.map(([url]) => url)).toEqual(['https://github.com/']);
  });

  it('adds the content security policy to every response', () => {
    const { window } = setup();
    const callback = vi.fn();
    window.headersListener?.({ responseHeaders: { 'X-Other': ['1'] } }, callback);
    expect(callback).toHaveBeenCalledExactlyOnceWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
    );
  });

  it('grants no permission but clipboard writing', () => {
    const { window } = setup();
    const answers = [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'clipboard-sanitized-write',
    ].map((permission) => {
      let granted: boolean | undefined;
      window.permissionHandler?.({}, permission, (answer) => (granted = answer));
      return granted;
    });
    expect(answers).toEqual([false, false, false, false, true]);
  });

  it('closing hides the window while the app keeps running', () => {
    const { window } = setup();
    window.emit('ready-to-show');
    const close = preventable();
    window.emit('close', close);
    expect(close.defaultPrevented).toBe(true);
    expect(window.visible).toBe(false);
  });

  it('closing really closes once the app is quitting', () => {
    const { window, quit } = setup();
    window.emit('ready-to-show');
    quit();
    const close = preventable();
    window.emit('close', close);
    expect(close.defaultPrevented).toBe(false);
    expect(window.visible).toBe(true);
  });

  it('show() brings back the one window instead of opening another', () => {
    const { dashboard, window, created } = setup();
    window.emit('close', preventable());
    window.minimized = true;
    dashboard.show();
    expect(created).toHaveLength(1);
    expect(window.visible).toBe(true);
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(1);
  });

  it('opens a new window after the old one was destroyed, and lists only live webContents', () => {
    const { dashboard, window, created } = setup();
    expect(dashboard.webContents()).toEqual([window.webContents]);
    window.destroyed = true;
    window.emit('closed');
    expect(dashboard.webContents()).toEqual([]);
    dashboard.show();
    expect(created).toHaveLength(2);
    expect(dashboard.webContents()).toEqual([created[1]!.webContents]);
  });
});

describe('isWebUrl', () => {
  it('accepts only http and https', () => {
    expect(isWebUrl('https://a.example/')).toBe(true);
    expect(isWebUrl('http://a.example/')).toBe(true);
    expect(isWebUrl('HTTPS://A.EXAMPLE/')).toBe(true);
    for (const url of ['file:///x', 'javascript:1', 'data:text/html,x', '//a.example', '', 'vscode://x'])
      expect(isWebUrl(url), url).toBe(false);
  });
});
