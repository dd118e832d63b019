import { readFileSync, writeFileSync } from 'node:fs';
import { everythingEntry, writeClaudeDesktopConfig } from '../helpers/claude-desktop';
import { installEverythingExtension } from '../helpers/claude-extension';
import { everythingServer } from '../helpers/paths';
import { readEntries, runCli, writeFile, type World } from '../helpers/world';
import { expect, test } from './fixtures';

/**
 * The must-show for the Clients page, with `portcullis serve` running on real files in a
 * temp home: a server added behind Portcullis's back shows as unprotected within 5 s and is protected
 * from the page after a diff preview; drift is shown and repaired from the page; a client is
 * connected and disconnected after seeing exactly what changes.
 */

type Entries = Record<string, { command?: string; args?: string[] }>;
const claudeEntries = (world: World): Entries => readEntries(world.claudeConfigPath) as Entries;
const runsShim = (entry: { args?: string[] } | undefined, server: string) =>
  entry?.args?.join(' ').includes(`shim --client claude-desktop --server ${server}`) === true;

async function connectClaude(world: World): Promise<Buffer> {
  const original = writeClaudeDesktopConfig(world, { everything: everythingEntry() });
  const connect = await runCli(world, ['connect', 'claude-desktop']);
  expect(connect.code, connect.stderr).toBe(0);
  return original;
}

