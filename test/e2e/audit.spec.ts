import { readFileSync } from 'node:fs';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { AuditRow } from '../../shared/audit';
import { connectClaudeDesktop, writePolicyFile } from '../helpers/claude-desktop';
import { runCli, waitFor, type World } from '../helpers/world';
import { expect, test } from './fixtures';

async function denyEcho(world: World): Promise<void> {
  const policy = writePolicyFile(world, 'deny-echo.json', {
    version: '1',
    default: 'allow',
    tools: { echo: { action: 'deny', reason: 'Echo is not allowed here' } },
  });
  const imported = await runCli(world, ['policy', 'import', policy]);
  expect(imported.code, imported.stderr).toBe(0);
}

async function expectAllowed(client: Client, name: string, args: Record<string, unknown>): Promise<void> {
  const result = await client.callTool({ name, arguments: args });
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
}

/** The audit log as the CLI reads it: the same API as the dashboard, so the two must agree. */
async function auditRowsFromCli(world: World, ...filters: string[]): Promise<AuditRow[]> {
  const result = await runCli(world, ['audit', '--format', 'json', '--limit', '1000', ...filters]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as AuditRow[];
}

test.describe('the Audit page', () => {
  test.beforeEach(async ({ world }) => {
    const connect = await connectClaudeDesktop(world);
    expect(connect.code, connect.stderr).toBe(0);
  });

  test('shows real calls and admin changes as they are recorded', async ({
    world,
    claudeDesktop,
    auditPage,
  }) => {
    await auditPage.open();
    await expect(auditPage.adminRow('gateway.started')).toHaveCount(1);
    await expect(auditPage.adminRow('client.connected')).toHaveCount(1);
    await expect(auditPage.adminRow('client.connected')).toHaveAttribute('data-client', 'claude-desktop');
    await expect(auditPage.rows({ kind: 'call' })).toHaveCount(0);
    await auditPage.markDocument();

    const everything = await claudeDesktop.connect('everything');
    await expectAllowed(everything, 'echo', { message: 'for the record' });
    await expectAllowed(everything, 'get-sum', { a: 2, b: 3 });

    const echo = auditPage.rows({
      kind: 'call',
      tool: 'echo',
      decision: 'allow',
      client: 'claude-desktop',
      server: 'everything',
    });
    await expect(echo).toHaveCount(1);
    await expect(auditPage.rows({ kind: 'call', tool: 'get-sum', decision: 'allow' })).toHaveCount(1);

    await denyEcho(world);
    await expect(auditPage.adminRow('policy.saved')).toHaveCount(1);
    const denied = await everything.callTool({ name: 'echo', arguments: { message: 'off the record' } });
    expect(denied.isError).toBe(true);
    const deniedRow = auditPage.rows({ kind: 'call', tool: 'echo', decision: 'deny' });
    await expect(deniedRow).toHaveCount(1);
    // Newest first.
    await expect(auditPage.rows().first()).toHaveAttribute('data-decision', 'deny');

    await deniedRow.click();
    const detail = auditPage.detail;
    await expect(detail).toContainText('tools.echo');
    await expect(detail).toContainText('Echo is not allowed here');
    await expect(detail).toContainText('"message": "off the record"');

    expect(await auditPage.documentIsMarked(), 'rows arrived without a reload').toBe(true);
  });

  test('filtering by tool and by decision narrows the rows', async ({ world, claudeDesktop, auditPage }) => {
    const everything = await claudeDesktop.connect('everything');
    await expectAllowed(everything, 'echo', { message: 'one' });
    await expectAllowed(everything, 'get-sum', { a: 1, b: 1 });
    await expectAllowed(everything, 'get-sum', { a: 2, b: 2 });
    await denyEcho(world);
    expect((await everything.callTool({ name: 'echo', arguments: { message: 'two' } })).isError).toBe(true);
    await waitFor(
      async () => (await auditRowsFromCli(world, '--kind', 'call')).length === 4,
      'four call rows in the audit log',
    );

    await auditPage.open();
    await expect(auditPage.rows({ kind: 'call' })).toHaveCount(4);
    await expect(auditPage.rows({ kind: 'admin' }).first()).toBeVisible();

    // Each step names the rows it expects and that nothing else is left: while a filter loads, the
    // previous rows stay on screen, so a bare count could match the old list.
    await auditPage.filterBy('Tool', 'get-sum');
    await expect(auditPage.rows({ tool: 'get-sum', decision: 'allow' })).toHaveCount(2);
    await expect(auditPage.rowsOtherThan({ tool: 'get-sum' })).toHaveCount(0);

    await auditPage.clearFilters();
    await expect(auditPage.rows({ kind: 'call' })).toHaveCount(4);

    await auditPage.filterByDecision('deny');
    await expect(auditPage.rows({ tool: 'echo', decision: 'deny' })).toHaveCount(1);
    await expect(auditPage.rowsOtherThan({ decision: 'deny' })).toHaveCount(0);

    // Filters combine: the only allowed echo is the one before the policy.
    await auditPage.filterByDecision('allow');
    await auditPage.filterBy('Tool', 'echo');
    await expect(auditPage.rows({ tool: 'echo', decision: 'allow' })).toHaveCount(1);
    await expect(auditPage.rowsOtherThan({ tool: 'echo', decision: 'allow' })).toHaveCount(0);

    await auditPage.search('no-such-tool');
    await expect(auditPage.rows()).toHaveCount(0);
    await expect(auditPage.empty).toContainText('No rows match these filters.');

    await auditPage.clearFilters();
    await expect(auditPage.rows({ kind: 'call' })).toHaveCount(4);
  });

  test('scrolling pages back to the start of the log, and the true total is shown from the start', async ({
    world,
    claudeDesktop,
    auditPage,
  }) => {
    const calls = 450;
    const everything = await claudeDesktop.connect('everything');
    for (let i = 0; i < calls; i++) await expectAllowed(everything, 'get-sum', { a: i, b: 1 });
    await waitFor(
      async () => (await auditRowsFromCli(world, '--kind', 'call', '--limit', '1000')).length === calls,
      `${calls} call rows in the audit log`,
    );
    const total = (await auditRowsFromCli(world, '--limit', '1000')).length;

    await auditPage.open();
    await expect(auditPage.count).toHaveText(`${total} rows · newest first`);
    // Only what is in view is in the page; the first row of the log is far below.
    expect(await auditPage.rows().count()).toBeLessThan(100);
    await expect(auditPage.adminRow('gateway.started')).toHaveCount(0);
    await expect(auditPage.endOfLog).toHaveCount(0);

    await auditPage.scrollToStart();
    await expect(auditPage.endOfLog).toHaveText('This is the start of the log.');
    await expect(auditPage.adminRow('gateway.started')).toHaveCount(1);
    expect(await auditPage.rows().count()).toBeLessThan(100);
  });
});

/**
 * `connect` and `disconnect` write their admin row from the CLI process, straight into the
 * database; the gateway notices rows written by other processes and tells open pages.
 */
test('an admin change made from the command line appears on an open Audit page', async ({
  world,
  auditPage,
}) => {
  await auditPage.open();
  await expect(auditPage.adminRow('gateway.started')).toHaveCount(1);

  const connect = await connectClaudeDesktop(world);
  expect(connect.code, connect.stderr).toBe(0);
  await expect(auditPage.adminRow('client.connected')).toHaveCount(1);
});

test('a Live row links to its audit row, and the view exports as JSONL and CSV', async ({
  world,
  claudeDesktop,
  livePage,
  auditPage,
}) => {
  expect((await connectClaudeDesktop(world)).code).toBe(0);
  const everything = await claudeDesktop.connect('everything');
  await expectAllowed(everything, 'echo', { message: 'follow me' });
  await expectAllowed(everything, 'get-sum', { a: 1, b: 2 });

  await livePage.open();
  const detail = await livePage.detailOf(livePage.rows({ tool: 'echo', status: 'ok' }));
  const callId = await livePage.rows({ tool: 'echo' }).getAttribute('data-id');
  await detail.getByTestId('live-audit-link').click();
  await expect(auditPage.heading('Audit')).toBeVisible();
  await expect(auditPage.detail).toContainText(`Call id${callId}`);
  await expect(auditPage.detail).toContainText('"message": "follow me"');
  await expect(auditPage.detail).toContainText('allowed by a rule');
  // The link settles on the row's own number, so it can be shared.
  await expect(auditPage.page).toHaveURL(/#\/audit\?row=\d+$/);

  // Export what the view shows: the echo calls, streamed by the gateway with the dashboard's login.
  await auditPage.drawer.getByTestId('drawer-close').click();
  await auditPage.filterBy('Tool', 'echo');
  await expect(auditPage.count).toHaveText('1 row match · newest first');
  for (const format of ['jsonl', 'csv'] as const) {
    const [download] = await Promise.all([
      auditPage.page.waitForEvent('download'),
      auditPage.page.getByTestId(`audit-export-${format}`).click(),
    ]);
    const text = readFileSync(await download.path(), 'utf8');
    if (format === 'jsonl') {
      const [header, ...rows] = text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(header).toMatchObject({ kind: 'export', filter: { tool: 'echo', server: 'everything' } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ tool: 'echo', callId, outcome: 'allowed' });
    } else {
      expect(text).toContain('follow me');
      expect(text).not.toContain('get-sum');
    }
  }
  await auditPage.page.getByTestId('audit-export-command-toggle').click();
  await expect(auditPage.page.getByTestId('audit-export-command')).toHaveText(
    'npx portcullis audit --server everything --tool echo --format csv > audit.csv',
  );
});
