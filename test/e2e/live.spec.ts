import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { cliPath, everythingServer } from '../helpers/paths';
import { everythingEntry, writeClaudeDesktopConfig, writePolicyFile } from '../helpers/claude-desktop';
import { readEntries, runCli, startGateway } from '../helpers/world';
import { expect, test } from './fixtures';

/**
 * The spine issue's must-show, seen in the dashboard: a Claude Desktop config rewritten by `connect`,
 * run by an SDK client exactly as the file says, each call appearing on the Live page as it happens,
 * and a policy imported from the command line changing both the next decision and the header, in
 * place.
 */
test('a call through a connected Claude Desktop server shows on Live, then a policy denies it', async ({
  world,
  claudeDesktop,
  livePage,
}) => {
  writeClaudeDesktopConfig(world, { everything: everythingEntry() });
  const connect = await runCli(world, ['connect', 'claude-desktop']);
  expect(connect.code, connect.stderr).toBe(0);
  expect(connect.stdout).toContain(`everything: node ${everythingServer}`);
  // The file now runs the shim; what follows only works if the entry was really rewritten.
  expect(readEntries(world.claudeConfigPath).everything).toMatchObject({
    command: process.execPath,
    args: expect.arrayContaining([cliPath, 'shim', '--client', 'claude-desktop', '--server', 'everything']),
  });

  await livePage.open();
  await expect(livePage.empty).toBeVisible();
  await expect(livePage.noSessions).toBeVisible();
  await expect(livePage.policyRevision).toHaveText('rev 0');
  // Everything below must arrive over the event connection, into this same document.
  await livePage.markDocument();

  const everything = await claudeDesktop.connect('everything');
  const session = livePage.sessions({ client: 'claude-desktop', server: 'everything' });
  await expect(session).toHaveCount(1);

  const echoed = await everything.callTool({ name: 'echo', arguments: { message: 'through the gate' } });
  expect(echoed.content).toEqual([{ type: 'text', text: 'Echo: through the gate' }]);

  const allowed = livePage.rows({
    tool: 'echo',
    decision: 'allow',
    status: 'ok',
    client: 'claude-desktop',
    server: 'everything',
  });
  await expect(allowed).toHaveCount(1);
  const detail = await livePage.detailOf(allowed);
  await expect(detail).toContainText('"message": "through the gate"');
  await expect(detail).toContainText('default');
  // The finished call is counted against its session.
  await expect(session).toContainText('1 call');

  const policy = writePolicyFile(world, 'deny-echo.json', {
    version: '1',
    default: 'allow',
    tools: { echo: { action: 'deny', reason: 'Echo is not allowed here' } },
  });
  const imported = await runCli(world, ['policy', 'import', policy]);
  expect(imported.code, imported.stderr).toBe(0);
  await expect(livePage.policyRevision).toHaveText('rev 1');

  const denied = await everything.callTool({ name: 'echo', arguments: { message: 'again' } });
  expect(denied.isError).toBe(true);

  const deniedRow = livePage.rows({ tool: 'echo', decision: 'deny', status: 'denied' });
  await expect(deniedRow).toHaveCount(1);
  await expect(livePage.rows({ tool: 'echo' })).toHaveCount(2);
  // Newest first: the denial sits above the call it followed.
  await expect(livePage.rows().first()).toHaveAttribute('data-decision', 'deny');
  const deniedDetail = await livePage.detailOf(deniedRow);
  await expect(deniedDetail).toContainText('tools.echo');
  await expect(deniedDetail).toContainText('Echo is not allowed here');
  await expect(deniedDetail).toContainText('"message": "again"');
  await expect(session).toContainText('2 calls');

  expect(await livePage.documentIsMarked(), 'the page was never reloaded').toBe(true);
});

