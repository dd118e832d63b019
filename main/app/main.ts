// Electron entry: one instance, compose the runtime with the tray, the dashboard window and IPC.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, shell, Tray } from 'electron';
import ElectronStore from 'electron-store';
import type { Settings } from '../../shared/settings';
import { currentHost, dataPaths, resolveDataDir } from '../paths';
import { startRuntime } from '../runtime';
import { readRuntimeInfo } from '../runtime-file';
import { createSettingsStore } from '../store/settings';
import { encodeBridgeArgument } from './bridge-argument';
import { bridgeTable, createSenderCheck, forwardEvents, registerIpc } from './ipc';
import { createShutdown } from './shutdown';
import { electronStoreOptions } from './settings-options';
import { describeStartupError } from './startup-error';
import { createTray, type AppTray } from './tray';
import { createDashboard, type Dashboard } from './window';

const log = (line: string) => console.error(line);
const built = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

const dataDir = resolveDataDir(currentHost());
// Created here, before Electron writes into it, so that it gets the gateway's user-only mode.
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
// Electron's own files live beside ours, and the single-instance lock is per data folder.
app.setPath('userData', dataDir);

let dashboard: Dashboard | undefined;
let tray: AppTray | undefined; // held here, or the icon would vanish when garbage-collected
let stopRuntime = async () => {};
const shutdown = createShutdown({ stop: () => stopRuntime(), quit: () => app.quit(), log });

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => dashboard?.show());
  app.on('activate', () => dashboard?.show());
  app.on('before-quit', shutdown.onBeforeQuit);
  // Closing the window hides it; the gateway stays in the tray until Quit.
  app.on('window-all-closed', () => undefined);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());
  void app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const { title, message } = describeStartupError(error, dataDir);
      log(`${title}: ${message}`);
      dialog.showErrorBox(title, message);
      app.quit();
    });
}

async function start(): Promise<void> {
  if (process.platform === 'win32') app.setAppUserModelId('dev.portcullis.app');
  let runtime;
  try {
    runtime = await startRuntime({
      dataDir,
      rendererDir: built('../renderer'),
      mode: 'desktop',
      settings: createSettingsStore(() => new ElectronStore<Settings>(electronStoreOptions(dataDir))),
      log,
    });
  } catch (error) {
    const { title, message } = describeStartupError(
      error,
      dataDir,
      readRuntimeInfo(dataPaths(dataDir).runtime),
    );
    log(`${title}: ${message}`);
    dialog.showErrorBox(title, message);
    app.exit(1);
    return;
  }
  stopRuntime = async () => {
    tray?.destroy();
    await runtime.stop();
  };

  const indexHtml = built('../renderer/index.html');
  const open = createDashboard({
    BrowserWindow,
    openExternal: (url) => shell.openExternal(url),
    preloadPath: built('../preload/preload.cjs'),
    indexHtml,
    bridgeArgument: encodeBridgeArgument(bridgeTable()),
    icon: join(app.getAppPath(), 'build', 'icon.png'),
    isQuitting: shutdown.isQuitting,
    log,
  });
  dashboard = open;
  registerIpc({
    ipcMain,
    dispatch: runtime.dispatch,
    isTrustedSender: createSenderCheck({ webContents: open.webContents, indexHtml }),
    log,
  });
  forwardEvents(runtime.onEvent, open.webContents);
  tray = createTray(
    { Tray, Menu, nativeImage },
    {
      iconPath: join(
        app.getAppPath(),
        'build',
        process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png',
      ),
      actions: { openDashboard: () => open.show(), quit: () => app.quit() },
      onEvent: runtime.onEvent,
      openOnClick: process.platform === 'win32',
    },
  );
  open.show();
}
