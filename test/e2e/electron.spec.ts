// The desktop app itself, through Playwright's Electron driver. Runs wherever an Electron binary is
// installed and a display is available; elsewhere it is reported as skipped, with the reason.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, expect, test, type ElectronApplication } from '@playwright/test';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The Electron binary, found the way `require('electron')` finds it but without downloading it. */
function findElectron(): { executable: string } | { problem: string } {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { problem: 'The electron package is not installed, so the desktop app cannot be launched.' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
  const executable = existsSync(pathFile) ? join(dist, readFileSync(pathFile, 'utf8')) : undefined;
  if (!executable || !existsSync(executable)) {
    return {
      problem:
        'No Electron binary is installed in node_modules/electron (it is downloaded from GitHub on first use, which has not happened or cannot happen on this machine), so the desktop app cannot be launched.',
    };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return {
      problem:
        'There is no display here (neither DISPLAY nor WAYLAND_DISPLAY is set) for Electron to open a window on.',
    };
  }
  return { executable };
}

// Page functions are serialized into the page, so each one reads the bridge itself.
type Bridge = {
  invoke(channel: string, args: unknown): Promise<unknown>;
  onEvent(listener: unknown): unknown;
};

test('desktop app: hardened dashboard, API over IPC, hides on close, stops the gateway on quit', async () => {
  const electron = findElectron();
  if ('problem' in electron) {
    // The list reporter does not print skip reasons; the annotation carries it into JSON/HTML reports.
    console.log(`Skipped: ${electron.problem}`);
    test.skip(true, electron.problem);
    return;
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-electron-'));
  // Any free port, so a running gateway or another test cannot collide with this one.
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ dashboardPort: 0 }));
  let app: ElectronApplication | undefined;
  try {
    app = await _electron.launch({
      executablePath: electron.executable,
      // Root (as in containers) cannot use Chromium's OS sandbox; the renderer stays Node-free either way.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), root],
      env: { ...process.env, PORTCULLIS_HOME: dataDir },
    });
    const running = app;
    const page = await running.firstWindow();

    await test.step('the dashboard opens hardened, with only the API bridge exposed', async () => {
      // The exact webPreferences are unit-tested; here, what the page can observe of them.
      await expect(page).toHaveTitle('Portcullis');
      const inPage = await page.evaluate(() => {
        const scope = globalThis as { require?: unknown; process?: unknown };
        let evalAllowed: boolean;
        try {
          evalAllowed = (0, eval)('true') === true;
        } catch {
          evalAllowed = false;
        }
        return {
          require: typeof scope.require,
          process: typeof scope.process,
          bridge: Object.keys((globalThis as unknown as { portcullis?: Bridge }).portcullis ?? {}).sort(),
          // script-src 'self' without 'unsafe-eval': proves the CSP reached this file:// page.
          evalAllowed,
        };
      });
      expect(inPage).toEqual({
        require: 'undefined',
        process: 'undefined',
        bridge: ['invoke', 'onEvent'],
        evalAllowed: false,
      });
      const url = page.url();
      await page.evaluate(() => {
        (globalThis as unknown as { location: { href: string } }).location.href = 'file:///';
      });
      // A navigation that went ahead would destroy this context before the round trip returns.
      await page.evaluate(() =>
        (globalThis as unknown as { portcullis?: Bridge }).portcullis?.invoke('status:get', {}),
      );
      expect(page.url()).toBe(url);
    });

    await test.step('API calls travel over IPC; unknown channels are refused', async () => {
      const status = (await page.evaluate(() =>
        (globalThis as unknown as { portcullis?: Bridge }).portcullis?.invoke('status:get', {}),
      )) as {
        ok: boolean;
        data: { dataDir: string };
      };
      expect(status.ok).toBe(true);
      expect(status.data.dataDir).toBe(dataDir);
      const refused = await page.evaluate(() =>
        (globalThis as unknown as { portcullis?: Bridge }).portcullis?.invoke('shell:exec', {}).then(
          () => 'answered',
          (error: Error) => error.message,
        ),
      );
      expect(refused).toContain('Unknown Portcullis API channel');
    });

    await test.step('closing the window hides it and the gateway keeps running', async () => {
      const state = await running.evaluate(({ BrowserWindow }) => {
        const window = BrowserWindow.getAllWindows()[0];
        window?.close();
        return { destroyed: window?.isDestroyed(), visible: window?.isVisible() };
      });
      expect(state).toEqual({ destroyed: false, visible: false });
      expect(existsSync(join(dataDir, 'gateway.json'))).toBe(true);
    });

    await test.step('quitting stops the gateway and releases the data folder', async () => {
      await running.close();
      app = undefined;
      expect(existsSync(join(dataDir, 'gateway.lock'))).toBe(false);
      expect(existsSync(join(dataDir, 'gateway.json'))).toBe(false);
    });
  } finally {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