test('a server added behind our back shows as unprotected within 5 s and is protected from the Clients page', async ({
  world,
  clientsPage,
}) => {
  await connectClaude(world);
  await clientsPage.open();
  await expect(clientsPage.server('claude-desktop', 'everything')).toHaveAttribute('data-state', 'protected');
  await expect(clientsPage.server('claude-desktop', 'everything')).toContainText(`node ${everythingServer}`);
  await expect(clientsPage.server('claude-desktop', 'everything')).toContainText('through Portcullis');
  await clientsPage.markDocument();

  const config = JSON.parse(readFileSync(world.claudeConfigPath, 'utf8')) as { mcpServers: Entries };
  config.mcpServers.sneaky = { command: 'node', args: [everythingServer, 'stdio'] };
  const addedAt = Date.now();
  writeFileSync(world.claudeConfigPath, JSON.stringify(config, null, 2));

  const sneaky = clientsPage.server('claude-desktop', 'sneaky');
  await expect(sneaky).toHaveAttribute('data-state', 'unprotected', { timeout: 5000 });
  console.log(`the Clients page showed the added server as unprotected after ${Date.now() - addedAt} ms`);
  await expect(clientsPage.attention('sneaky')).toContainText('added outside Portcullis');

  await sneaky.getByRole('button', { name: 'Protect sneaky' }).click();
  const dialog = clientsPage.dialog;
  await expect(dialog.getByRole('heading', { name: 'Protect sneaky in Claude Desktop' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expect(dialog.getByTestId('will-run')).toContainText(`sneaky: node ${everythingServer} stdio`);
  const diff = dialog.getByTestId('change-diff');
  await expect(diff.locator('[data-kind="del"]')).toContainText(['"command": "node"']);
  await expect(diff.locator('[data-kind="add"]').first()).toContainText('"command":');
  await expect(diff).toContainText('"--server"');
  await clientsPage.confirm();
  await expect(dialog.getByTestId('change-done')).toContainText('1 server now runs through Portcullis');
  await expect(dialog.getByTestId('change-done')).toContainText('Restart Claude Desktop');
  await clientsPage.closeDialog();

  await expect(sneaky).toHaveAttribute('data-state', 'protected');
  await expect(clientsPage.attention()).toHaveCount(0);
  expect(runsShim(claudeEntries(world).sneaky, 'sneaky')).toBe(true);
  expect(runsShim(claudeEntries(world).everything, 'everything')).toBe(true);
  expect(await clientsPage.documentIsMarked(), 'the page was never reloaded').toBe(true);
});

test('with repairs set to ask, a reverted entry shows as drifted and is repaired from the page', async ({
  world,
  clientsPage,
  page,
}) => {
  const original = await connectClaude(world);
  await clientsPage.open();
  await page.getByTestId('repair-ask').check();
  await expect(page.getByTestId('repair-ask')).toBeChecked();

  writeFileSync(world.claudeConfigPath, original);
  const everything = clientsPage.server('claude-desktop', 'everything');
  await expect(everything).toHaveAttribute('data-state', 'drifted', { timeout: 5000 });
  await expect(everything).toContainText('Drifted (reverted)');
  await expect(clientsPage.attention('everything')).toContainText('its original entry is back');
  expect(readFileSync(world.claudeConfigPath).equals(original), 'nothing was written while asking').toBe(
    true,
  );

  await everything.getByRole('button', { name: 'Repair everything' }).click();
  await expect(everything).toHaveAttribute('data-state', 'protected');
  expect(runsShim(claudeEntries(world).everything, 'everything')).toBe(true);
});

test('with repairs automatic, a client that drops our entries is repaired within 5 s', async ({
  world,
  clientsPage,
}) => {
  await connectClaude(world);
  await clientsPage.open();
  const droppedAt = Date.now();
  writeFileSync(world.claudeConfigPath, `${JSON.stringify({ globalShortcut: 'Ctrl+Space' }, null, 2)}\n`);
  await expect
    .poll(() => runsShim(claudeEntries(world)?.everything, 'everything'), { timeout: 5000, intervals: [50] })
    .toBe(true);
  console.log(`a dropped entry was back after ${Date.now() - droppedAt} ms`);
  await expect(clientsPage.server('claude-desktop', 'everything')).toHaveAttribute('data-state', 'protected');
});

test('connect and disconnect a client after seeing the diff; disconnect puts the bytes back', async ({
  world,
  clientsPage,
}) => {
  const cursor = writeFile(
    world.cursorConfigPath,
    '{\n  // mine\n  "mcpServers": {\n    "time": { "command": "uvx", "args": ["mcp-server-time"] },\n    "remote": { "url": "https://example.test/mcp" }\n  }\n}\n',
  );
  await clientsPage.open();
  const card = clientsPage.card('cursor');
  await expect(clientsPage.server('cursor', 'time')).toHaveAttribute('data-state', 'unprotected');

  await card.getByTestId('connect-client').click();
  const dialog = clientsPage.dialog;
  await expect(dialog.getByTestId('will-run')).toContainText('time: uvx mcp-server-time');
  await expect(dialog.getByTestId('will-run')).toContainText('remote: http https://example.test/mcp');
  await expect(dialog.getByTestId('change-diff').first()).toContainText('// mine');
  // Cancel writes nothing.
  await dialog.getByTestId('change-cancel').click();
  await expect(dialog).toHaveCount(0);
  expect(readFileSync(world.cursorConfigPath).equals(cursor)).toBe(true);

  await card.getByTestId('connect-client').click();
  await clientsPage.confirm();
  await expect(clientsPage.dialog.getByTestId('change-done')).toContainText(
    '2 servers now run through Portcullis',
  );
  await clientsPage.closeDialog();
  await expect(clientsPage.server('cursor', 'time')).toHaveAttribute('data-state', 'protected');
  await expect(clientsPage.server('cursor', 'remote')).toHaveAttribute('data-state', 'protected');

  await card.getByTestId('disconnect-client').click();
  await expect(clientsPage.dialog.getByTestId('change-diff').first()).toContainText('uvx');
  await clientsPage.confirm();
  await expect(clientsPage.dialog.getByTestId('change-done')).toContainText(
    'the file back to its original bytes',
  );
  await clientsPage.closeDialog();
  expect(readFileSync(world.cursorConfigPath).equals(cursor)).toBe(true);
  await expect(clientsPage.server('cursor', 'time')).toHaveAttribute('data-state', 'unprotected');
});

test('one server used by two clients is one row in the servers view, with both clients', async ({
  world,
  clientsPage,
  page,
}) => {
  await connectClaude(world);
  writeFile(world.cursorConfigPath, JSON.stringify({ mcpServers: { tools: everythingEntry() } }, null, 2));
  await clientsPage.open();
  await page.getByTestId('view-servers').click();
  const row = page.locator('[data-testid="server-group"][data-server="everything"]');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('also tools');
  await expect(row.getByTestId('server-use')).toHaveText([
    /Claude Desktop\s*Protected/,
    /Cursor as tools\s*Not protected/,
  ]);
  await expect(page.getByTestId('server-group')).toHaveCount(1);
});

test('a Claude Desktop extension is listed with its command, protected after a preview, and given back', async ({
  world,
  clientsPage,
  page,
}) => {
  const config = writeClaudeDesktopConfig(world, { everything: everythingEntry() });
  const extension = installEverythingExtension(world);
  const settings = readFileSync(extension.settingsPath);
  await clientsPage.open();
  const row = clientsPage
    .card('claude-desktop')
    .locator(`[data-testid="extension-row"][data-extension="${extension.id}"]`);
  await expect(row).toHaveAttribute('data-state', 'unprotected');
  // The folder has a space in it ("Claude Extensions"): the command line quotes it.
  await expect(row).toContainText(`node "${extension.dir}/server/index.mjs"`);

  await row.getByRole('button', { name: 'Protect Everything (extension)' }).click();
  const dialog = page.getByTestId('extension-dialog');
  await expect(dialog).toContainText('Claude Desktop must not be running');
  await expect(dialog.getByTestId('will-run')).toContainText(`node "${extension.dir}/server/index.mjs"`);
  await expect(dialog.getByTestId('change-diff')).toHaveCount(2);
  await expect(dialog.getByTestId('change-diff').nth(1)).toContainText('"isEnabled":false');
  await dialog.getByTestId('change-confirm').click();
  await expect(dialog.getByTestId('change-done')).toContainText('now runs through Portcullis');
  await dialog.getByTestId('change-close').click();
  await expect(row).toHaveAttribute('data-state', 'protected');
  await expect(clientsPage.server('claude-desktop', 'everything-extension')).toHaveAttribute(
    'data-state',
    'protected',
  );

  await row.getByRole('button', { name: 'Give Everything (extension) back to Claude Desktop' }).click();
  await dialog.getByTestId('change-confirm').click();
  await expect(dialog.getByTestId('change-done')).toBeVisible();
  await dialog.getByTestId('change-close').click();
  await expect(row).toHaveAttribute('data-state', 'unprotected');
  expect(readFileSync(world.claudeConfigPath).equals(config)).toBe(true);
  expect(readFileSync(extension.settingsPath).equals(settings)).toBe(true);
});
