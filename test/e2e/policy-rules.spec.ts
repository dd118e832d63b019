import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Page } from '@playwright/test';
import type { PolicyDocumentInput } from '../../shared/policy';
import { join } from 'node:path';
import { everythingEntry, writeClaudeDesktopConfig } from '../helpers/claude-desktop';
import { runCli, writeFile, type World } from '../helpers/world';
import { expect, test, type McpClients } from './fixtures';

/**
 * The Policies page tells the truth about the rule that decides a tool: "Edit rule" opens that
 * rule where it is written and saves it there, changing only what was edited; a full limit is
 * shown as a full limit, not as a "deny" rule; a narrower rule is written only when chosen, with
 * what it changes previewed. Through a real gateway and server-everything.
 */

async function connectWithPolicy(world: World, claudeDesktop: McpClients, text: string): Promise<Client> {
  writeClaudeDesktopConfig(world, { everything: everythingEntry() });
  const connect = await runCli(world, ['connect', 'claude-desktop']);
  expect(connect.code, connect.stderr).toBe(0);
  const path = join(world.root, 'policy.json');
  writeFile(path, text);
  const imported = await runCli(world, ['policy', 'import', path]);
  expect(imported.code, imported.stderr).toBe(0);
  const everything = await claudeDesktop.connect('everything');
  await everything.listTools();
  return everything;
}

function text(result: Awaited<ReturnType<Client['callTool']>>): string {
  const [first] = result.content as { type: string; text?: string }[];
  return first?.text ?? '';
}

