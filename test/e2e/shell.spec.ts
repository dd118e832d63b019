import { everythingEntry, writeClaudeDesktopConfig } from '../helpers/claude-desktop';
import { runCli } from '../helpers/world';
import { expect, test } from './fixtures';

/** The frame around every page: the nav at each width, the theme, and the keyboard in long tables. */

test('on a narrow window the nav folds into a menu button; choosing a page or Escape closes it', async ({
  livePage,
}) => {
  const page = livePage.page;
  await page.setViewportSize({ width: 800, height: 600 });
  await livePage.login();
  const menu = page.getByTestId('nav-menu');
  const auditLink = livePage.navLink('Audit');
  await expect(menu).toBeVisible();
  await expect(auditLink).toBeHidden();

  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await auditLink.click();
  await expect(livePage.heading('Audit')).toBeVisible();
  await expect(auditLink).toBeHidden();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');

  await menu.press('Enter');
  await expect(livePage.navLink('Live')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(livePage.navLink('Live')).toBeHidden();
  await expect(menu).toBeFocused();

  // Wide again: the sidebar, no menu button.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(menu).toBeHidden();
  await expect(livePage.navLink('Live')).toBeVisible();
});

test('the theme can be light, dark or the system’s, and the choice is remembered', async ({ livePage }) => {
  const page = livePage.page;
  await page.emulateMedia({ colorScheme: 'light' });
  await livePage.login();
  const background = () => page.evaluate('getComputedStyle(document.body).backgroundColor');
  const light = await background();
  const theme = page.getByRole('combobox', { name: 'Theme' });
  await expect(theme).toHaveValue('system');

  await theme.selectOption('dark');
  const dark = await background();
  expect(dark).not.toBe(light);
  await page.reload();
  await expect(theme).toHaveValue('dark');
  expect(await background()).toBe(dark);

  // Following the system again: the OS's dark preference now decides.
  await theme.selectOption('system');
  expect(await background()).toBe(light);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background()).toBe(dark);
});

test('a table of calls is one tab stop: arrows move between rows, Enter opens one, Tab leaves', async ({
  world,
  claudeDesktop,
  livePage,
}) => {
  writeClaudeDesktopConfig(world, { everything: everythingEntry() });
  const connect = await runCli(world, ['connect', 'claude-desktop']);
  expect(connect.code, connect.stderr).toBe(0);
  const everything = await claudeDesktop.connect('everything');
  for (const message of ['one', 'two', 'three']) {
    await everything.callTool({ name: 'echo', arguments: { message } });
  }
  await livePage.open();
  await expect(livePage.rows({ tool: 'echo', status: 'ok' })).toHaveCount(3);
  const controls = livePage.page.locator('[data-testid="live-row"] [data-row-control]');
  await expect(controls.nth(0)).toHaveAttribute('tabindex', '0');
  await expect(controls.nth(1)).toHaveAttribute('tabindex', '-1');
  await expect(controls.nth(2)).toHaveAttribute('tabindex', '-1');

  await controls.nth(0).focus();
  await livePage.page.keyboard.press('ArrowDown');
  await expect(controls.nth(1)).toBeFocused();
  await expect(controls.nth(1)).toHaveAttribute('tabindex', '0');
  await expect(controls.nth(0)).toHaveAttribute('tabindex', '-1');
  await livePage.page.keyboard.press('End');
  await expect(controls.nth(2)).toBeFocused();
  await livePage.page.keyboard.press('Enter');
  await expect(controls.nth(2)).toHaveAttribute('aria-expanded', 'true');
  await expect(livePage.page.getByTestId('live-detail')).toBeVisible();
  // The detail opens beside the table with the focus on its title; Escape closes it and goes back.
  await expect(livePage.page.getByTestId('live-drawer').getByRole('heading', { level: 2 })).toBeFocused();
  await livePage.page.keyboard.press('Escape');
  await expect(livePage.page.getByTestId('live-detail')).toHaveCount(0);
  await expect(controls.nth(2)).toBeFocused();

  // Tab leaves the rows rather than visiting each; coming back lands on the row last used.
  await livePage.page.keyboard.press('Home');
  await expect(controls.nth(0)).toBeFocused();
  await livePage.page.keyboard.press('Tab');
  await expect(controls.nth(1)).not.toBeFocused();
  await expect(controls.nth(0)).not.toBeFocused();
  await livePage.page.keyboard.press('Shift+Tab');
  await expect(controls.nth(0)).toBeFocused();
});
