// The desktop app itself, through Playwright's Electron driver: the dashboard, and the approval popup
// for a held call. Runs wherever an Electron binary is installed and a display is available;
// elsewhere each test is reported as skipped, with the reason.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, expect, test, type ElectronApplication } from '@playwright/test';
import { shimArgs } from '../../main/clients/shim-entry';
import { everythingServer } from '../helpers/paths';
import { connectEntry, createWorld, readEntries, runCli, waitFor, writeFile } from '../helpers/world';

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

/** The Electron binary, or the test is skipped with the reason (printed too, as `list` shows no reasons). */
function electronOrSkip(): string | undefined {
  const electron = findElectron();
  if ('executable' in electron) return electron.executable;
  // The list reporter does not print skip reasons; the annotation carries it into JSON/HTML reports.
  console.log(`Skipped: ${electron.problem}`);
  test.skip(true, electron.problem);
  return undefined;
}

/** Root (as in containers) cannot use Chromium's OS sandbox; the renderer stays Node-free either way. */
const sandboxArgs = () => (process.getuid?.() === 0 ? ['--no-sandbox'] : []);

test('desktop app: hardened dashboard, API over IPC, hides on close, stops the gateway on quit', async () => {
  const executable = electronOrSkip();
  if (!executable) return;

  const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-electron-'));
  // Any free port, so a running gateway or another test cannot collide with this one.
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ dashboardPort: 0 }));
  let app: ElectronApplication | undefined;
  try {
    app = await _electron.launch({
      executablePath: executable,
      args: [...sandboxArgs(), root],
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

test('desktop app: a held call brings up the approval popup, and answering it hides it again', async () => {
  const executable = electronOrSkip();
  if (!executable) return;

  const world = createWorld();
  mkdirSync(world.dataDir, { recursive: true });
  writeFileSync(join(world.dataDir, 'settings.json'), JSON.stringify({ dashboardPort: 0 }));
  writeFile(
    world.claudeConfigPath,
    JSON.stringify({ mcpServers: { everything: { command: 'node', args: [everythingServer] } } }),
  );
  const policy = join(world.root, 'policy.json');
  writeFileSync(
    policy,
    JSON.stringify({ version: '1', default: 'allow', tools: { 'get-sum': { action: 'approve' } } }),
  );
  let app: ElectronApplication | undefined;
  let client: Awaited<ReturnType<typeof connectEntry>>['client'] | undefined;
  try {
    // In the background, as a shim or a login item starts it: the tray only, no dashboard.
    app = await _electron.launch({
      executablePath: executable,
      args: [...sandboxArgs(), root, '--background'],
      env: { ...process.env, HOME: world.home, PORTCULLIS_HOME: world.dataDir, XDG_CONFIG_HOME: '' },
    });
    const running = app;
    const windows = () =>
      running.evaluate(({ BrowserWindow }) =>
        BrowserWindow.getAllWindows().map((window) => ({
          url: window.webContents.getURL(),
          visible: window.isVisible(),
          onTop: window.isAlwaysOnTop(),
        })),
      );
    await waitFor(() => existsSync(join(world.dataDir, 'gateway.json')), 'the desktop gateway to start');

    await test.step('started in the background: no window is shown', async () => {
      expect((await windows()).filter((window) => window.visible)).toEqual([]);
    });

    await test.step('a client connected through Portcullis makes a call the policy holds', async () => {
      expect((await runCli(world, ['connect', 'claude-desktop'])).code).toBe(0);
      expect((await runCli(world, ['policy', 'import', policy])).code).toBe(0);
      client = (await connectEntry(readEntries(world.claudeConfigPath).everything!, world)).client;
    });
    const call = client!.callTool({ name: 'get-sum', arguments: { a: 2, b: 40 } });

    const popup = await running.waitForEvent('window');
    await test.step('the popup appears on top, on its own route', async () => {
      await popup.waitForURL(/#\/approvals-popup$/);
      await expect
        .poll(async () => (await windows()).find((window) => window.url.endsWith('#/approvals-popup')))
        .toMatchObject({ visible: true, onTop: true });
    });

    await test.step('the popup may use the API (the sender check trusts it) and sees the held call', async () => {
      const listed = (await popup.evaluate(() =>
        (globalThis as unknown as { portcullis: Bridge }).portcullis.invoke('approvals:list', {}),
      )) as { ok: boolean; data: { id: string; tool: string; server: string }[] };
      expect(listed.ok).toBe(true);
      expect(listed.data.map(({ tool, server }) => ({ tool, server }))).toEqual([
        { tool: 'get-sum', server: 'everything' },
      ]);

      // Connecting from the app writes entries that start this app as the shim.
      const config = JSON.parse(readFileSync(world.claudeConfigPath, 'utf8')) as {
        mcpServers: Record<string, unknown>;
      };
      config.mcpServers.added = { command: 'node', args: [everythingServer] };
      writeFileSync(world.claudeConfigPath, JSON.stringify(config));
      const dryRun = (await popup.evaluate(() =>
        (globalThis as unknown as { portcullis: Bridge }).portcullis.invoke('clients:connect', {
          client: 'claude-desktop',
          dryRun: true,
        }),
      )) as { ok: boolean; data: { newText: string } };
      expect(dryRun.ok).toBe(true);
      const entry = (
        JSON.parse(dryRun.data.newText) as { mcpServers: Record<string, { command: string; args: string[] }> }
      ).mcpServers.added!;
      // Unpackaged: Electron itself, the app folder, then the shim's words.
      expect(entry.command).toBe(executable);
      expect(resolve(entry.args[0]!)).toBe(resolve(root));
      expect(entry.args.slice(1)).toEqual(shimArgs('claude-desktop', 'added', world.dataDir));

      const answered = (await popup.evaluate(
        (id) =>
          (globalThis as unknown as { portcullis: Bridge }).portcullis.invoke('approvals:answer', {
            id,
            decision: 'allow',
            scope: 'once',
          }),
        listed.data[0]!.id,
      )) as { ok: boolean };
      expect(answered.ok).toBe(true);
    });

    await test.step('the call goes through, and the popup goes away with the empty queue', async () => {
      const result = await call;
      expect(result.isError).toBeFalsy();
      expect(JSON.stringify(result.content)).toContain('42');
      await expect
        .poll(
          async () => (await windows()).find((window) => window.url.endsWith('#/approvals-popup'))?.visible,
        )
        .toBe(false);
    });
  } finally {
    await client?.close();
    await app?.close();
    world.cleanup();
  }
});
