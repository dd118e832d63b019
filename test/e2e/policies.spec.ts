import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { everythingEntry, writeClaudeDesktopConfig } from '../helpers/claude-desktop';
import { runCli, type World } from '../helpers/world';
import { expect, test, type McpClients } from './fixtures';

/**
 * The Policies page against a real headless gateway: a Claude Desktop config connected through
 * Portcullis, server-everything behind it, and an SDK client making the calls. Each change made on
 * the page must decide the very next call through the gateway.
 */

/** Connect Claude Desktop's server-everything and list its tools, so the gateway has seen them. */
async function connectEverything(world: World, claudeDesktop: McpClients): Promise<Client> {
  writeClaudeDesktopConfig(world, { everything: everythingEntry() });
  const connect = await runCli(world, ['connect', 'claude-desktop']);
  expect(connect.code, connect.stderr).toBe(0);
  const everything = await claudeDesktop.connect('everything');
  const { tools } = await everything.listTools();
  expect(tools.map((t) => t.name)).toContain('echo');
  return everything;
}

function text(result: Awaited<ReturnType<Client['callTool']>>): string {
  const [first] = result.content as { type: string; text?: string }[];
  return first?.text ?? '';
}

test('changing a tool’s action on the page decides the next call through the gateway, both ways', async ({
  world,
  claudeDesktop,
  policiesPage,
}) => {
  const everything = await connectEverything(world, claudeDesktop);
  const allowed = await everything.callTool({ name: 'echo', arguments: { message: 'before' } });
  expect(allowed.isError).toBeFalsy();
  expect(text(allowed)).toBe('Echo: before');

  await policiesPage.open();
  const echo = policiesPage.toolRow('everything', 'echo');
  await expect(echo).toHaveAttribute('data-decision', 'allow');
  await expect(echo).toHaveAttribute('data-rule', 'default');
  await expect(policiesPage.page.getByTestId('server-clients')).toContainText('claude-desktop');
  await expect(policiesPage.policyRevision).toHaveText('rev 0');

  await policiesPage.setToolAction('everything', 'echo', 'deny');
  await expect(echo).toHaveAttribute('data-rule', 'servers.everything.tools.echo');
  await expect(policiesPage.toolSaved).toContainText('Saved as revision 1.');
  await expect(policiesPage.toolSaved).toContainText('echo: allow → deny');
  await expect(policiesPage.policyRevision).toHaveText('rev 1');

  const denied = await everything.callTool({ name: 'echo', arguments: { message: 'blocked' } });
  expect(denied.isError).toBe(true);
  expect(text(denied)).toContain('[POLICY DENIED] Portcullis blocked "echo" on server "everything"');
  expect(text(denied)).toContain('servers.everything.tools.echo');

  // Hidden: the gateway leaves the tool out of the listing as well.
  await policiesPage.setToolAction('everything', 'echo', 'hide');
  await expect(policiesPage.toolSaved).toContainText('Saved as revision 2.');
  expect((await everything.listTools()).tools.map((t) => t.name)).not.toContain('echo');

  await policiesPage.setToolAction('everything', 'echo', 'allow');
  await expect(policiesPage.toolSaved).toContainText('Saved as revision 3.');
  expect((await everything.listTools()).tools.map((t) => t.name)).toContain('echo');
  const again = await everything.callTool({ name: 'echo', arguments: { message: 'after' } });
  expect(again.isError).toBeFalsy();
  expect(text(again)).toBe('Echo: after');
});

