import { describe, expect, it, vi } from 'vitest';
import {
  buildTrayMenu,
  clockTime,
  createTray,
  trayIconFile,
  trayMode,
  trayTooltip,
  type TrayActions,
  type TrayApi,
  type TrayMenuItem,
  type TrayState,
} from '../../../main/app/tray';
import { fakeEvents, sessionEvent } from './fakes';

const labels = (items: TrayMenuItem[]) =>
  items.map((item) => (item.type === 'separator' ? '---' : item.label));

/** 14:05 local time on some day: the tests read back what clockTime makes of it. */
const at1405 = new Date(2026, 4, 12, 14, 5, 0).getTime();

const protecting: TrayState = {
  sessions: 2,
  pending: [],
  unprotected: [],
  reviews: 0,
  pausedUntil: null,
  openAtLogin: false,
};
const paused: TrayState = { ...protecting, pausedUntil: at1405 };
const waiting = (count: number): TrayState => ({
  ...protecting,
  pending: Array.from({ length: count }, (_, i) => ({
    id: `a${i}`,
    server: 'github',
    tool: `tool_${i}`,
    client: 'cursor',
  })),
});

function fakeActions() {
  return {
    showApprovals: vi.fn(),
    pauseProtection: vi.fn(),
    resumeProtection: vi.fn(),
    openDashboard: vi.fn(),
    openTrust: vi.fn(),
    connectClients: vi.fn(),
    protectServer: vi.fn(),
    setStartAtLogin: vi.fn(),
    quit: vi.fn(),
  } satisfies TrayActions;
}

const click = (items: TrayMenuItem[], label: string) => {
  const item = items.find((candidate) => candidate.label === label);
  if (!item?.click) throw new Error(`no clickable "${label}" in ${JSON.stringify(labels(items))}`);
  item.click();
};

describe('servers that run without Portcullis', () => {
  const unprotected: TrayState = {
    ...protecting,
    unprotected: [
      { client: 'cursor', clientName: 'Cursor', server: 'time', kind: 'unprotected' },
      { client: 'claude-desktop', clientName: 'Claude Desktop', server: 'git&hub\u202E', kind: 'reverted' },
    ],
  };

  it('ask for attention, in the icon, the tooltip and the menu, with one action each', () => {
    expect(trayMode(unprotected)).toBe('attention');
    expect(trayTooltip(unprotected)).toBe('Portcullis — 2 servers run without Portcullis');
    const actions = fakeActions();
    const items = buildTrayMenu(unprotected, actions);
    expect(labels(items).slice(0, 4)).toEqual([
      '2 servers run without Portcullis',
      'Protect time (Cursor)…',
      'Repair git&&hub\\u{202E} (Claude Desktop)',
      '---',
    ]);
    click(items, 'Protect time (Cursor)…');
    expect(actions.protectServer).toHaveBeenCalledWith(unprotected.unprotected[0]);
  });

  it('list the first five and send the rest to the dashboard', () => {
    const many: TrayState = {
      ...protecting,
      unprotected: Array.from({ length: 7 }, (_, i) => ({
        client: 'cursor',
        clientName: 'Cursor',
        server: `s${i}`,
        kind: 'unprotected' as const,
      })),
    };
    const actions = fakeActions();
    const items = buildTrayMenu(many, actions);
    click(items, '…and 2 more');
    expect(actions.openDashboard).toHaveBeenCalled();
  });
});

describe('definitions waiting for review', () => {
  it('ask for attention, and the menu item opens the Trust page', () => {
    const reviews: TrayState = { ...paused, reviews: 2 };
    expect(trayMode(reviews)).toBe('attention');
    expect(trayTooltip(reviews)).toMatch(/^Portcullis — 2 definitions to review; protection paused until/);
    const actions = fakeActions();
    const items = buildTrayMenu(reviews, actions);
    expect(labels(items).slice(0, 2)).toEqual(['Review 2 definitions…', '---']);
    click(items, 'Review 2 definitions…');
    expect(actions.openTrust).toHaveBeenCalled();
    expect(labels(buildTrayMenu({ ...protecting, reviews: 1 }, actions))[0]).toBe('Review 1 definition…');
  });
});

