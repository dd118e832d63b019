import type { Locator, Page } from '@playwright/test';
import { HOSTILE } from '../fixtures/servers/hostile-server.mjs';
import { writeClaudeDesktopConfig, writePolicyFile } from '../helpers/claude-desktop';
import { hostileServer } from '../helpers/paths';
import { runCli } from '../helpers/world';
import { expect, test } from './fixtures';

/**
 * What the dashboard shows of a hostile server and a hostile client program, through the real
 * gateway: on Live (rows, call detail, sessions), Audit (rows, error text, arguments), Policies (tool
 * names, titles, descriptions and their tooltips) and in the approval modal, every character that
 * would not show as itself is a marked escape, and none of them reaches the page raw.
 */

/** A client program that names itself with an escape sequence, a bidi control and a line break. */
const CLIENT_INFO = { name: 'evil\x1b[2J-client\u202E', version: '6.6\n6' };
const ARGS = { message: 'good\rbad \x1b]8;;https://evil.example\x07docs\x1b]8;;\x07 \u202Eexe.txt\nforged' };

/** Anything a reader could not see as itself: none of it may be in what the page shows. */
const RAW = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;

/** The text of an element as the page lays it out, the line breaks and table tabs of the layout aside. */
async function shownText(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/[\n\t]/g, ' ');
}

/** The escapes an element marks, in order. */
async function marks(locator: Locator): Promise<string[]> {
  return locator.getByTestId('escape-mark').allInnerTexts();
}

/** Every tooltip and accessible name on the page: a browser shows these as they are too. */
async function attributes(page: Page): Promise<string> {
  return page.evaluate(
    `[...document.querySelectorAll('[title],[aria-label]')].map((e) => (e.getAttribute('title') ?? '') + (e.getAttribute('aria-label') ?? '')).join(' ')`,
  ) as Promise<string>;
}

async function expectNothingRawOnPage(page: Page): Promise<void> {
  expect(await shownText(page.locator('body'))).not.toMatch(RAW);
  expect(await attributes(page)).not.toMatch(RAW);
}

