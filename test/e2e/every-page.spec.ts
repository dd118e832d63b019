import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Page } from '@playwright/test';
import { routes } from '../../renderer/src/app/routes';
import { everythingEntry, writeClaudeDesktopConfig, writePolicyFile } from '../helpers/claude-desktop';
import { runCli, type World } from '../helpers/world';
import { expect, test, type McpClients } from './fixtures';

/**
 * Every page of the dashboard, as a person meets it: at 1280×800 and 800×600, in the light and the
 * dark theme, with realistic data (tools seen, calls made, some denied, one waiting for approval).
 * The pages come from the app's own route list, so a page added later is checked without touching
 * this file. For each: axe-core finds no serious or critical violation, nothing makes the page
 * scroll sideways, no table header is cut, and a screenshot is kept for a person to look at.
 */

const sizes = [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
] as const;
const themes = ['light', 'dark'] as const;

const screensDir = join('test-results', 'screens');

// The held call waits while every page is visited: longer than the default two minutes.
test.use({ approvalTimeoutSeconds: 900 });

async function seed(world: World, claudeDesktop: McpClients): Promise<Client> {
  writeClaudeDesktopConfig(world, { everything: everythingEntry() });
  const connect = await runCli(world, ['connect', 'claude-desktop']);
  expect(connect.code, connect.stderr).toBe(0);
  const policy = writePolicyFile(world, 'policy.json', {
    version: '1',
    default: 'allow',
    tools: {
      echo: {
        reason: 'Echo is rationed',
        limits: [{ window: 'minute', max: 30, scope: 'grant', on_exceed: 'deny' }],
        deny_if: { message: { prefix: 'secret' } },
      },
      'get-sum': { action: 'approve', reason: 'Sums need a person' },
      'trigger-long-running-operation': { action: 'deny', reason: 'No long jobs' },
    },
  });
  const imported = await runCli(world, ['policy', 'import', policy]);
  expect(imported.code, imported.stderr).toBe(0);
  const everything = await claudeDesktop.connect('everything');
  await everything.listTools();
  await everything.callTool({ name: 'echo', arguments: { message: 'hello' } });
  await everything.callTool({ name: 'echo', arguments: { message: 'secret plans' } });
  await everything.callTool({ name: 'trigger-long-running-operation', arguments: { duration: 1, steps: 1 } });
  return everything;
}

/** Waits until the page has its data: a heading, and nothing still loading. */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('h1').first()).toBeAttached();
  await expect(page.locator('body')).not.toContainText(/Loading|Contacting the gateway/);
}

interface Finding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

async function audit(page: Page, label: string): Promise<Finding[]> {
  const started = Date.now();
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const findings = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
  }));
  const serious = findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
  console.log(
    `axe ${label} (${Date.now() - started} ms): ${results.passes.length} rules pass, ${findings.length} violation(s)` +
      (findings.length ? `: ${findings.map((f) => `${f.id} (${f.impact})`).join(', ')}` : ''),
  );
  return serious;
}

