// The desktop app: one instance per data folder; the runtime composed with the tray, the dashboard,
// the approval popup and IPC.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Notification, screen, shell } from 'electron';
import ElectronStore from 'electron-store';
import { createApiClient } from '../../shared/api';
import type { Settings } from '../../shared/settings';
import { AlreadyRunningError } from '../instance-lock';
import { currentHost, dataPaths, resolveDataDir } from '../paths';
import { startRuntime, type Runtime } from '../runtime';
import { readRuntimeInfo } from '../runtime-file';
import { createSettingsStore } from '../store/settings';
import { createApprovalAlerts } from './approval-alerts';
import { createTrustAlerts, watchTrustCount } from './trust-alerts';
import { createApprovalPopup } from './approval-popup';
import { createApprovalQueue } from './approval-queue';
import { createProtectionAlerts } from './protection-alerts';
import { encodeBridgeArgument } from './bridge-argument';
import { createDesktopTray, loginItemFor } from './desktop-tray';
import { bridgeTable, createSenderCheck, forwardEvents, registerIpc } from './ipc';
import { desktopShimCommand, parseLaunch, type Launch, type SelfCommand } from './launch';
import { appSelfCommand } from './self';
import { electronStoreOptions } from './settings-options';
import { createShutdown } from './shutdown';
import { describeStartupError } from './startup-error';
import { createDashboard, type Dashboard } from './window';

/** Where electron-vite put the preload and the renderer (resolved by the entry, main.ts). */
export interface BuiltFiles {
  rendererDir: string;
  preloadPath: string;
}

const log = (line: string) => console.error(line);

export function runDesktop(launch: Extract<Launch, { mode: 'app' }>, files: BuiltFiles): void {
  const dataDir = resolveDataDir(currentHost(), launch.dataDir);
  // Created here, before Electron writes into it, so that it gets the gateway's user-only mode.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Electron's own files live beside ours, and the single-instance lock is per data folder.
  app.setPath('userData', dataDir);

  let dashboard: Dashboard | undefined;
  let stopRuntime = async () => {};
  const shutdown = createShutdown({ stop: () => stopRuntime(), quit: () => app.quit(), log });

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', (_event, argv) => {
    // A shim starting the app in the background must not open the dashboard in front of the person.
    const second = parseLaunch(argv, app.isPackaged);
    if (second.mode === 'app' && !second.background) dashboard?.show();
  });
  app.on('activate', () => dashboard?.show());
  app.on('before-quit', shutdown.onBeforeQuit);
  // Closing the window hides it; the gateway stays in the tray until Quit.
  app.on('window-all-closed', () => undefined);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());

  let background = launch.background;
  void app
    .whenReady()
    .then(() => {
      // macOS starts login items without arguments, so a login start is recognised by asking.
      if (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin) background = true;
      return start({ dataDir, files, background, isQuitting: shutdown.isQuitting });
    })
    .then((started) => {
      if (!started) return;
      dashboard = started.dashboard;
      stopRuntime = started.stop;
      if (!background) dashboard.show();
    })
    .catch((error: unknown) => {
      const { title, message } = describeStartupError(error, dataDir);
      log(`${title}: ${message}`);
      dialog.showErrorBox(title, message);
      app.quit();
    });
}

interface StartOptions {
  dataDir: string;
  files: BuiltFiles;
  background: boolean;
  isQuitting(): boolean;
}

async function start({ dataDir, files, background, isQuitting }: StartOptions) {
  if (process.platform === 'win32') app.setAppUserModelId('dev.portcullis.app');
  const self = appSelfCommand();
  let runtime: Runtime;
  try {
    runtime = await startRuntime({
      dataDir,
      rendererDir: files.rendererDir,
      mode: 'desktop',
      settings: createSettingsStore(() => new ElectronStore<Settings>(electronStoreOptions(dataDir))),
      shim: desktopShimCommand(self, dataDir),
      log,
    });
  } catch (error) {
    if (background && error instanceof AlreadyRunningError) {
      // A shim started us while `portcullis serve` had the folder: that gateway serves the shim.
      log(`${error.message} Leaving the calls to it.`);
      app.exit(0);
      return undefined;
    }
    const { title, message } = describeStartupError(
      error,
      dataDir,
      readRuntimeInfo(dataPaths(dataDir).runtime),
    );
    log(`${title}: ${message}`);
    dialog.showErrorBox(title, message);
    app.exit(1);
    return undefined;
  }

  try {
    return await compose(runtime, { self, files, isQuitting });
  } catch (error) {
    // Half a shell must not keep the data folder locked while the error dialog is up.
    await runtime.stop();
    throw error;
  }
}