test('the rule editor writes a reason, a rate limit and a condition, each deciding real calls', async ({
  world,
  claudeDesktop,
  policiesPage,
}) => {
  const everything = await connectEverything(world, claudeDesktop);
  await policiesPage.open();
  const editor = await policiesPage.editRule('everything', 'echo');

  await editor.getByTestId('rule-reason').fill('Echo is rationed');
  await editor.getByTestId('add-limit').click();
  const limit = editor.getByTestId('limit-row');
  await limit.getByRole('spinbutton', { name: 'At most' }).fill('2');
  await editor.getByTestId('add-condition').click();
  const condition = editor.getByTestId('condition-row');
  await condition.getByRole('combobox', { name: 'Rule' }).selectOption('deny_if');
  await condition.getByRole('textbox', { name: 'argument' }).fill('message');
  await condition.getByRole('combobox', { name: 'test' }).selectOption('prefix');
  await condition.getByRole('textbox', { name: 'value' }).fill('secret');
  await editor.getByTestId('rule-save').click();

  await expect(policiesPage.toolSaved).toContainText('Saved as revision 1.');
  await expect(policiesPage.toolSaved).toContainText(
    'Added: allow · “Echo is rationed” · 2 per minute per grant',
  );

  const refused = await everything.callTool({ name: 'echo', arguments: { message: 'secret plans' } });
  expect(refused.isError).toBe(true);
  expect(text(refused)).toContain('Echo is rationed');
  expect(text(refused)).toContain('servers.everything.tools.echo.deny_if');

  for (const message of ['one', 'two']) {
    const ok = await everything.callTool({ name: 'echo', arguments: { message } });
    expect(ok.isError, text(ok)).toBeFalsy();
  }
  const limited = await everything.callTool({ name: 'echo', arguments: { message: 'three' } });
  expect(limited.isError).toBe(true);
  expect(text(limited)).toContain('rate limit reached');

  // The Document tab shows exactly what the form wrote.
  await policiesPage.tab('document');
  await expect(policiesPage.editor).toHaveValue(/"deny_if": \{\s*"message": \{\s*"prefix": "secret"/);
  await expect(policiesPage.editor).toHaveValue(/"scope": "grant"/);
});

test('the raw editor points at each problem, keeps Save disabled, and saves once the document is valid', async ({
  policiesPage,
}) => {
  await policiesPage.open();
  await expect(policiesPage.toolsEmpty).toContainText('No tools seen yet');
  await policiesPage.tab('document');
  await expect(policiesPage.editor).toHaveValue(/"default": "allow"/);
  await expect(policiesPage.saveButton).toBeDisabled();

  const misspelt = JSON.stringify(
    { version: '1', default: 'allow', tools: { echo: { acton: 'deny' } } },
    null,
    2,
  );
  await policiesPage.writeDocument(misspelt, 'invalid');
  const issue = policiesPage.issue('/tools/echo/acton');
  await expect(issue).toContainText('Unknown key "acton"');
  await expect(issue).toContainText('line 6');
  await expect(policiesPage.saveButton).toBeDisabled();
  await issue.click();
  await expect(policiesPage.editor).toBeFocused();
  expect(await policiesPage.editorSelection()).toBe('"acton": "deny"');

  await policiesPage.writeDocument('{\n  "version": "1"\n  "default": "deny"\n}', 'invalid');
  await expect(policiesPage.issue('')).toContainText('line 3');
  await expect(policiesPage.saveButton).toBeDisabled();

  await policiesPage.writeDocument(misspelt.replace('acton', 'action'), 'valid');
  await expect(policiesPage.saveButton).toBeEnabled();
  await policiesPage.saveButton.click();
  await expect(policiesPage.saved).toContainText('Saved as revision 1.');
  await expect(policiesPage.policyRevision).toHaveText('rev 1');
  await expect(policiesPage.saveButton).toBeDisabled();
});

test('rolling back to an earlier revision restores its decision', async ({
  world,
  claudeDesktop,
  policiesPage,
}) => {
  const everything = await connectEverything(world, claudeDesktop);
  await policiesPage.open();
  await policiesPage.setToolAction('everything', 'echo', 'deny');
  await policiesPage.setToolAction('everything', 'echo', 'allow');
  await expect(policiesPage.policyRevision).toHaveText('rev 2');
  expect((await everything.callTool({ name: 'echo', arguments: { message: 'open' } })).isError).toBeFalsy();

  await policiesPage.tab('history');
  await expect(policiesPage.revisionRow(2)).toHaveAttribute('data-active', 'true');
  // The newest two are compared at first: revision 2 turned deny into allow.
  const diff = policiesPage.page.getByTestId('revision-diff');
  await expect(diff.locator('[data-kind="del"]')).toContainText('"action": "deny"');
  await expect(diff.locator('[data-kind="add"]')).toContainText('"action": "allow"');

  await policiesPage.rollBackTo(1);
  await expect(policiesPage.page.getByTestId('rollback-done')).toContainText('saved as revision 3');
  await expect(policiesPage.revisionRow(3)).toHaveAttribute('data-active', 'true');
  await expect(policiesPage.revisionRow(3)).toContainText('rollback to revision 1');
  await expect(policiesPage.policyRevision).toHaveText('rev 3');

  const denied = await everything.callTool({ name: 'echo', arguments: { message: 'closed again' } });
  expect(denied.isError).toBe(true);
  await policiesPage.tab('tools');
  await expect(policiesPage.toolRow('everything', 'echo')).toHaveAttribute('data-decision', 'deny');
});

test('a replay preview lists the recorded calls an edited document would decide differently, then applies it', async ({
  world,
  claudeDesktop,
  policiesPage,
}) => {
  const everything = await connectEverything(world, claudeDesktop);
  await everything.callTool({ name: 'echo', arguments: { message: 'hello' } });
  await everything.callTool({
    name: 'echo',
    arguments: { message: 'my key is sk-ant-api03-e2eReplayKeyNotShown' },
  });
  await everything.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } });

  await policiesPage.open();
  await policiesPage.tab('document');
  const denyEcho = JSON.stringify(
    { version: '1', default: 'allow', tools: { echo: { action: 'deny', reason: 'No echo' } } },
    null,
    2,
  );
  await policiesPage.writeDocument(denyEcho, 'valid');
  await policiesPage.page.getByTestId('policy-preview').click();

  await expect(policiesPage.replay).toBeVisible();
  await expect(policiesPage.page.getByTestId('replay-summary')).toHaveAttribute('data-changed', '2');
  // One line per tool and change, with its count; opened, its calls newest first.
  const echoes = policiesPage.replayGroups({ tool: 'echo', was: 'allow', would: 'deny' });
  await expect(echoes).toHaveAttribute('data-count', '2');
  await expect(echoes).toContainText('tools.echo');
  await expect(echoes).toContainText('1 with args redacted');
  await expect(policiesPage.replayGroups({ tool: 'get-sum' })).toHaveCount(0);
  await expect(policiesPage.page.getByTestId('replay-redacted-note')).toBeVisible();
  await echoes.getByRole('button', { name: /^echo/ }).click();
  await expect(policiesPage.replayRows({ tool: 'echo', would: 'deny' })).toHaveCount(2);
  await expect(policiesPage.replayRows().first()).toContainText('args redacted');
  // Previewing saved nothing.
  await expect(policiesPage.policyRevision).toHaveText('rev 0');

  await policiesPage.page.getByTestId('replay-apply').click();
  await expect(policiesPage.saved).toContainText('Saved as revision 1.');
  await expect(policiesPage.replay).toHaveCount(0);
  const denied = await everything.callTool({ name: 'echo', arguments: { message: 'now' } });
  expect(denied.isError).toBe(true);
  expect(text(denied)).toContain('No echo');
});