/** Whatever makes the page itself scroll sideways, and table headers cut short. */
async function clipping(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const problems = [];
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth + 1) {
      // Name the outermost element that sticks out, to say where to look.
      const wide = [...document.body.querySelectorAll('*')].find(
        (e) => e.getBoundingClientRect().right > window.innerWidth + 1,
      );
      const where = wide ? wide.tagName.toLowerCase() + '.' + [...wide.classList].join('.') : 'unknown';
      problems.push('the page scrolls sideways: ' + root.scrollWidth + ' px wide in ' + window.innerWidth + ', at ' + where);
    }
    for (const th of document.querySelectorAll('th')) {
      if (th.scrollWidth > th.clientWidth + 1) problems.push('header "' + th.textContent + '" is cut');
    }
    return problems;
  })()`)) as string[];
}

async function look(page: Page, name: string): Promise<void> {
  mkdirSync(screensDir, { recursive: true });
  await page.screenshot({ path: join(screensDir, `${name}.png`), fullPage: false });
}

async function tabsOf(page: Page) {
  const tabs = await page.getByRole('tab').all();
  return Promise.all(
    tabs.map(async (tab) => ({
      tab,
      name: (await tab.innerText()).trim().toLowerCase().replace(/\W+/g, '-'),
    })),
  );
}

/** Views a page has beyond its tabs, worth checking too: open them from the page as it loads. */
const extraViews: Record<string, { name: string; show: (page: Page) => Promise<void> }[]> = {
  policies: [
    {
      name: 'rule-editor',
      show: async (page) => {
        await page.getByTestId('policies-tab-tools').click();
        const row = page.locator('[data-testid="tool-row"][data-tool="echo"]');
        await row.getByTestId('tool-edit').click();
        await expect(page.getByTestId('rule-editor')).toBeVisible();
        await page.getByTestId('rule-narrower').click();
        await expect(page.getByTestId('rule-scope')).toBeVisible();
      },
    },
  ],
};

async function setTheme(page: Page, theme: (typeof themes)[number]): Promise<void> {
  await page.evaluate(`localStorage.setItem('portcullis.theme', ${JSON.stringify(theme)})`);
}

test('every page passes axe, keeps its tables whole and fits at 1280×800 and 800×600, light and dark', async ({
  world,
  claudeDesktop,
  approvalsPage,
}) => {
  test.setTimeout(240_000);
  const everything = await seed(world, claudeDesktop);
  const page = approvalsPage.page;
  await approvalsPage.open();

  // A call waits for approval: the modal opens over every page.
  const held = everything.callTool({ name: 'get-sum', arguments: { a: 1, b: 2 } }, undefined, {
    timeout: 900_000,
  });
  await expect(approvalsPage.dialog).toBeVisible();

  const failures: string[] = [];
  for (const size of sizes) {
    await page.setViewportSize(size);
    for (const theme of themes) {
      await setTheme(page, theme);
      const label = `${size.width}x${size.height}-${theme}`;
      await page.evaluate(`window.location.hash = '#/live'`);
      await page.reload();
      await expect(approvalsPage.dialog).toBeVisible();
      await settled(page);
      const card = approvalsPage.card({ tool: 'get-sum' });
      for (const button of [card.allowOnce, card.allowSession, card.allowAlways, card.deny]) {
        await expect(button).toBeInViewport({ ratio: 1 });
      }
      await look(page, `modal-${label}`);
      for (const f of await audit(page, `modal ${label}`))
        failures.push(`modal ${label}: ${JSON.stringify(f)}`);

      await page.getByTestId('approval-later').click();
      await expect(approvalsPage.dialog).toHaveCount(0);
      for (const route of routes) {
        await page.evaluate(`window.location.hash = ${JSON.stringify(route.hash)}`);
        await settled(page);
        // Each view of the page: as it opens, each of its tabs, and any state listed for it below.
        const views: { name: string; show: () => Promise<void> }[] = [
          { name: route.id, show: async () => {} },
          ...(await tabsOf(page)).slice(1).map(({ tab, name }) => ({
            name: `${route.id}-${name}`,
            show: async () => {
              await tab.click();
              await settled(page);
            },
          })),
          ...(extraViews[route.id] ?? []).map((view) => ({
            name: `${route.id}-${view.name}`,
            show: () => view.show(page),
          })),
        ];
        for (const view of views) {
          await view.show();
          await look(page, `${view.name}-${label}`);
          for (const f of await audit(page, `${view.name} ${label}`))
            failures.push(`${view.name} ${label}: ${JSON.stringify(f)}`);
          for (const problem of await clipping(page)) failures.push(`${view.name} ${label}: ${problem}`);
        }
      }
    }
  }
  expect(failures).toEqual([]);

  // The popup route replaced the dashboard, so back on Live the modal is there again.
  await page.evaluate(`window.location.hash = '#/live'`);
  await expect(approvalsPage.dialog).toBeVisible();
  await approvalsPage.card({ tool: 'get-sum' }).denyWith('checked by the accessibility test');
  expect((await held).isError).toBe(true);
});
