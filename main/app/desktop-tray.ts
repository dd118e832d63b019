// The tray as the desktop app wires it: its actions are the API calls and dialogs of
// protection.ts and connect-clients.ts, and the login item of this OS.
import { join } from 'node:path';
import { app, dialog, Menu, nativeImage, Tray } from 'electron';
import type { ApiClient } from '../../shared/api';
import { appDataDir, currentHost } from '../paths';
import { connectClients } from './connect-clients';
import { errorText, type ShowMessageBox } from './dialogs';
import type { SelfCommand } from './launch';
import { electronLoginItem, xdgAutostartItem, type LoginItem } from './login-item';
import { pauseProtection, resumeProtection } from './protection';
import { createTray, trayIconFile, type AppTray, type TrayOptions } from './tray';

const log = (line: string) => console.error(line);

interface DesktopTrayOptions {
  api: ApiClient;
  onEvent: TrayOptions['onEvent'];
  pausedUntil: number | null;
  loginItem: LoginItem;
  showApprovals(): void;
  openDashboard(): void;
  /** The dashboard on its Clients page. */
  openClients(): void;
  /** The dashboard on its Trust page. */
  openTrust(): void;
}

export function createDesktopTray(options: DesktopTrayOptions): AppTray {
  const { api, loginItem } = options;
  const showMessageBox: ShowMessageBox = (box) => {
    // A menu-bar app is never the active app; without this, its dialogs open behind other windows.
    if (process.platform === 'darwin') app.focus({ steal: true });
    return dialog.showMessageBox(box);
  };
  const openAtLogin = () => {
    try {
      return loginItem.enabled();
    } catch (error) {
      log(`Could not read the login item: ${errorText(error)}`);
      return false;
    }
  };
  const tray: AppTray = createTray(
    { Tray, Menu, nativeImage },
    {
      iconPath: (mode) => join(app.getAppPath(), 'build', trayIconFile(mode, process.platform)),
      initial: { pausedUntil: options.pausedUntil, openAtLogin: openAtLogin() },
      actions: {
        showApprovals: options.showApprovals,
        pauseProtection: exclusive(() => pauseProtection({ api, showMessageBox })),
        resumeProtection: exclusive(() => resumeProtection({ api, showMessageBox })),
        openDashboard: options.openDashboard,
        openTrust: options.openTrust,
        connectClients: exclusive(() => connectClients({ api, showMessageBox })),
        // A server added behind our back: the same dialog as "Connect clients…", for it alone.
        // One whose protection was taken away: put back what the person already accepted.
        protectServer: exclusive((item) =>
          item.kind === 'unprotected'
            ? connectClients({ api, showMessageBox, only: { client: item.client, servers: [item.server] } })
            : repairServer(api, showMessageBox, item.client, item.server, options.openClients),
        ),
        setStartAtLogin: (enabled) => {
          try {
            loginItem.set(enabled);
          } catch (error) {
            void showMessageBox({
              type: 'error',
              title: 'Start at login',
              message: 'The login item could not be changed.',
              detail: errorText(error),
              buttons: ['OK'],
            });
          }
          tray.update({ openAtLogin: openAtLogin() });
        },
        quit: () => app.quit(),
      },
      onEvent: options.onEvent,
      openOnClick: process.platform === 'win32',
    },
  );
  return tray;
}

/** The login item starts this app in the tray. */
export function loginItemFor(self: SelfCommand): LoginItem {
  const args = [...self.args, '--background'];
  if (process.platform === 'linux') {
    return xdgAutostartItem({ configHome: appDataDir(currentHost()), command: self.command, args });
  }
  return electronLoginItem(app, self.command, args);
}

async function repairServer(
  api: ApiClient,
  showMessageBox: ShowMessageBox,
  client: string,
  server: string,
  openClients: () => void,
): Promise<void> {
  try {
    await api['clients:repair']({ client, servers: [server] });
  } catch (error) {
    const { response } = await showMessageBox({
      type: 'error',
      title: 'Repair',
      message: 'Protection could not be put back.',
      detail: errorText(error),
      buttons: ['Open the Clients page', 'OK'],
      defaultId: 0,
      cancelId: 1,
    });
    if (response === 0) openClients();
  }
}

/** A second click on a menu item while its dialog is still open does nothing. */
function exclusive<A extends unknown[]>(run: (...args: A) => Promise<unknown>): (...args: A) => void {
  let running = false;
  return (...args) => {
    if (running) return;
    running = true;
    run(...args)
      .catch((error: unknown) => log(`Portcullis: ${errorText(error)}`))
      .finally(() => (running = false));
  };
}
