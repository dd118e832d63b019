import type { BrowserWindowConstructorOptions } from 'electron';

/** Everything the dashboard may load: its own files, inline styles (React), data: images. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'";

/** The only permission the dashboard may get: writing (not reading) the clipboard, for copy buttons. */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

export interface PreventableEvent {
  preventDefault(): void;
}

type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
) => void;

/** The parts of `BrowserWindow['webContents']` the dashboard uses; the real one fits. */
export interface DashboardWebContents {
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  session: {
    webRequest: { onHeadersReceived(listener: HeadersListener): void };
    setPermissionRequestHandler(
      handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
    ): void;
  };
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** The parts of `BrowserWindow` the dashboard uses; the real one fits. */
export interface DashboardWindow {
  readonly webContents: DashboardWebContents;
  loadFile(path: string, options?: { hash?: string }): Promise<void>;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
}

export interface DashboardOptions {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => DashboardWindow;
  /** `shell.openExternal`; only ever called with an http(s) URL. */
  openExternal(url: string): Promise<void> | void;
  /** out/preload/preload.cjs */
  preloadPath: string;
  /** out/renderer/index.html */
  indexHtml: string;
  /** The `--portcullis-bridge=…` argument the preload reads (see bridge-argument.ts). */
  bridgeArgument: string;
  icon?: string;
  /** True once the app is really quitting: until then closing the window only hides it. */
  isQuitting(): boolean;
  log?: (line: string) => void;
}

export interface Dashboard {
  /**
   * Opens the dashboard window, or brings the existing one to the front; with a page (`clients`),
   * on that page (a notification about the clients opens the Clients page).
   */
  show(page?: string): void;
  /** The webContents of the open window, if any: where events go and who may call the API. */
  webContents(): DashboardWebContents[];
}

/** Every window of ours: isolated, sandboxed, no Node, web security on, our preload only. */
export function secureWebPreferences(options: Pick<DashboardOptions, 'preloadPath' | 'bridgeArgument'>) {
  return {
    preload: options.preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    additionalArguments: [options.bridgeArgument],
  } satisfies BrowserWindowConstructorOptions['webPreferences'];
}

function windowOptions(options: Pick<DashboardOptions, 'preloadPath' | 'bridgeArgument' | 'icon'>) {
  return {
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: 'Portcullis',
    show: false,
    autoHideMenuBar: true,
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: secureWebPreferences(options),
  } satisfies BrowserWindowConstructorOptions;
}

export function createDashboard(options: DashboardOptions): Dashboard {
  const log = options.log ?? (() => undefined);
  let window: DashboardWindow | undefined;

  const load = (target: DashboardWindow, page: string | undefined) =>
    target.loadFile(options.indexHtml, page ? { hash: `/${page}` } : undefined).catch((error: unknown) => {
      log(`The dashboard could not be loaded from ${options.indexHtml}: ${describe(error)}`);
    });

  const open = (page: string | undefined): DashboardWindow => {
    const created = new options.BrowserWindow(windowOptions(options));
    hardenWebContents(created.webContents, options.openExternal, log);
    created.on('close', (event) => {
      if (options.isQuitting()) return;
      // The gateway keeps running in the tray; only Quit ends it.
      event.preventDefault();
      created.hide();
    });
    created.on('closed', () => {
      if (window === created) window = undefined;
    });
    created.once('ready-to-show', () => created.show());
    void load(created, page);
    return created;
  };

  return {
    show(page) {
      if (!window || window.isDestroyed()) {
        window = open(page);
        return;
      }
      if (page) void load(window, page);
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    },
    webContents: () => (window && !window.isDestroyed() ? [window.webContents] : []),
  };
}

/** No navigation, no new windows, no permissions, and a CSP on everything the window loads. */
export function hardenWebContents(
  contents: DashboardWebContents,
  openExternal: (url: string) => Promise<void> | void,
  log: (line: string) => void = () => undefined,
): void {
  const openOutside = (url: string) => {
    if (!isWebUrl(url)) return;
    Promise.resolve(openExternal(url)).catch((error: unknown) =>
      log(`Could not open ${url}: ${describe(error)}`),
    );
  };
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openOutside(url);
  });
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  contents.session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(ALLOWED_PERMISSIONS.has(permission)),
  );
  // Older Electron versions skip response headers for file:// pages; a CSP <meta> in the page's
  // own index.html covers those.
  contents.session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

/** Only http and https leave the app, and only to the default browser. */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