async function exported(world: World): Promise<string> {
  const result = await runCli(world, ['policy', 'export']);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

/** Nothing makes the page scroll sideways and no table header is cut. */
async function expectNoClipping(page: Page): Promise<void> {
  const problems = (await page.evaluate(`(() => {
    const out = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push('page scrolls sideways');
    for (const th of document.querySelectorAll('th'))
      if (th.scrollWidth > th.clientWidth + 1) out.push('header cut: ' + th.textContent);
    return out;
  })()`)) as string[];
  expect(problems).toEqual([]);
}

const rationed = `{
  "version": "1",
  "default": "allow",
  "tools": {
    "echo": {
      "reason": "Echo is rationed",
      "limits": [{ "window": "minute", "max": 30 }],
      "deny_if": { "message": { "prefix": "secret" } }
    }
  }
}
`;

test('"Edit rule" opens the top-level rule that decides, with its reason, limit and condition, and saves only the edit', async ({
  world,
  claudeDesktop,
  policiesPage,
}) => {
  const everything = await connectWithPolicy(world, claudeDesktop, rationed);
  const page = policiesPage.page;
  await policiesPage.open();
  const echo = policiesPage.toolRow('everything', 'echo');
  await expect(echo).toHaveAttribute('data-rule', 'tools.echo');
  await expect(echo.getByTestId('tool-limits')).toContainText('30 a minute per client');

  const editor = await policiesPage.editRule('everything', 'echo');
  await expect(editor.getByTestId('rule-in-place')).toHaveAttribute('data-place', 'tools.echo');
  await expect(editor.getByTestId('rule-reason')).toHaveValue('Echo is rationed');
  const limit = editor.getByTestId('limit-row');
  await expect(limit).toHaveCount(1);
  await expect(limit.getByRole('spinbutton', { name: 'At most' })).toHaveValue('30');
  await expect(limit.getByRole('combobox', { name: 'calls per' })).toHaveValue('minute');
  const condition = editor.getByTestId('condition-row');
  await expect(condition).toHaveCount(1);
  await expect(condition.getByRole('combobox', { name: 'Rule' })).toHaveValue('deny_if');
  await expect(condition.getByRole('textbox', { name: 'argument' })).toHaveValue('message');
  await expect(condition.getByRole('combobox', { name: 'test' })).toHaveValue('prefix');
  await expect(condition.getByRole('textbox', { name: 'value' })).toHaveValue('secret');

  for (const size of [
    { width: 1280, height: 800 },
    { width: 800, height: 600 },
  ]) {
    await page.setViewportSize(size);
    await editor.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/screens/rule-editor-${size.width}x${size.height}.png` });
    await expectNoClipping(page);
    await expect(editor.getByTestId('rule-save')).toBeVisible();
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  await editor.getByTestId('rule-reason').fill('Echo is scarce');
  await editor.getByTestId('rule-save').click();
  await expect(policiesPage.toolSaved).toContainText('Saved as revision 2.');
  await expect(policiesPage.toolSaved).toContainText('reason “Echo is scarce”');

  // The saved text is the imported text with only the reason changed: no rule anywhere else.
  expect(await exported(world)).toBe(rationed.replace('Echo is rationed', 'Echo is scarce'));
  const refused = await everything.callTool({ name: 'echo', arguments: { message: 'secret plans' } });
  expect(refused.isError).toBe(true);
  expect(text(refused)).toContain('Echo is scarce');
  expect(text(refused)).toContain('(rule: tools.echo.deny_if)');
  await expect(echo).toHaveAttribute('data-rule', 'tools.echo');
});

test('a tool over its limit still shows its rule’s action, with the limit full beside it', async ({
  world,
  claudeDesktop,
  policiesPage,
}) => {
  const everything = await connectWithPolicy(
    world,
    claudeDesktop,
    JSON.stringify({
      version: '1',
      default: 'deny',
      tools: { echo: { limits: [{ window: 'hour', max: 2, scope: 'grant' }] } },
    }),
  );
  for (const message of ['one', 'two']) {
    expect((await everything.callTool({ name: 'echo', arguments: { message } })).isError).toBeFalsy();
  }
  expect((await everything.callTool({ name: 'echo', arguments: { message: 'three' } })).isError).toBe(true);

  await policiesPage.open();
  const echo = policiesPage.toolRow('everything', 'echo');
  // The rule allows; right now the full limit refuses: both are said, neither pretends to be the other.
  await expect(echo).toHaveAttribute('data-action', 'allow');
  await expect(echo.getByTestId('tool-action')).toHaveValue('allow');
  await expect(echo.getByTestId('tool-rule')).toHaveAttribute('data-action', 'allow');
  await expect(echo.getByTestId('tool-rule')).toHaveAttribute('data-decision', 'deny');
  await expect(echo.getByTestId('tool-over-limit')).toContainText(
    /Over its limit now: calls are refused for \d+ s more/,
  );
  await expect(echo.getByTestId('tool-limit-use')).toHaveAttribute('data-full', 'true');
  await expect(echo.getByTestId('tool-limits')).toContainText('2 an hour per client');
  await expect(echo.getByTestId('tool-limit-use')).toContainText('2/2 used · full');
});

test('a narrower rule is written only when chosen, with the precedence said and its effect previewed', async ({
  world,
  claudeDesktop,
  policiesPage,
}) => {
  const everything = await connectWithPolicy(
    world,
    claudeDesktop,
    JSON.stringify(
      { version: '1', default: 'allow', tools: { 'get-*': { action: 'deny', reason: 'No gets' } } },
      null,
      2,
    ),
  );
  for (const args of [
    { a: 1, b: 2 },
    { a: 3, b: 4 },
  ]) {
    expect((await everything.callTool({ name: 'get-sum', arguments: args })).isError).toBe(true);
  }
  await everything.callTool({ name: 'get-env', arguments: {} });

  await policiesPage.open();
  const editor = await policiesPage.editRule('everything', 'get-sum');
  await expect(editor.getByTestId('rule-in-place')).toHaveAttribute('data-place', 'tools.get-*');
  await expect(editor.getByTestId('rule-in-place')).toContainText('every tool matching get-*');
  await editor.getByTestId('rule-narrower').click();
  const scope = editor.getByTestId('rule-scope');
  await expect(scope).toContainText(
    'a client’s server, then the server, then the client, then the top level',
  );
  await scope.getByRole('radio', { name: /^servers\.everything\.tools\.get-sum/ }).check();
  const form = editor.getByTestId('entry-form');
  await expect(form).toHaveAttribute('data-place', 'servers.everything.tools.get-sum');
  // A copy of the rule that decides now, to change only what differs.
  await expect(form.getByTestId('rule-action')).toHaveValue('deny');
  await expect(form.getByTestId('rule-reason')).toHaveValue('No gets');
  await form.getByTestId('rule-action').selectOption('allow');
  await form.getByTestId('rule-reason').fill('Sums are fine');
  await form.getByTestId('rule-preview').click();

  // Only get-sum's two recorded calls change; get-env's does not.
  await expect(policiesPage.page.getByTestId('replay-summary')).toHaveAttribute('data-changed', '2');
  await expect(policiesPage.replayGroups({ tool: 'get-sum' })).toHaveAttribute('data-count', '2');
  await expect(policiesPage.replayGroups({ tool: 'get-env' })).toHaveCount(0);
  await policiesPage.page.getByTestId('replay-apply').click();
  await expect(policiesPage.toolSaved).toContainText('Written at servers.everything.tools.get-sum.');

  expect((await everything.callTool({ name: 'get-sum', arguments: { a: 5, b: 6 } })).isError).toBeFalsy();
  const env = await everything.callTool({ name: 'get-env', arguments: {} });
  expect(env.isError).toBe(true);
  expect(text(env)).toContain('(rule: tools.get-*)');
  const saved = JSON.parse(await exported(world)) as PolicyDocumentInput;
  expect(saved.tools).toEqual({ 'get-*': { action: 'deny', reason: 'No gets' } });
  expect(saved.servers).toEqual({
    everything: { tools: { 'get-sum': { action: 'allow', reason: 'Sums are fine' } } },
  });
});

test('the editor checks patterns as the gateway runs them: RE2’s (?i) is accepted, a lookahead refused on its row', async ({
  world,
  claudeDesktop,
  policiesPage,
}) => {
  const everything = await connectWithPolicy(
    world,
    claudeDesktop,
    JSON.stringify({ version: '1', default: 'allow', tools: {} }),
  );
  await policiesPage.open();
  const editor = await policiesPage.editRule('everything', 'echo');
  // No rule names echo: the only thing to do is write one, at a place the person sees.
  await expect(editor.getByTestId('rule-scope')).toContainText('No rule names this tool now');
  await expect(editor.getByTestId('entry-form')).toHaveAttribute(
    'data-place',
    'servers.everything.tools.echo',
  );
  await editor.getByTestId('add-condition').click();
  const condition = editor.getByTestId('condition-row');
  await condition.getByRole('combobox', { name: 'Rule' }).selectOption('deny_if');
  await condition.getByRole('textbox', { name: 'argument' }).fill('message');
  await condition.getByRole('combobox', { name: 'test' }).selectOption('regex');
  await condition.getByRole('textbox', { name: 'value' }).fill('(?=secret)');
  await expect(condition).toContainText('RE2 syntax: no lookaround');
  await expect(editor.getByTestId('rule-save')).toBeDisabled();

  await condition.getByRole('textbox', { name: 'value' }).fill('(?i)^secret');
  await expect(condition).not.toContainText('RE2 syntax');
  await expect(editor.getByTestId('rule-save')).toBeEnabled();
  await editor.getByTestId('rule-save').click();
  await expect(policiesPage.toolSaved).toContainText('Saved as revision 2.');
  const denied = await everything.callTool({ name: 'echo', arguments: { message: 'SECRET plans' } });
  expect(denied.isError).toBe(true);
  expect(text(denied)).toContain('(rule: servers.everything.tools.echo.deny_if)');
});

test('the history starts at the built-in revision 0 and says who made each change', async ({
  world,
  claudeDesktop,
  policiesPage,
}) => {
  const everything = await connectWithPolicy(
    world,
    claudeDesktop,
    JSON.stringify({ version: '1', default: 'allow', tools: { echo: { action: 'deny' } } }),
  );
  await policiesPage.open();
  await policiesPage.setToolAction('everything', 'echo', 'approve');
  await policiesPage.tab('history');
  const by = (revision: number) => policiesPage.revisionRow(revision).getByTestId('revision-by');
  await expect(by(2)).toHaveText('dashboard');
  await expect(policiesPage.revisionRow(2)).toContainText('echo: deny → approve');
  await expect(by(1)).toHaveText('command line');
  await expect(policiesPage.revisionRow(1)).toContainText('import policy.json');
  await expect(by(0)).toHaveText('Portcullis');
  await expect(policiesPage.revisionRow(0)).toContainText('the built-in default');

  await policiesPage.rollBackTo(0);
  await expect(by(3)).toHaveText('dashboard');
  await expect(policiesPage.revisionRow(3)).toContainText('rollback to revision 0');
  const echoed = await everything.callTool({ name: 'echo', arguments: { message: 'back to the default' } });
  expect(echoed.isError).toBeFalsy();
  const revisions = await runCli(world, ['policy', 'revisions']);
  expect(revisions.stdout).toContain('dashboard: rollback to revision 0');
});

test('a JSON mistake is explained in words, at its line and column', async ({ policiesPage }) => {
  await policiesPage.open();
  await policiesPage.tab('document');
  await policiesPage.writeDocument('{\n  "version": "1",\n  "default": deny\n}', 'invalid');
  const issue = policiesPage.issue('');
  await expect(issue).toContainText('line 3');
  await expect(issue).toContainText('Not valid JSON at line 3, column 14: unexpected text');
  await expect(issue).toContainText('is a word missing its quotes?');
  await expect(issue).not.toContainText('InvalidSymbol');
  await expect(policiesPage.page.getByTestId('policy-issue')).toHaveCount(1);
});

test('an "Always allow" answer shows as the client’s own rule, and Edit rule opens it there', async ({
  world,
  claudeDesktop,
  policiesPage,
}) => {
  const everything = await connectWithPolicy(
    world,
    claudeDesktop,
    JSON.stringify({ version: '1', default: 'allow', tools: { 'get-sum': { action: 'approve' } } }),
  );
  const held = everything.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } });
  const waiting = async () => {
    const listed = await runCli(world, ['approvals', '--json']);
    return (JSON.parse(listed.stdout) as { id: string; tool: string }[]).find((a) => a.tool === 'get-sum');
  };
  await expect.poll(waiting).toBeTruthy();
  const approval = (await waiting())!;
  const allowed = await runCli(world, ['approvals', 'allow', approval.id, '--scope', 'always']);
  expect(allowed.code, allowed.stderr).toBe(0);
  expect((await held).isError).toBeFalsy();

  await policiesPage.open();
  const row = policiesPage.toolRow('everything', 'get-sum');
  const rule = 'clients.claude-desktop.servers.everything.tools.get-sum';
  await expect(row).toHaveAttribute('data-rule', rule);
  await expect(row.getByTestId('tool-rule')).toHaveAttribute('data-action', 'allow');
  const editor = await policiesPage.editRule('everything', 'get-sum');
  await expect(editor.getByTestId('rule-in-place')).toHaveAttribute('data-place', rule);
  await expect(editor.getByTestId('rule-reason')).toHaveValue(/always allowed from an approval/);
  await policiesPage.tab('history');
  await expect(policiesPage.revisionRow(2).getByTestId('revision-by')).toHaveText(
    'approval in the command line',
  );
});
