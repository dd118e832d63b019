import { describe, expect, it, vi } from 'vitest';
import {
  buildTrayMenu,
  createTray,
  trayTooltip,
  type TrayApi,
  type TrayMenuItem,
} from '../../../main/app/tray';
import { fakeEvents, sessionEvent } from './fakes';

const labels = (items: TrayMenuItem[]) =>
  items.map((item) => (item.type === 'separator' ? '---' : item.label));

describe('buildTrayMenu', () => {
  for (const sessions of [0, 1, 7]) {
    it(`offers the dashboard and Quit with ${sessions} session(s)`, () => {
      const menu = buildTrayMenu({ sessions }, { openDashboard: () => {}, quit: () => {} });
      expect(labels(menu)).toEqual(['Open dashboard', '---', 'Quit Portcullis']);
    });
  }

  it('wires each item to its action', () => {
    const actions = { openDashboard: vi.fn(), quit: vi.fn() };
    const [open, , quit] = buildTrayMenu({ sessions: 0 }, actions);
    open?.click?.();
    expect(actions.openDashboard).toHaveBeenCalledTimes(1);
    expect(actions.quit).not.toHaveBeenCalled();
    quit?.click?.();
    expect(actions.quit).toHaveBeenCalledTimes(1);
  });
});

describe('trayTooltip', () => {
  it('counts sessions', () => {
    expect(trayTooltip({ sessions: 0 })).toBe('Portcullis — 0 sessions');
    expect(trayTooltip({ sessions: 1 })).toBe('Portcullis — 1 session');
    expect(trayTooltip({ sessions: 12 })).toBe('Portcullis — 12 sessions');
  });
});

function fakeTrayApi() {
  const trays: FakeTray[] = [];
  class FakeTray {
    tooltip = '';
    menu: TrayMenuItem[] | null = null;
    clicks: (() => void)[] = [];
    destroyed = false;
    constructor(readonly image: { path: string }) {
      trays.push(this);
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setContextMenu(menu: TrayMenuItem[] | null) {
      this.menu = menu;
    }
    on(_event: 'click', listener: () => void) {
      this.clicks.push(listener);
    }
    destroy() {
      this.destroyed = true;
    }
  }
  const api: TrayApi<{ path: string }, TrayMenuItem[]> = {
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template) => template },
    nativeImage: { createFromPath: (path) => ({ path }) },
  };
  return { api, trays };
}

describe('createTray', () => {
  function setup(openOnClick = false) {
    const { api, trays } = fakeTrayApi();
    const events = fakeEvents();
    const actions = { openDashboard: vi.fn(), quit: vi.fn() };
    const appTray = createTray(api, {
      iconPath: '/app/build/tray.png',
      actions,
      onEvent: events.onEvent,
      openOnClick,
    });
    const tray = trays[0]!;
    return { appTray, tray, trays, events, actions };
  }

  it('shows the icon, the tooltip and the menu at once', () => {
    const { tray, trays } = setup();
    expect(trays).toHaveLength(1);
    expect(tray.image).toEqual({ path: '/app/build/tray.png' });
    expect(tray.tooltip).toBe('Portcullis — 0 sessions');
    expect(labels(tray.menu ?? [])).toEqual(['Open dashboard', '---', 'Quit Portcullis']);
  });

  it('updates the tooltip as sessions open and close', () => {
    const { tray, events, appTray } = setup();
    events.emit(sessionEvent('opened', 'a'));
    expect(tray.tooltip).toBe('Portcullis — 1 session');
    events.emit(sessionEvent('opened', 'b'));
    expect(tray.tooltip).toBe('Portcullis — 2 sessions');
    events.emit(sessionEvent('closed', 'a'));
    expect(tray.tooltip).toBe('Portcullis — 1 session');
    expect(appTray.state()).toEqual({ sessions: 1 });
  });

  it('is not skewed by repeated or unknown session events, and ignores other events', () => {
    const { tray, events } = setup();
    events.emit(sessionEvent('opened', 'a'));
    events.emit(sessionEvent('opened', 'a'));
    events.emit(sessionEvent('closed', 'zzz'));
    events.emit({ type: 'policy', revision: 3 });
    events.emit({ type: 'audit', lastId: 9 });
    expect(tray.tooltip).toBe('Portcullis — 1 session');
  });

  it('menu items reach the actions', () => {
    const { tray, actions } = setup();
    tray.menu?.[0]?.click?.();
    tray.menu?.[2]?.click?.();
    expect(actions.openDashboard).toHaveBeenCalledTimes(1);
    expect(actions.quit).toHaveBeenCalledTimes(1);
  });

  it('opens the dashboard on click only where asked to', () => {
    expect(setup(false).tray.clicks).toHaveLength(0);
    const { tray, actions } = setup(true);
    tray.clicks.forEach((click) => click());
    expect(actions.openDashboard).toHaveBeenCalledTimes(1);
  });

  it('destroy removes the icon and stops listening', () => {
    const { tray, events, appTray } = setup();
    expect(events.listenerCount).toBe(1);
    appTray.destroy();
    expect(tray.destroyed).toBe(true);
    expect(events.listenerCount).toBe(0);
  });
});