test('a call shows as running while it waits on the client, then completes in the same row', async ({
  world,
  claudeDesktop,
  livePage,
}) => {
  writeClaudeDesktopConfig(world, { everything: everythingEntry() });
  expect((await runCli(world, ['connect', 'claude-desktop'])).code).toBe(0);
  await livePage.open();

  // server-everything asks the client a question in the middle of this call: until the test answers,
  // the call is held open, so "running" is on screen for as long as the test needs to see it.
  const everything = await claudeDesktop.connect('everything', { elicitation: {} });
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  everything.setRequestHandler(ElicitRequestSchema, async () => {
    await answered;
    return { action: 'decline' };
  });
  const call = everything.callTool({ name: 'trigger-elicitation-request', arguments: {} });

  const tool = 'trigger-elicitation-request';
  await expect(livePage.rows({ tool, status: 'pending', decision: 'allow' })).toHaveCount(1);
  await expect(livePage.rows({ tool, status: 'pending' })).toContainText('running');
  answer();
  expect((await call).isError).toBeFalsy();
  await expect(livePage.rows({ tool, status: 'ok' })).toHaveCount(1);
  await expect(livePage.rows({ tool })).toHaveCount(1);
});

test('a session leaves the panel when its client hangs up', async ({ world, claudeDesktop, livePage }) => {
  writeClaudeDesktopConfig(world, { everything: everythingEntry() });
  expect((await runCli(world, ['connect', 'claude-desktop'])).code).toBe(0);
  await livePage.open();

  const everything = await claudeDesktop.connect('everything');
  const session = livePage.sessions({ client: 'claude-desktop', server: 'everything' });
  await expect(session).toHaveCount(1);
  await expect(livePage.page.getByTestId('status-sessions')).toHaveText('1');

  await everything.close();
  await expect(session).toHaveCount(0);
  await expect(livePage.noSessions).toBeVisible();
  await expect(livePage.page.getByTestId('status-sessions')).toHaveText('0');
});

test('the event connection comes back when the gateway does, and calls flow again', async ({
  world,
  gateway,
  claudeDesktop,
  livePage,
}) => {
  writeClaudeDesktopConfig(world, { everything: everythingEntry() });
  expect((await runCli(world, ['connect', 'claude-desktop'])).code).toBe(0);
  await livePage.open();
  await livePage.markDocument();

  // No client is connected yet: a shim that lost its gateway would start one of its own.
  await gateway.stop();
  await expect(livePage.connection).toHaveAttribute('data-state', 'waiting');
  await expect(livePage.connection).toContainText('Disconnected');

  const port = new URL(gateway.dashboardUrl).port;
  const restarted = await startGateway(world, ['--port', port]);
  try {
    expect(restarted.dashboardUrl).toBe(gateway.dashboardUrl);
    // The page retries with a backoff capped at 15 s; the token lives in the data folder, so the
    // browser's cookie is still good for the new process.
    await expect(livePage.connection).toHaveAttribute('data-state', 'open', { timeout: 20_000 });
    await expect(livePage.unauthorized).toHaveCount(0);

    const everything = await claudeDesktop.connect('everything');
    await everything.callTool({ name: 'echo', arguments: { message: 'after the restart' } });
    await expect(livePage.rows({ tool: 'echo', status: 'ok' })).toHaveCount(1);
    expect(await livePage.documentIsMarked(), 'the page reconnected by itself, without a reload').toBe(true);
    await everything.close();
  } finally {
    await restarted.stop();
  }
});

test("secrets in a call's arguments never reach the dashboard", async ({
  world,
  claudeDesktop,
  livePage,
  auditPage,
}) => {
  writeClaudeDesktopConfig(world, { everything: everythingEntry() });
  expect((await runCli(world, ['connect', 'claude-desktop'])).code).toBe(0);
  await livePage.open();

  const secret = 'sk-ant-api03-e2eDoNotShowThisKeyAnywhere';
  const everything = await claudeDesktop.connect('everything');
  const echoed = await everything.callTool({ name: 'echo', arguments: { message: `my key is ${secret}` } });
  // The server itself gets the call untouched; only what the gateway shows and records is redacted.
  expect(echoed.content).toEqual([{ type: 'text', text: `Echo: my key is ${secret}` }]);

  const row = livePage.rows({ tool: 'echo', status: 'ok' });
  await expect(row).toHaveCount(1);
  const detail = await livePage.detailOf(row);
  await expect(detail).toContainText('[REDACTED]');
  await expect(livePage.page.locator('body')).not.toContainText(secret);

  // Same browser tab: the Audit page object drives it from here.
  await auditPage.show();
  await auditPage.rows({ kind: 'call', tool: 'echo' }).click();
  await expect(auditPage.page.getByTestId('audit-detail')).toContainText('[REDACTED]');
  await expect(auditPage.page.locator('body')).not.toContainText(secret);
});