describe('tray state → mode and icon', () => {
  it('protecting, paused, needs attention; waiting calls win over a pause', () => {
    expect(trayMode(protecting)).toBe('protecting');
    expect(trayMode(paused)).toBe('paused');
    expect(trayMode(waiting(1))).toBe('attention');
    expect(trayMode({ ...waiting(1), pausedUntil: at1405 })).toBe('attention');
  });

  it('a separate image per mode, template images on macOS', () => {
    expect(['protecting', 'paused', 'attention'].map((mode) => trayIconFile(mode as never, 'win32'))).toEqual(
      ['tray.png', 'tray-paused.png', 'tray-attention.png'],
    );
    expect(
      ['protecting', 'paused', 'attention'].map((mode) => trayIconFile(mode as never, 'darwin')),
    ).toEqual(['trayTemplate.png', 'tray-pausedTemplate.png', 'tray-attentionTemplate.png']);
    expect(trayIconFile('paused', 'linux')).toBe('tray-paused.png');
  });
});

describe('trayTooltip', () => {
  it('says what the tray is doing', () => {
    expect(trayTooltip(protecting)).toBe('Portcullis — protecting, 2 sessions');
    expect(trayTooltip({ ...protecting, sessions: 1 })).toBe('Portcullis — protecting, 1 session');
    expect(trayTooltip(paused)).toBe('Portcullis — protection paused until 14:05');
    expect(trayTooltip(waiting(1))).toBe('Portcullis — 1 call waiting for approval');
    expect(trayTooltip(waiting(2))).toBe('Portcullis — 2 calls waiting for approval');
    expect(trayTooltip({ ...waiting(2), pausedUntil: at1405 })).toBe(
      'Portcullis — 2 calls waiting for approval; protection paused until 14:05',
    );
  });

  it('rounds the time up: a pause ending at 14:05:30 is not over at 14:05', () => {
    expect(clockTime(at1405 + 30_000)).toBe('14:06');
    expect(clockTime(at1405)).toBe('14:05');
    expect(clockTime(new Date(2026, 0, 1, 9, 0).getTime())).toBe('09:00');
  });
});

describe('buildTrayMenu', () => {
  it('protecting: pause, dashboard, connect, login item, quit', () => {
    expect(labels(buildTrayMenu(protecting, fakeActions()))).toEqual([
      'Pause protection for 15 minutes…',
      '---',
      'Open dashboard',
      'Connect clients…',
      '---',
      'Start at login',
      '---',
      'Quit Portcullis',
    ]);
  });

  it('paused: says until when, and offers Resume instead of Pause', () => {
    const menu = buildTrayMenu(paused, fakeActions());
    expect(labels(menu).slice(0, 2)).toEqual(['Protection paused until 14:05', 'Resume protection']);
    expect(menu[0]?.enabled).toBe(false);
    expect(labels(menu)).not.toContain('Pause protection for 15 minutes…');
  });

  it('needs attention: one item per waiting call, each bringing up the popup', () => {
    const actions = fakeActions();
    const menu = buildTrayMenu(waiting(2), actions);
    expect(labels(menu).slice(0, 4)).toEqual([
      '2 calls waiting for approval',
      'github › tool_0 (cursor)',
      'github › tool_1 (cursor)',
      '---',
    ]);
    expect(menu[0]?.enabled).toBe(false);
    click(menu, 'github › tool_1 (cursor)');
    expect(actions.showApprovals).toHaveBeenCalledTimes(1);
  });

  it('a long queue lists the first eight and how many more wait', () => {
    const actions = fakeActions();
    const menu = buildTrayMenu(waiting(11), actions);
    expect(labels(menu).filter((label) => label?.startsWith('github ›'))).toHaveLength(8);
    click(menu, '…and 3 more');
    expect(actions.showApprovals).toHaveBeenCalledTimes(1);
  });

  it('wires each item to its own action', () => {
    const actions = fakeActions();
    click(buildTrayMenu(protecting, actions), 'Pause protection for 15 minutes…');
    click(buildTrayMenu(paused, actions), 'Resume protection');
    click(buildTrayMenu(protecting, actions), 'Open dashboard');
    click(buildTrayMenu(protecting, actions), 'Connect clients…');
    click(buildTrayMenu(protecting, actions), 'Quit Portcullis');
    for (const action of [
      actions.pauseProtection,
      actions.resumeProtection,
      actions.openDashboard,
      actions.connectClients,
      actions.quit,
    ])
      expect(action).toHaveBeenCalledTimes(1);
    expect(actions.showApprovals).not.toHaveBeenCalled();
    expect(actions.setStartAtLogin).not.toHaveBeenCalled();
  });

  it('"Start at login" is a checkbox that toggles', () => {
    const actions = fakeActions();
    const off = buildTrayMenu(protecting, actions).find((item) => item.label === 'Start at login');
    expect(off).toMatchObject({ type: 'checkbox', checked: false });
    off?.click?.();
    const on = buildTrayMenu({ ...protecting, openAtLogin: true }, actions).find(
      (item) => item.label === 'Start at login',
    );
    expect(on).toMatchObject({ type: 'checkbox', checked: true });
    on?.click?.();
    expect(actions.setStartAtLogin.mock.calls).toEqual([[true], [false]]);
  });
});