test('a draft can run in shadow, stop, and be discarded; a suggestion waits in the editor until saved', async ({
  world,
  claudeDesktop,
  policiesPage,
}) => {
  await connectEverything(world, claudeDesktop);
  await policiesPage.open();

  // Reclassify echo: the suggestion follows the person's classification.
  const echo = policiesPage.toolRow('everything', 'echo');
  await echo.getByRole('button', { name: 'Change the risk of echo' }).click();
  const form = echo.getByTestId('risk-form');
  await form.getByRole('combobox', { name: 'Category' }).selectOption('Execute');
  await form.getByRole('combobox', { name: 'Risk' }).selectOption('High');
  await form.getByRole('button', { name: 'Set' }).click();
  const badge = echo.getByTestId('risk-badge');
  await expect(badge).toHaveAttribute('data-category', 'Execute');
  await expect(badge).toHaveAttribute('data-risk', 'High');
  await expect(echo).toContainText('set by you');

  await policiesPage.page.getByTestId('policy-suggest').click();
  await expect(policiesPage.page.getByTestId('editor-origin')).toHaveAttribute('data-origin', 'suggestion');
  await expect(policiesPage.editor).toHaveValue(/"echo": \{\s*"action": "approve"\s*\}/);
  await expect(policiesPage.checkStatus).toHaveAttribute('data-state', 'valid');
  await expect(policiesPage.policyRevision).toHaveText('rev 0');

  await policiesPage.page.getByTestId('draft-save-shadow').click();
  await expect(policiesPage.draftStatus).toHaveAttribute('data-shadow', 'true');
  await expect(policiesPage.draftStatus).toContainText('running in shadow');
  await policiesPage.draftStatus.getByTestId('draft-shadow-toggle').click();
  await expect(policiesPage.draftStatus).toHaveAttribute('data-shadow', 'false');
  await policiesPage.draftStatus.getByTestId('draft-discard').click();
  await policiesPage.draftStatus.getByTestId('draft-confirm-yes').click();
  await expect(policiesPage.draftStatus).toHaveCount(0);
  await expect(policiesPage.policyRevision).toHaveText('rev 0');

  // The classification goes back to what Portcullis worked out.
  await policiesPage.tab('tools');
  await echo.getByRole('button', { name: 'Change the risk of echo' }).click();
  await echo.getByRole('button', { name: /Reset to automatic/ }).click();
  await expect(echo).not.toContainText('set by you');
});