interface ComposeOptions {
  self: SelfCommand;
  files: BuiltFiles;
  isQuitting(): boolean;
}

async function compose(runtime: Runtime, { self, files, isQuitting }: ComposeOptions) {
  const api = createApiClient((channel, args) => runtime.dispatch(channel, args, { via: 'desktop' }));
  // Protection may already be paused (the pause is the gateway's, not this window's): ask once.
  // What changes later arrives as events, and nothing below awaits before subscribing to them.
  const { pausedUntil } = await api['status:get']({});
  const buildDir = join(app.getAppPath(), 'build');
  const indexHtml = join(files.rendererDir, 'index.html');
  const windows = {
    openExternal: (url: string) => shell.openExternal(url),
    preloadPath: files.preloadPath,
    indexHtml,
    bridgeArgument: encodeBridgeArgument(bridgeTable()),
    icon: join(buildDir, 'icon.png'),
    isQuitting,
    log,
  };
  const dashboard = createDashboard({ BrowserWindow, ...windows });
  // Held by stop() below, or the icon would vanish when garbage-collected.
  const tray = createDesktopTray({
    api,
    onEvent: runtime.onEvent,
    pausedUntil,
    loginItem: loginItemFor(self),
    showApprovals: () => popup.open(),
    openDashboard: () => dashboard.show(),
    openClients: () => dashboard.show('clients'),
    openTrust: () => dashboard.show('trust'),
  });
  const popup = createApprovalPopup({ BrowserWindow, screen, trayBounds: () => tray.bounds(), ...windows });
  registerIpc({
    ipcMain,
    dispatch: runtime.dispatch,
    isTrustedSender: createSenderCheck({ windows: [dashboard, popup], indexHtml }),
    log,
  });
  const stopForwarding = forwardEvents(runtime.onEvent, () => [
    ...dashboard.webContents(),
    ...popup.webContents(),
  ]);
  const queue = createApprovalQueue({ list: () => api['approvals:list']({}), onEvent: runtime.onEvent, log });
  // The popup also lists tool definitions that calls wait for: it stays up while one waits, and
  // goes once nothing does.
  let toolsWaiting = 0;
  const stopAlerts = createApprovalAlerts({
    onEvent: runtime.onEvent,
    queue,
    popup,
    Notification,
    alsoWaiting: () => toolsWaiting > 0,
  });
  const stopTrustAlerts = createTrustAlerts({
    onEvent: runtime.onEvent,
    openDashboard: () => dashboard.show(),
    popup,
    Notification,
  });
  const stopTrustCount = watchTrustCount({
    onEvent: runtime.onEvent,
    api,
    tray,
    log,
    onToolsWaiting: (count) => {
      const answered = toolsWaiting > 0 && count === 0;
      toolsWaiting = count;
      if (answered && queue.current().length === 0) popup.hide();
    },
  });
  const stopProtectionAlerts = createProtectionAlerts({
    onEvent: runtime.onEvent,
    api,
    tray,
    Notification,
    openClients: () => dashboard.show('clients'),
    log,
  });
  const stopQueue = queue.onChange((approvals) =>
    tray.update({
      pending: approvals.map(({ id, server, tool, client }) => ({ id, server, tool, client })),
    }),
  );

  return {
    dashboard,
    stop: async () => {
      stopQueue();
      stopAlerts();
      stopTrustAlerts();
      stopTrustCount();
      stopProtectionAlerts();
      stopForwarding();
      queue.dispose();
      tray.destroy();
      await runtime.stop();
    },
  };
}
