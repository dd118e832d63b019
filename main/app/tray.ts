import type { GatewayEvent } from '../../shared/events';
import { visibleText } from '../../shared/visible-text';
import type { Rect } from './popup-position';

/** A call waiting for approval, as the tray menu names it. */
export interface PendingItem {
  id: string;
  server: string;
  tool: string;
  client: string;
}

/** A server in a connected client that is not protected right now (see clients:status). */
export interface UnprotectedItem {
  client: string;
  clientName: string;
  server: string;
  /** `unprotected`: added outside Portcullis; `reverted`/`dropped`: protection was taken away. */
  kind: 'unprotected' | 'reverted' | 'dropped';
}

/** What the tray shows. The icon, tooltip and menu are pure functions of it, so each state is a unit test. */
export interface TrayState {
  /** Client sessions connected through the gateway. */
  sessions: number;
  pending: readonly PendingItem[];
  /** Servers in connected clients that run without Portcullis right now. */
  unprotected: readonly UnprotectedItem[];
  /** Definitions waiting for the person (main/trust): held servers, tools changed, new or flagged. */
  reviews: number;
  /** While protection is paused: when it resumes (milliseconds since the epoch). */
  pausedUntil: number | null;
  openAtLogin: boolean;
}

/**
 * Needs attention (calls waiting, servers that run without Portcullis, definitions to review)
 * beats paused beats protecting: it is the one that asks for action.
 */
export type TrayMode = 'protecting' | 'paused' | 'attention';

export function trayMode(state: TrayState): TrayMode {
  if (state.pending.length > 0 || state.unprotected.length > 0 || state.reviews > 0) return 'attention';
  return state.pausedUntil !== null ? 'paused' : 'protecting';
}

/**
 * The icon file in build/ for a mode (scripts/make-icons.js draws them). macOS gets template
 * images, which it tints for light and dark menu bars; it finds the @2x files itself.
 */
export function trayIconFile(mode: TrayMode, platform: NodeJS.Platform): string {
  const base = mode === 'protecting' ? 'tray' : `tray-${mode}`;
  return platform === 'darwin' ? `${base}Template.png` : `${base}.png`;
}

export interface TrayActions {
  /** Bring up the approval popup. */
  showApprovals(): void;
  /** Ask first, then pause (see protection.ts). */
  pauseProtection(): void;
  resumeProtection(): void;
  openDashboard(): void;
  /** The dashboard's Trust page, where held definitions are reviewed. */
  openTrust(): void;
  connectClients(): void;
  /** One action for a server found unprotected: protect it (after showing what runs), or repair it. */
  protectServer(item: UnprotectedItem): void;
  setStartAtLogin(enabled: boolean): void;
  quit(): void;
}

/** A menu item as `Menu.buildFromTemplate` takes it (a subset of `MenuItemConstructorOptions`). */
export interface TrayMenuItem {
  label?: string;
  type?: 'normal' | 'separator' | 'checkbox';
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
}

/** More than this and the menu lists the first ones and says how many more wait. */
const MENU_APPROVALS = 8;
const MENU_UNPROTECTED = 5;

export const PAUSE_LABEL = 'Pause protection for 15 minutes…';

export function buildTrayMenu(state: TrayState, actions: TrayActions): TrayMenuItem[] {
  const separator: TrayMenuItem = { type: 'separator' };
  const items: TrayMenuItem[] = [];
  if (state.pending.length > 0) {
    items.push({ label: waitingText(state.pending.length), enabled: false });
    for (const item of state.pending.slice(0, MENU_APPROVALS)) {
      items.push({ label: pendingLabel(item), click: () => actions.showApprovals() });
    }
    const more = state.pending.length - MENU_APPROVALS;
    if (more > 0) items.push({ label: `…and ${more} more`, click: () => actions.showApprovals() });
    items.push(separator);
  }
  if (state.unprotected.length > 0) {
    items.push({ label: unprotectedText(state.unprotected.length), enabled: false });
    for (const item of state.unprotected.slice(0, MENU_UNPROTECTED)) {
      items.push({ label: unprotectedLabel(item), click: () => actions.protectServer(item) });
    }
    const more = state.unprotected.length - MENU_UNPROTECTED;
    if (more > 0) items.push({ label: `…and ${more} more`, click: () => actions.openDashboard() });
    items.push(separator);
  }
  if (state.reviews > 0) {
    items.push(
      { label: `Review ${reviewText(state.reviews)}…`, click: () => actions.openTrust() },
      separator,
    );
  }
  if (state.pausedUntil !== null) {
    items.push({ label: `Protection paused until ${clockTime(state.pausedUntil)}`, enabled: false });
    items.push({ label: 'Resume protection', click: () => actions.resumeProtection() });
  } else {
    items.push({ label: PAUSE_LABEL, click: () => actions.pauseProtection() });
  }
  items.push(
    separator,
    { label: 'Open dashboard', click: () => actions.openDashboard() },
    { label: 'Connect clients…', click: () => actions.connectClients() },
    separator,
    {
      label: 'Start at login',
      type: 'checkbox',
      checked: state.openAtLogin,
      click: () => actions.setStartAtLogin(!state.openAtLogin),
    },
    separator,
    { label: 'Quit Portcullis', click: () => actions.quit() },
  );
  return items;
}

/**
 * "server › tool (client)". Names come from config files and servers: shown in their visible form
 * (a line break or a bidi control must not reshape the menu), and an `&` would be read as a menu
 * shortcut marker on Windows and Linux.
 */
export function pendingLabel(item: PendingItem): string {
  const literal = (text: string) => visibleText(text).replaceAll('&', '&&');
  return `${literal(item.server)} › ${literal(item.tool)} (${literal(item.client)})`;
}

