import type { BrowserWindowConstructorOptions } from 'electron';
import { popupPosition, type Rect } from './popup-position';
import {
  hardenWebContents,
  secureWebPreferences,
  type DashboardOptions,
  type DashboardWebContents,
  type PreventableEvent,
} from './window';

/** The renderer's route for the approval queue (renderer/src/app: the popup view). */
export const POPUP_HASH = '/approvals-popup';

export const POPUP_SIZE = { width: 440, height: 560 } as const;

/** The parts of `BrowserWindow` the popup uses; the real one fits. */
export interface PopupWindow {
  readonly webContents: DashboardWebContents;
  loadFile(path: string, options?: { hash?: string }): Promise<void>;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  showInactive(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  isVisible(): boolean;
  isMinimized(): boolean;
  isFocused(): boolean;
  isDestroyed(): boolean;
  getSize(): number[];
  setPosition(x: number, y: number): void;
}

/** The parts of Electron's `screen` the popup uses to find the tray's display. */
export interface ScreenLike {
  getDisplayMatching(rect: Rect): { workArea: Rect };
  getPrimaryDisplay(): { workArea: Rect };
}

export interface ApprovalPopupOptions extends Pick<
  DashboardOptions,
  'openExternal' | 'preloadPath' | 'indexHtml' | 'bridgeArgument' | 'icon' | 'isQuitting' | 'log'
> {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => PopupWindow;
  screen: ScreenLike;
  /** `tray.getBounds()`: empty on Linux, where the popup goes to a screen corner instead. */
  trayBounds(): Rect | undefined;
  platform?: NodeJS.Platform;
}

export interface ApprovalPopup {
  /** An approval arrived: show the popup without taking the keyboard from what the person is doing. */
  present(): void;
  /** The person asked for it (tray menu, notification): show it and give it the keyboard. */
  open(): void;
  hide(): void;
  /** Where the person can see it: shown, not minimized, and the window they are using. */
  inView(): boolean;
  /** The popup's webContents while it exists: trusted by the IPC sender check, sent events. */
  webContents(): DashboardWebContents[];
}

function popupOptions(options: ApprovalPopupOptions) {
  return {
    ...POPUP_SIZE,
    minWidth: 360,
    minHeight: 320,
    title: 'Portcullis — approval needed',
    show: false,
    // A title bar, so that it can be moved off whatever it covers; not in the taskbar, and not
    // minimizable, so that it cannot get lost there while calls wait.
    frame: true,
    alwaysOnTop: true,
    skipTaskbar: true,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    autoHideMenuBar: true,
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: secureWebPreferences(options),
  } satisfies BrowserWindowConstructorOptions;
}

/**
 * The small always-on-top window near the tray that shows the approval queue. It is created on the
 * first approval and then kept (hidden between approvals), so later ones appear at once.
 */
export function createApprovalPopup(options: ApprovalPopupOptions): ApprovalPopup {
  const log = options.log ?? (() => undefined);
  const platform = options.platform ?? process.platform;
  let window: PopupWindow | undefined;
  let ready = false;
  /** What to do once the page has rendered: showing it earlier would flash an empty window. */
  let pending: 'present' | 'open' | undefined;

  const live = () => (window && !window.isDestroyed() ? window : undefined);

  const create = (): PopupWindow => {
    const created = new options.BrowserWindow(popupOptions(options));
    // The same session as the dashboard: its header and permission handlers are set again, the same.
    hardenWebContents(created.webContents, options.openExternal, log);
    ready = false;
    created.on('close', (event) => {
      if (options.isQuitting()) return;
      // Calls still wait after the popup is closed: the tray keeps count, and the next one reopens it.
      event.preventDefault();
      created.hide();
    });
    created.on('closed', () => {
      if (window === created) window = undefined;
    });
    created.once('ready-to-show', () => {
      ready = true;
      const next = pending;
      pending = undefined;
      if (next) reveal(created, next);
    });
    created.loadFile(options.indexHtml, { hash: POPUP_HASH }).catch((error: unknown) => {
      log(
        `The approval popup could not be loaded from ${options.indexHtml}: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    return created;
  };

  const place = (target: PopupWindow) => {
    const bounds = options.trayBounds();
    const tray = bounds && bounds.width > 0 && bounds.height > 0 ? bounds : undefined;
    const display = tray ? options.screen.getDisplayMatching(tray) : options.screen.getPrimaryDisplay();
    const [width = POPUP_SIZE.width, height = POPUP_SIZE.height] = target.getSize();
    const { x, y } = popupPosition({ tray, workArea: display.workArea, size: { width, height }, platform });
    target.setPosition(x, y);
  };

  const reveal = (target: PopupWindow, how: 'present' | 'open') => {
    // Placed when it appears, not while it is up: the person may have moved it out of the way.
    if (!target.isVisible()) place(target);
    if (target.isMinimized()) target.restore();
    if (how === 'open') {
      target.show();
      target.focus();
    } else if (!target.isVisible()) {
      target.showInactive();
    }
  };

  const request = (how: 'present' | 'open') => {
    const target = live() ?? (window = create());
    if (!ready) {
      // An `open` while a `present` is waiting wins: the person asked for it.
      if (pending !== 'open') pending = how;
      return;
    }
    reveal(target, how);
  };

  return {
    present: () => request('present'),
    open: () => request('open'),
    hide() {
      pending = undefined;
      const target = live();
      if (target?.isVisible()) target.hide();
    },
    inView() {
      const target = live();
      return !!target && target.isVisible() && !target.isMinimized() && target.isFocused();
    },
    webContents: () => {
      const target = live();
      return target ? [target.webContents] : [];
    },
  };
}
