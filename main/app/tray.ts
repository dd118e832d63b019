import type { GatewayEvent } from '../../shared/events';

/**
 * What the tray shows. Later: protecting / paused / needs attention, pending approvals. The menu
 * and tooltip are pure functions of it, so each state is a unit test.
 */
export interface TrayState {
  /** Client sessions connected through the gateway. */
  sessions: number;
}

export interface TrayActions {
  openDashboard(): void;
  quit(): void;
}

/** A menu item as `Menu.buildFromTemplate` takes it (a subset of `MenuItemConstructorOptions`). */
export interface TrayMenuItem {
  label?: string;
  type?: 'normal' | 'separator';
  enabled?: boolean;
  click?: () => void;
}

export function buildTrayMenu(_state: TrayState, actions: TrayActions): TrayMenuItem[] {
  return [
    { label: 'Open dashboard', click: () => actions.openDashboard() },
    { type: 'separator' },
    { label: 'Quit Portcullis', click: () => actions.quit() },
  ];
}

export function trayTooltip(state: TrayState): string {
  return `Portcullis — ${state.sessions} ${state.sessions === 1 ? 'session' : 'sessions'}`;
}

/** The parts of Electron's `Tray` the shell uses; the real one fits. */
export interface TrayLike<TMenu> {
  setToolTip(text: string): void;
  setContextMenu(menu: TMenu | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

/** Electron's `Tray`, `Menu` and `nativeImage`, injected so that a test can pass small fakes. */
export interface TrayApi<TImage, TMenu> {
  Tray: new (image: TImage) => TrayLike<TMenu>;
  Menu: { buildFromTemplate(template: TrayMenuItem[]): TMenu };
  nativeImage: { createFromPath(path: string): TImage };
}

export interface TrayOptions {
  /** build/tray.png, or build/trayTemplate.png on macOS (Electron picks the @2x file itself). */
  iconPath: string;
  actions: TrayActions;
  onEvent(listener: (event: GatewayEvent) => void): () => void;
  /** Windows opens the dashboard on a left click; elsewhere a click opens the menu. */
  openOnClick?: boolean;
}

export interface AppTray {
  state(): TrayState;
  destroy(): void;
}

export function createTray<TImage, TMenu>(api: TrayApi<TImage, TMenu>, options: TrayOptions): AppTray {
  const tray = new api.Tray(api.nativeImage.createFromPath(options.iconPath));
  let state: TrayState = { sessions: 0 };
  const render = () => {
    tray.setToolTip(trayTooltip(state));
    tray.setContextMenu(api.Menu.buildFromTemplate(buildTrayMenu(state, options.actions)));
  };
  if (options.openOnClick) tray.on('click', () => options.actions.openDashboard());

  // Ids, not a counter: a repeated or unmatched event must not skew the number.
  const sessions = new Set<string>();
  const unsubscribe = options.onEvent((event) => {
    if (event.type !== 'session') return;
    if (event.state === 'opened') sessions.add(event.session.id);
    else sessions.delete(event.session.id);
    if (sessions.size === state.sessions) return;
    state = { ...state, sessions: sessions.size };
    render();
  });
  render();

  return {
    state: () => state,
    destroy() {
      unsubscribe();
      tray.destroy();
    },
  };
}
