import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { everythingEntry, writeClaudeDesktopConfig } from '../helpers/claude-desktop';
import { installEverythingExtension } from '../helpers/claude-extension';
import { runCli, writeFile, type RunningGateway, type World } from '../helpers/world';
import { expect, test } from './fixtures';

/**
 * The Clients page as a person meets it, at 1280×800 and 800×600: every state a server can be in
 * (protected, not protected, drifted, cannot be protected, an unreadable file, a name with a hidden
 * character), the preview dialog, a config with thousands of servers, and the keyboard alone.
 * axe-core must find no serious or critical violation; nothing may make the page scroll sideways.
 * Screenshots are kept in test-results/clients/ for a person to look at.
 */

const screens = join('test-results', 'clients');
const sizes = [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
] as const;

async function api(gateway: RunningGateway, channel: string, body: unknown): Promise<void> {
  const res = await fetch(`${gateway.dashboardUrl}api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${gateway.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
}

/** One client in each state, and a file that does not parse. */
async function seedMix(world: World, gateway: RunningGateway): Promise<void> {
  await api(gateway, 'clients:settings', { repairMode: 'ask' });
  const claude = writeClaudeDesktopConfig(world, { everything: everythingEntry() });
  expect((await runCli(world, ['connect', 'claude-desktop'])).code).toBe(0);
  const cursorOriginal = writeFile(
    world.cursorConfigPath,
    '{\n  "mcpServers": {\n    "github": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"], "env": { "GITHUB_TOKEN": "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB" } },\n    "fetch": { "command": "uvx", "args": ["mcp-server-fetch"] }\n  }\n}\n',
  );
  expect((await runCli(world, ['connect', 'cursor'])).code).toBe(0);
  // Cursor writes its old copy back: drifted (repairs are set to ask).
  writeFileSync(world.cursorConfigPath, cursorOriginal);
  // Claude Desktop gains a server behind our back, one with a right-to-left override in its name.
  const config = JSON.parse(readFileSync(world.claudeConfigPath, 'utf8')) as {
    mcpServers: Record<string, unknown>;
  };
  config.mcpServers['notes\u202Etxt.exe'] = {
    command: 'uvx',
    args: ['mcp-server-notes', '--root', '/home/me/My Notes'],
  };
  writeFileSync(world.claudeConfigPath, JSON.stringify(config, null, 2));
  void claude;
  writeFile(
    join(world.home, '.config', 'Code', 'User', 'mcp.json'),
    '{ "servers": { "workspace-fs": { "type": "stdio", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "${workspaceFolder}"] } } }\n',
  );
  writeFile(join(world.home, '.codex', 'config.toml'), '[mcp_servers.broken\ncommand = "x"\n');
  installEverythingExtension(world);
}

async function audit(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const all = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
  );
  console.log(
    `axe ${label}: ${results.passes.length} rules pass, ${all.length} violation(s)${all.length ? `: ${all.join('; ')}` : ''}`,
  );
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map((v) => v.id),
    label,
  ).toEqual([]);
}

async function fits(page: Page, label: string): Promise<void> {
  // What sticks out past the window's right edge, named so a failure says where to look.
  const wide = (await page.evaluate(`(() => {
    if (document.documentElement.scrollWidth <= window.innerWidth + 1) return [];
    return [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(-5)
      .map((el) => el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' ' + Math.round(el.getBoundingClientRect().right));
  })()`)) as string[];
  expect(wide, `${label}: the page scrolls sideways`).toEqual([]);
}

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(screens, { recursive: true });
  await page.screenshot({ path: join(screens, `${name}.png`), fullPage });
}

test('every state, at both sizes, with the preview open: axe finds nothing serious and nothing scrolls sideways', async ({
  world,
  gateway,
  clientsPage,
  page,
}) => {
  test.setTimeout(120_000);
  await seedMix(world, gateway);
  await clientsPage.open();
  await expect(clientsPage.server('cursor', 'github')).toHaveAttribute('data-state', 'drifted', {
    timeout: 5000,
  });
  await expect(clientsPage.server('claude-desktop', 'notes\u202Etxt.exe')).toHaveAttribute(
    'data-state',
    'unprotected',
  );
  await expect(
    clientsPage.server('claude-desktop', 'notes\u202Etxt.exe').getByTestId('escape-mark'),
  ).toHaveText('\\u{202E}');
  await expect(clientsPage.server('vscode', 'workspace-fs')).toHaveAttribute('data-state', 'cannot-protect');
  await expect(clientsPage.card('codex')).toContainText('Cannot be read');
  await expect(clientsPage.attention()).toHaveCount(3);
  // The token in Cursor's env is never on screen: only the command line is.
  await expect(page.locator('body')).not.toContainText('ghp_0123456789');

  for (const size of sizes) {
    await page.setViewportSize(size);
    const label = `${size.width}x${size.height}`;
    await page.evaluate('window.scrollTo(0, 0)');
    await shot(page, `clients-${label}`);
    await shot(page, `clients-${label}-full`, true);
    await fits(page, label);
    await audit(page, `clients ${label}`);

    await clientsPage.card('cursor').getByTestId('connect-client').click();
    await expect(clientsPage.dialog.getByTestId('change-diff').first()).toBeVisible();
    await expect(clientsPage.dialog).not.toContainText('ghp_0123456789');
    await expect(clientsPage.dialog).toContainText('[REDACTED]');
    await shot(page, `clients-preview-${label}`);
    await audit(page, `preview ${label}`);
    // The buttons stay in view however long the diff is.
    await expect(clientsPage.dialog.getByTestId('change-confirm')).toBeInViewport();
    await page.keyboard.press('Escape');
    await expect(clientsPage.dialog).toHaveCount(0);

    await page.getByTestId('view-servers').click();
    await expect(page.getByTestId('server-group').first()).toBeVisible();
    await shot(page, `servers-${label}`);
    await fits(page, `servers ${label}`);
    await audit(page, `servers ${label}`);
    await page.getByTestId('view-clients').click();
  }
});

test('a config with thousands of servers stays usable, by keyboard alone', async ({
  world,
  clientsPage,
  page,
}) => {
  test.setTimeout(120_000);
  const servers: Record<string, unknown> = {};
  for (let i = 0; i < 3000; i++)
    servers[`server-${String(i).padStart(4, '0')}`] = {
      command: 'uvx',
      args: [`mcp-server-${i}`, '--port', String(9000 + i)],
    };
  writeFile(world.cursorConfigPath, JSON.stringify({ mcpServers: servers }, null, 2));

  const started = Date.now();
  await clientsPage.open();
  const card = clientsPage.card('cursor');
  await expect(card.getByTestId('server-row').first()).toBeVisible();
  console.log(
    `3,000 servers: the Clients page showed its first rows ${Date.now() - started} ms after login began`,
  );
  await expect(card.getByTestId('server-row')).toHaveCount(100);
  await expect(card.getByTestId('show-more-servers')).toContainText('2,900 not shown');
  await page.setViewportSize({ width: 800, height: 600 });
  await shot(page, 'clients-3000-800x600');
  await fits(page, '3000 servers at 800x600');

  // Keyboard only: to the filter, narrow to one server, Tab to its action, Enter opens the preview.
  const filter = card.getByTestId('server-filter');
  await page.keyboard.press('Tab');
  const focused = () => page.evaluate('document.activeElement?.getAttribute("data-testid") ?? ""');
  for (let i = 0; i < 60 && (await focused()) !== 'server-filter'; i++) await page.keyboard.press('Tab');
  await expect(filter).toBeFocused();
  await page.keyboard.type('server-2999');
  await expect(card.getByTestId('server-row')).toHaveCount(1);
  // The next stop after the filter is the one row's action.
  await page.keyboard.press('Tab');
  const protect = card.getByRole('button', { name: 'Protect server-2999' });
  await expect(protect).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(clientsPage.dialog.getByTestId('will-run')).toContainText(
    'server-2999: uvx mcp-server-2999 --port 11999',
  );
  await expect(clientsPage.dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await shot(page, 'clients-3000-preview-800x600');
  await audit(page, 'preview of one of 3,000');
  await page.keyboard.press('Escape');
  await expect(clientsPage.dialog).toHaveCount(0);
  await expect(protect).toBeFocused();
});
