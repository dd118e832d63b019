import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { connectClaudeDesktop, writePolicyFile } from '../helpers/claude-desktop';
import { runCli, waitFor, type World } from '../helpers/world';
import { expect, test } from './fixtures';

async function callsInLog(world: World): Promise<number> {
  const result = await runCli(world, ['audit', '--kind', 'call', '--format', 'json', '--limit', '1000']);
  return (JSON.parse(result.stdout) as unknown[]).length;
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  return client.callTool({ name, arguments: args });
}

test("the Overview is the first page and shows the day's calls; each figure opens the rows it counts", async ({
  world,
  claudeDesktop,
  overviewPage,
  auditPage,
}) => {
  expect((await connectClaudeDesktop(world)).code).toBe(0);
  const everything = await claudeDesktop.connect('everything');
  for (const message of ['one', 'two', 'three']) await call(everything, 'echo', { message });
  await call(everything, 'get-sum', { a: 1, b: 2 });
  await call(everything, 'get-sum', { a: 3, b: 4 });
  const policy = writePolicyFile(world, 'deny-echo.json', {
    version: '1',
    default: 'allow',
    tools: { echo: { action: 'deny', reason: 'Echo is not allowed here' } },
  });
  expect((await runCli(world, ['policy', 'import', policy])).code).toBe(0);
  expect((await call(everything, 'echo', { message: 'four' })).isError).toBe(true);
  await waitFor(async () => (await callsInLog(world)) === 6, 'six calls in the audit log');

  await overviewPage.open();
  await expect(overviewPage.figure('calls')).toContainText('6');
  await expect(overviewPage.figure('allowed')).toContainText('5');
  await expect(overviewPage.figure('denied')).toContainText('1');
  await expect(overviewPage.chartSummary).toContainText('6 calls');
  await expect(overviewPage.topTools.first()).toContainText('echo');
  await expect(overviewPage.topTools.first()).toContainText('4');
  await expect(overviewPage.topTools.nth(1)).toContainText('get-sum');
  await expect(overviewPage.server('everything')).toContainText('6');
  await expect(overviewPage.waitingApprovals).toContainText('No call is waiting');

  // A call made while the page is open shows within the refresh interval, without a reload.
  await overviewPage.markDocument();
  await call(everything, 'get-sum', { a: 5, b: 6 });
  await expect(overviewPage.figure('calls')).toContainText('7', { timeout: 15_000 });

  // The denied figure opens exactly the denied rows, in the same range.
  await overviewPage.figure('denied').click();
  await expect(auditPage.heading('Audit')).toBeVisible();
  await expect(auditPage.count).toHaveText('1 row match · newest first');
  await expect(auditPage.rows({ tool: 'echo', outcome: 'denied' })).toHaveCount(1);
  await expect(auditPage.rowsOtherThan({ outcome: 'denied' })).toHaveCount(0);
  expect(auditPage.page.url()).toContain('range=24h');
  expect(await overviewPage.documentIsMarked()).toBe(true);

  // Back returns to the Overview; a top tool opens its own calls.
  await auditPage.page.goBack();
  await overviewPage.topTools.filter({ hasText: 'get-sum' }).click();
  await expect(auditPage.count).toHaveText('3 rows match · newest first');
  await expect(auditPage.rowsOtherThan({ tool: 'get-sum', server: 'everything' })).toHaveCount(0);
});

test.describe('with a day of calls already in the log', () => {
  test.use({ seededAudit: { rows: 20_000, spanMs: 20 * 3_600_000 } });

  test('the Overview reads them by hour, and the chart has its numbers as a table', async ({
    overviewPage,
  }) => {
    await overviewPage.open();
    await expect(overviewPage.figure('calls')).toContainText('20,000');
    await expect(overviewPage.chartSummary).toContainText('20,000 calls in 25 periods of an hour');
    const table = overviewPage.page.getByText('Show the numbers as a table');
    await table.click();
    const rows = overviewPage.page.locator('.chart-table tbody tr');
    await expect(rows).toHaveCount(25);
    // Each hour's row links into the Audit page for that hour.
    const busiest = rows.filter({ hasText: '1,000' }).first();
    await busiest.getByRole('link').click();
    await expect(overviewPage.page.getByTestId('audit-count')).toHaveText('1,000 rows match · newest first');

    await overviewPage.show();
    await overviewPage.chooseRange('Last hour');
    await expect(overviewPage.page).toHaveURL(/#\/overview\?range=1h$/);
    await expect(overviewPage.chartSummary).toContainText('periods of a minute');
  });
});