test('hostile names, descriptions, arguments and errors are shown as marked escapes on every page', async ({
  world,
  claudeDesktop,
  livePage,
  auditPage,
  policiesPage,
  approvalsPage,
}) => {
  writeClaudeDesktopConfig(world, { hostile: { command: 'node', args: [hostileServer] } });
  expect((await runCli(world, ['connect', 'claude-desktop'])).code).toBe(0);
  const policy = writePolicyFile(world, 'approve.json', {
    version: '1',
    default: 'allow',
    tools: { approve_me: { action: 'approve', reason: 'asks\u200B first' } },
  });
  expect((await runCli(world, ['policy', 'import', policy])).code).toBe(0);
  const client = await claudeDesktop.connect('hostile', {}, CLIENT_INFO);
  await client.listTools();
  await client.callTool({ name: 'echo', arguments: ARGS });
  await client.callTool({ name: 'fail', arguments: {} }).catch(() => undefined);
  const { page } = livePage;
  await page.setViewportSize({ width: 1280, height: 800 });

  // Live: the call's arguments, and the session's client program and server.
  await livePage.open();
  const echo = livePage.rows({ tool: 'echo' });
  await expect(echo).toHaveCount(1);
  const detail = await livePage.detailOf(echo);
  expect(await marks(detail)).toEqual(['\\r', '\\x1b', '\\x07', '\\x1b', '\\x07', '\\u{202E}', '\\n']);
  await expect(detail).toContainText('"message": "good\\rbad \\x1b]8;;https://evil.example\\x07docs');
  const session = livePage.sessions({ server: 'hostile' });
  await expect(session.getByTestId('session-program')).toHaveText(
    'client program evil\\x1b[2J-client\\u{202E} 6.6\\n6',
  );
  await expect(session).toContainText(`hostile\\u{202E}server 6.6\\x1b[8m`);
  await expectNothingRawOnPage(page);
  await page.screenshot({ path: test.info().outputPath('live-1280.png'), fullPage: true });

  // Audit: the server's error text, and the arguments again.
  await auditPage.show();
  const failed = auditPage.rows({ tool: 'fail' });
  await failed.click();
  const auditDetail = page.getByTestId('audit-detail');
  await expect(auditDetail).toContainText(
    '-32000 =HYPERLINK("https://evil.example","ok") \\x1b[2J\\x1b]8;;https://evil.example\\x07click',
  );
  expect(await marks(auditDetail)).toContain('\\r');
  await expectNothingRawOnPage(page);
  await page.screenshot({ path: test.info().outputPath('audit-1280.png'), fullPage: true });

  // Policies: tool names, the title and description the server gave, and their tooltips.
  await policiesPage.show();
  const section = page.locator('[data-testid="server-section"][data-server="hostile"]');
  await expect(section.getByTestId('tool-row')).toHaveCount(4 + HOSTILE.toolNames.length);
  const names = await section.locator('.tool-name').allTextContents();
  expect(names).toEqual(
    expect.arrayContaining([
      'rea\\u{200B}d_file',
      'invoice\\u{202E}txt.exe',
      'clear\\x1b[2J\\x1b[H',
      'row\\nforged  allow',
    ]),
  );
  const echoRow = policiesPage.toolRow('hostile', 'echo');
  const description = echoRow.locator('.tool-description');
  await expect(description).toContainText('Echo\\u{200B}\\u{200B}. Echo back.\\x1b[31m SAFE \\x1b[0m\\n');
  await expect(description).toHaveAttribute(
    'title',
    /^Echo back\.\\x1b\[31m SAFE \\x1b\[0m\\nclaude-desktop/,
  );
  await expectNothingRawOnPage(page);
  await page.screenshot({ path: test.info().outputPath('policies-1280.png'), fullPage: true });
  await page.setViewportSize({ width: 800, height: 600 });
  await page.screenshot({ path: test.info().outputPath('policies-800.png') });

  // A suggested policy is built from the tool names the server gave: the editor's text box shows
  // them as they are, so the page lists what it hides, and a click selects it.
  await page.getByTestId('policy-suggest').click();
  const hidden = page.getByTestId('policy-hidden-characters');
  await expect(hidden).toBeVisible();
  // JSON writes controls as escapes itself (\\u001b); a bidi control or a zero-width space it keeps raw.
  expect(await marks(hidden)).toEqual(['\\u{202E}', '\\u{200B}']);
  await hidden.getByRole('button', { name: /U\+202E right-to-left override/ }).click();
  const selected = await page.evaluate(
    "(() => { const e = document.querySelector('[data-testid=policy-editor]'); return e.value.slice(e.selectionStart, e.selectionEnd); })()",
  );
  expect(selected).toBe('\u202E');
  await page.screenshot({ path: test.info().outputPath('document-800.png') });
  await page.getByTestId('policies-tab-tools').click();

  // The approval modal: the client program that asked, the reason and the arguments.
  const held = client.callTool({ name: 'approve_me', arguments: ARGS });
  const card = approvalsPage.card({ tool: 'approve_me' });
  await expect(approvalsPage.dialog).toBeVisible();
  await expect(card.root.getByTestId('approval-client')).toHaveText(
    'claude-desktop · evil\\x1b[2J-client\\u{202E} 6.6\\n6',
  );
  await expect(card.root.getByTestId('approval-rule')).toContainText('asks\\u{200B} first');
  expect(await marks(card.args)).toEqual(['\\r', '\\x1b', '\\x07', '\\x1b', '\\x07', '\\u{202E}', '\\n']);
  await expectNothingRawOnPage(page);
  await page.screenshot({ path: test.info().outputPath('approval-800.png') });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: test.info().outputPath('approval-1280.png') });
  // An escape is named for a screen reader, and its tooltip says what it is.
  await expect(card.args.getByRole('img', { name: /U\+202E right-to-left override/ })).toHaveCount(1);
  await card.denyWith('not this');
  expect((await held).isError).toBe(true);
});