/** "Protect time (Cursor)…" or "Repair github (Claude Desktop)", names shown literally. */
export function unprotectedLabel(item: UnprotectedItem): string {
  const literal = (text: string) => visibleText(text).replaceAll('&', '&&');
  const what = `${literal(item.server)} (${literal(item.clientName)})`;
  return item.kind === 'unprotected' ? `Protect ${what}…` : `Repair ${what}`;
}

function unprotectedText(count: number): string {
  return `${count} ${count === 1 ? 'server runs' : 'servers run'} without Portcullis`;
}

export function trayTooltip(state: TrayState): string {
  const parts: string[] = [];
  if (state.pending.length > 0) parts.push(waitingText(state.pending.length));
  if (state.unprotected.length > 0) parts.push(unprotectedText(state.unprotected.length));
  if (state.reviews > 0) parts.push(`${reviewText(state.reviews)} to review`);
  if (state.pausedUntil !== null) parts.push(`protection paused until ${clockTime(state.pausedUntil)}`);
  if (parts.length === 0) {
    parts.push(`protecting, ${state.sessions} ${state.sessions === 1 ? 'session' : 'sessions'}`);
  }
  return `Portcullis — ${parts.join('; ')}`;
}

function reviewText(count: number): string {
  return `${count} ${count === 1 ? 'definition' : 'definitions'}`;
}

function waitingText(count: number): string {
  return `${count} ${count === 1 ? 'call' : 'calls'} waiting for approval`;
}

/**
 * HH:MM in local time, rounded up to the minute: "unchecked until 14:21" must not end before the
 * pause does.
 */
export function clockTime(ms: number): string {
  const at = new Date(Math.ceil(ms / 60_000) * 60_000);
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

/** The parts of Electron's `Tray` the shell uses; the real one fits. */
export interface TrayLike<TImage, TMenu> {
  setImage(image: TImage): void;
  setToolTip(text: string): void;
  setContextMenu(menu: TMenu | null): void;
  getBounds(): Rect;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

/** Electron's `Tray`, `Menu` and `nativeImage`, injected so that a test can pass small fakes. */
export interface TrayApi<TImage, TMenu> {
  Tray: new (image: TImage) => TrayLike<TImage, TMenu>;
  Menu: { buildFromTemplate(template: TrayMenuItem[]): TMenu };
  nativeImage: { createFromPath(path: string): TImage };
}

export interface TrayOptions {
  /** The icon for each mode: build/<trayIconFile(mode)>. */
  iconPath(mode: TrayMode): string;
  actions: TrayActions;
  onEvent(listener: (event: GatewayEvent) => void): () => void;
  /** What is known at start: protection may already be paused, the login item may be set. */
  initial?: Partial<Pick<TrayState, 'pausedUntil' | 'openAtLogin'>>;
  /** Windows acts on a left click (the popup when calls wait, else the dashboard); elsewhere a click opens the menu. */
  openOnClick?: boolean;
}

export interface AppTray {
  state(): TrayState;
  /** Calls waiting, unprotected servers, reviews and the login item come from outside the event stream. */
  update(change: Partial<Pick<TrayState, 'pending' | 'openAtLogin' | 'unprotected' | 'reviews'>>): void;
  /** Where the icon is, for placing the popup; undefined where the platform does not say. */
  bounds(): Rect | undefined;
  destroy(): void;
}

export function createTray<TImage, TMenu>(api: TrayApi<TImage, TMenu>, options: TrayOptions): AppTray {
  let state: TrayState = {
    sessions: 0,
    pending: [],
    unprotected: [],
    reviews: 0,
    pausedUntil: options.initial?.pausedUntil ?? null,
    openAtLogin: options.initial?.openAtLogin ?? false,
  };
  const images = new Map<TrayMode, TImage>();
  const image = (mode: TrayMode) => {
    let loaded = images.get(mode);
    if (loaded === undefined) {
      loaded = api.nativeImage.createFromPath(options.iconPath(mode));
      images.set(mode, loaded);
    }
    return loaded;
  };
  let shownMode = trayMode(state);
  const tray = new api.Tray(image(shownMode));
  const render = () => {
    const mode = trayMode(state);
    if (mode !== shownMode) {
      shownMode = mode;
      tray.setImage(image(mode));
    }
    tray.setToolTip(trayTooltip(state));
    tray.setContextMenu(api.Menu.buildFromTemplate(buildTrayMenu(state, options.actions)));
  };
  const change = (next: Partial<TrayState>) => {
    state = { ...state, ...next };
    render();
  };
  if (options.openOnClick) {
    tray.on('click', () =>
      state.pending.length > 0 ? options.actions.showApprovals() : options.actions.openDashboard(),
    );
  }

  // Ids, not a counter: a repeated or unmatched event must not skew the number.
  const sessions = new Set<string>();
  const unsubscribe = options.onEvent((event) => {
    if (event.type === 'protection') {
      if (event.pausedUntil !== state.pausedUntil) change({ pausedUntil: event.pausedUntil });
      return;
    }
    if (event.type !== 'session') return;
    if (event.state === 'opened') sessions.add(event.session.id);
    else sessions.delete(event.session.id);
    if (sessions.size !== state.sessions) change({ sessions: sessions.size });
  });
  render();

  return {
    state: () => state,
    update: change,
    bounds() {
      // Documented for macOS and Windows only: elsewhere it is empty, or might not answer at all.
      try {
        const bounds = tray.getBounds();
        return bounds.width > 0 && bounds.height > 0 ? bounds : undefined;
      } catch {
        return undefined;
      }
    },
    destroy() {
      unsubscribe();
      tray.destroy();
    },
  };
}
