import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from './fixtures';

const NEEDLE = 'quokka-7f3a';
/** Row 43,210 of the seed (0-based), so id 43,211: deep in the log, far from both ends. */
const NEEDLE_ROW = 43_210;

test.describe('an audit log of 100,000 calls', () => {
  test.use({ seededAudit: { rows: 100_000, spanMs: 20 * 3_600_000, needles: { [NEEDLE_ROW]: NEEDLE } } });

  test('search finds one call among them, and the link brings back the same view', async ({
    auditPage,
    browser,
    gateway,
  }) => {
    await auditPage.open();
    // The true total of the whole log, not of what is loaded: the seed and the gateway's own row.
    await expect(auditPage.count).toHaveText('100,001 rows · newest first');

    const started = Date.now();
    await auditPage.search(NEEDLE);
    await expect(auditPage.count).toHaveText('1 row match · newest first');
    console.log(`Search among 100,001 rows: one row on screen ${Date.now() - started} ms after Enter.`);
    const row = auditPage.rows({ id: String(NEEDLE_ROW + 1) });
    await expect(row).toHaveCount(1);
    await expect(auditPage.rows()).toHaveCount(1);
    await expect(auditPage.endOfLog).toHaveText('No older matching rows.');

    await row.click();
    await expect(auditPage.drawer).toBeVisible();
    await expect(auditPage.detail).toContainText(`"note": "${NEEDLE}"`);
    await expect(auditPage.detail).toContainText(`seed-call-${NEEDLE_ROW}`);

    // The address holds the search and the open row: another browser tab shows the same.
    const link = auditPage.page.url();
    expect(link).toContain(`q=${NEEDLE}`);
    expect(link).toContain(`row=${NEEDLE_ROW + 1}`);
    const other = await browser.newPage();
    try {
      await other.goto(gateway.loginUrl);
      await other.goto(link);
      await expect(other.getByTestId('audit-count')).toHaveText('1 row match · newest first');
      await expect(other.getByTestId('audit-detail')).toContainText(NEEDLE);
      await expect(other.getByRole('search', { name: 'Filter audit rows' }).getByLabel('Search')).toHaveValue(
        NEEDLE,
      );
    } finally {
      await other.close();
    }

    // A common word matches too many rows to count at once: the page says so, not a wrong number.
    await auditPage.search('notes');
    await expect(auditPage.count).toHaveText('more than 10,000 rows match · newest first');
  });

  test('the table pages through the log by keyboard, and the drawer closes back to its row', async ({
    auditPage,
  }) => {
    const { page } = auditPage;
    await auditPage.open();
    await expect(auditPage.count).toHaveText('100,001 rows · newest first');
    // Tab from the last filter button enters the table at its first row.
    await auditPage.page.getByTestId('audit-export-command-toggle').focus();
    await page.keyboard.press('Tab');
    await expect(auditPage.rows().first().locator(':focus')).toHaveCount(1);
    // One tab stop: the active row; arrows, Page Down and End move it, loading pages as they go.
    const focusedRow = page.locator('tr:has(:focus)');
    await page.keyboard.press('ArrowDown');
    await expect(focusedRow).toHaveAttribute('aria-rowindex', '3');
    for (let i = 0; i < 30; i++) await page.keyboard.press('PageDown');
    const deep = Number(await focusedRow.getAttribute('aria-rowindex'));
    expect(deep).toBeGreaterThan(200);
    // Rows are rendered only around what is in view.
    expect(await auditPage.rows().count()).toBeLessThan(80);

    const focusedId = await focusedRow.getAttribute('data-id');
    await page.keyboard.press('Enter');
    await expect(auditPage.drawer).toBeVisible();
    await expect(auditPage.drawer.getByRole('heading', { level: 2 })).toBeFocused();
    await expect(auditPage.drawer).toContainText(`Row #${focusedId}`);
    await page.keyboard.press('Escape');
    await expect(auditPage.drawer).toHaveCount(0);
    await expect(focusedRow).toHaveAttribute('data-id', focusedId!);
    expect(page.url()).not.toContain('row=');
  });

  test('every page looks right at 1280×800 and 800×600, and axe finds nothing', async ({
    auditPage,
  }, testInfo) => {
    const { page } = auditPage;
    await auditPage.login();
    for (const [width, height] of [
      [1280, 800],
      [800, 600],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const [name, hash, ready] of [
        ['overview', '#/overview', 'chart-summary'],
        ['audit', '#/audit', 'audit-count'],
        ['audit-row', `#/audit?outcome=rejected&row=${17}`, 'audit-detail'],
        ['live', '#/live', 'sessions-empty'],
      ] as const) {
        await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
        await expect(page.getByTestId(ready)).toBeVisible();
        await page.screenshot({ path: testInfo.outputPath(`${name}-${width}.png`) });
        const results = await new AxeBuilder({ page }).analyze();
        expect(
          results.violations.map(
            (v) => `${name} ${width}: ${v.id} ${v.nodes.map((n) => n.target).join(' ')}`,
          ),
        ).toEqual([]);
      }
    }
  });
});