function fakeTrayApi() {
  const trays: FakeTray[] = [];
  const loaded: string[] = [];
  class FakeTray {
    image: { path: string };
    images: string[] = [];
    tooltip = '';
    menu: TrayMenuItem[] | null = null;
    clicks: (() => void)[] = [];
    destroyed = false;
    bounds = { x: 0, y: 0, width: 0, height: 0 };
    constructor(image: { path: string }) {
      this.image = image;
      trays.push(this);
    }
    setImage(image: { path: string }) {
      this.image = image;
      this.images.push(image.path);
    }
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setContextMenu(menu: TrayMenuItem[] | null) {
      this.menu = menu;
    }
    getBounds() {
      return this.bounds;
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
    nativeImage: {
      createFromPath: (path) => {
        loaded.push(path);
        return { path };
      },
    },
  };
  return { api, trays, loaded };
}

describe('createTray', () => {
  function setup(options: { openOnClick?: boolean; pausedUntil?: number | null } = {}) {
    const { api, trays, loaded } = fakeTrayApi();
    const events = fakeEvents();
    const actions = fakeActions();
    const appTray = createTray(api, {
      iconPath: (mode) => `/app/build/${trayIconFile(mode, 'linux')}`,
      actions,
      onEvent: events.onEvent,
      initial: { pausedUntil: options.pausedUntil ?? null, openAtLogin: true },
      openOnClick: options.openOnClick ?? false,
    });
    return { appTray, tray: trays[0]!, trays, loaded, events, actions };
  }

  it('starts protecting: its icon, tooltip and menu at once', () => {
    const { tray, trays } = setup();
    expect(trays).toHaveLength(1);
    expect(tray.image).toEqual({ path: '/app/build/tray.png' });
    expect(tray.tooltip).toBe('Portcullis — protecting, 0 sessions');
    expect(labels(tray.menu ?? [])[0]).toBe('Pause protection for 15 minutes…');
    expect(tray.menu?.find((item) => item.label === 'Start at login')?.checked).toBe(true);
  });

  it('starts paused when protection was already paused', () => {
    const { tray } = setup({ pausedUntil: at1405 });
    expect(tray.image).toEqual({ path: '/app/build/tray-paused.png' });
    expect(tray.tooltip).toBe('Portcullis — protection paused until 14:05');
  });

  it('follows protection events: paused, then resumed', () => {
    const { tray, events, appTray } = setup();
    events.emit({ type: 'protection', pausedUntil: at1405 });
    expect(tray.image.path).toBe('/app/build/tray-paused.png');
    expect(labels(tray.menu ?? [])).toContain('Resume protection');
    events.emit({ type: 'protection', pausedUntil: null });
    expect(tray.image.path).toBe('/app/build/tray.png');
    expect(appTray.state().pausedUntil).toBeNull();
  });

  it('needs attention while calls wait, and goes back when they are answered', () => {
    const { tray, appTray } = setup();
    appTray.update({ pending: [{ id: 'a1', server: 'github', tool: 'push', client: 'cursor' }] });
    expect(tray.image.path).toBe('/app/build/tray-attention.png');
    expect(tray.tooltip).toBe('Portcullis — 1 call waiting for approval');
    expect(labels(tray.menu ?? [])).toContain('github › push (cursor)');
    appTray.update({ pending: [] });
    expect(tray.image.path).toBe('/app/build/tray.png');
  });

  it('changes the image only when the mode changes, and loads each image once', () => {
    const { tray, appTray, loaded, events } = setup();
    const one = [{ id: 'a1', server: 's', tool: 't', client: 'c' }];
    appTray.update({ pending: one });
    appTray.update({ pending: [...one, { id: 'a2', server: 's', tool: 'u', client: 'c' }] });
    events.emit(sessionEvent('opened', 'x'));
    appTray.update({ pending: [] });
    appTray.update({ pending: one });
    expect(tray.images).toEqual([
      '/app/build/tray-attention.png',
      '/app/build/tray.png',
      '/app/build/tray-attention.png',
    ]);
    expect(loaded).toEqual(['/app/build/tray.png', '/app/build/tray-attention.png']);
  });

  it('counts sessions by id: repeated or unknown events do not skew it', () => {
    const { tray, events } = setup();
    events.emit(sessionEvent('opened', 'a'));
    events.emit(sessionEvent('opened', 'a'));
    events.emit(sessionEvent('opened', 'b'));
    events.emit(sessionEvent('closed', 'zzz'));
    events.emit(sessionEvent('closed', 'b'));
    events.emit({ type: 'policy', revision: 3 });
    expect(tray.tooltip).toBe('Portcullis — protecting, 1 session');
  });

  it('the login item checkbox follows update()', () => {
    const { tray, appTray } = setup();
    appTray.update({ openAtLogin: false });
    expect(tray.menu?.find((item) => item.label === 'Start at login')?.checked).toBe(false);
  });

  it('a click (Windows) opens the popup while calls wait, else the dashboard; elsewhere nothing', () => {
    expect(setup().tray.clicks).toHaveLength(0);
    const { tray, actions, appTray } = setup({ openOnClick: true });
    tray.clicks.forEach((listener) => listener());
    expect(actions.openDashboard).toHaveBeenCalledTimes(1);
    appTray.update({ pending: [{ id: 'a1', server: 's', tool: 't', client: 'c' }] });
    tray.clicks.forEach((listener) => listener());
    expect(actions.showApprovals).toHaveBeenCalledTimes(1);
    expect(actions.openDashboard).toHaveBeenCalledTimes(1);
  });

  it('bounds: the icon rectangle, or nothing where the platform gives an empty one', () => {
    const { tray, appTray } = setup();
    expect(appTray.bounds()).toBeUndefined();
    tray.bounds = { x: 1200, y: 0, width: 22, height: 24 };
    expect(appTray.bounds()).toEqual({ x: 1200, y: 0, width: 22, height: 24 });
  });

  it('destroy removes the icon and stops listening', () => {
    const { tray, events, appTray } = setup();
    expect(events.listenerCount).toBe(1);
    appTray.destroy();
    expect(tray.destroyed).toBe(true);
    expect(events.listenerCount).toBe(0);
  });
});

describe('pending approval labels', () => {
  it('show names with & literally, not as menu shortcut markers', async () => {
    const { pendingLabel } = await import('../../../main/app/tray');
    expect(
      pendingLabel({ server: 'R&D', tool: 'save&run', client: 'cursor' } as Parameters<
        typeof pendingLabel
      >[0]),
    ).toBe('R&&D › save&&run (cursor)');
  });
});

describe('hostile names in the tray menu', () => {
  /** Menus draw text as it is: a line break would make a second item, a bidi control reverse one. */
  const RAW = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

  it('are shown escaped, with & still literal', async () => {
    const { pendingLabel } = await import('../../../main/app/tray');
    expect(
      pendingLabel({
        id: 'a1',
        server: 'fs\x1b[2J',
        tool: 'invoice\u202Etxt.exe&go',
        client: 'cursor\nQuit Portcullis',
      }),
    ).toBe('fs\\x1b[2J › invoice\\u{202E}txt.exe&&go (cursor\\nQuit Portcullis)');
  });

  it('no menu label holds a raw control, bidi or invisible character', () => {
    const items = buildTrayMenu(
      {
        ...protecting,
        pending: [{ id: 'a1', server: 'hostile\u202Eserver', tool: 'rea\u200Bd_file', client: 'c\r' }],
      },
      fakeActions(),
    );
    for (const label of labels(items)) expect(label ?? '').not.toMatch(RAW);
  });
});
