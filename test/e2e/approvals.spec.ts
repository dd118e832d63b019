import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Approval } from '../../shared/approvals';
import type { PolicyDocument } from '../../shared/policy';
import { everythingEntry, writeClaudeDesktopConfig, writePolicyFile } from '../helpers/claude-desktop';
import { runCli, type World } from '../helpers/world';
import { expect, test, type McpClients } from './fixtures';
import type { ApprovalsPage } from './pages/approvals-page';

/**
 * Approvals answered in the dashboard, through a real gateway: Claude Desktop's server-everything
 * connected through Portcullis, a policy that sends `get-sum` for approval, and an SDK client whose
 * calls wait in the gateway until the person answers in the browser (or the deadline passes).
 */

const RULE_REASON = 'Sums need a person';

type CallResult = Awaited<ReturnType<Client['callTool']>>;

async function connectWithApprovals(
  world: World,
  claudeDesktop: McpClients,
  document: PolicyDocument = {
    version: '1',
    default: 'allow',
    tools: { 'get-sum': { action: 'approve', reason: RULE_REASON } },
  },
): Promise<Client> {
  writeClaudeDesktopConfig(world, { everything: everythingEntry() });
  const connect = await runCli(world, ['connect', 'claude-desktop']);
  expect(connect.code, connect.stderr).toBe(0);
  const policy = writePolicyFile(world, 'approve-sums.json', document);
  const imported = await runCli(world, ['policy', 'import', policy]);
  expect(imported.code, imported.stderr).toBe(0);
  return claudeDesktop.connect('everything');
}

/** What `npx portcullis approvals --json` reports as waiting. */
async function waitingInCli(world: World): Promise<Approval[]> {
  const listed = await runCli(world, ['approvals', '--json']);
  expect(listed.code, listed.stderr).toBe(0);
  return JSON.parse(listed.stdout) as Approval[];
}

/** Start a call and wait until the gateway lists it as waiting; returns it and the approval. */
async function holdCall(world: World, client: Client, args: { a: number; b: number }) {
  const before = new Set((await waitingInCli(world)).map((approval) => approval.id));
  let settled = false;
  const result = client.callTool({ name: 'get-sum', arguments: args });
  void result.then(
    () => (settled = true),
    () => (settled = true),
  );
  let approval: Approval | undefined;
  await expect
    .poll(async () => {
      approval = (await waitingInCli(world)).find((a) => !before.has(a.id) && a.tool === 'get-sum');
      return approval?.args;
    })
    .toBe(JSON.stringify(args));
  return { result, approval: approval!, settled: () => settled };
}

function text(result: CallResult): string {
  const [first] = result.content as { type: string; text?: string }[];
  return first?.text ?? '';
}

async function expectNothingWaiting(world: World, approvalsPage: ApprovalsPage): Promise<void> {
  await expect(approvalsPage.dialog).toHaveCount(0);
  await expect(approvalsPage.waiting).toHaveCount(0);
  expect(await waitingInCli(world)).toEqual([]);
}

test('a held call is listed by the CLI and shown in the modal; allow once, deny with a reason, always allow', async ({
  world,
  claudeDesktop,
  approvalsPage,
}) => {
  const everything = await connectWithApprovals(world, claudeDesktop);
  await approvalsPage.open();
  await approvalsPage.markDocument();
  const { page } = approvalsPage;

  // Held: the CLI lists it, and the client has no answer.
  const first = await holdCall(world, everything, { a: 2, b: 40 });
  expect(first.approval).toMatchObject({
    client: 'claude-desktop',
    server: 'everything',
    tool: 'get-sum',
    rule: 'tools.get-sum',
    reason: RULE_REASON,
  });
  expect(first.settled(), 'the call waits for the person').toBe(false);

  await expect(approvalsPage.dialog).toBeVisible();
  await expect(approvalsPage.dialog).toHaveAttribute('role', 'dialog');
  await expect(approvalsPage.dialog).toHaveAttribute('aria-modal', 'true');
  const card = approvalsPage.card({
    id: first.approval.id,
    tool: 'get-sum',
    server: 'everything',
    client: 'claude-desktop',
  });
  await expect(card.root).toBeVisible();
  await expect(card.root).toContainText('tools.get-sum');
  await expect(card.root).toContainText(RULE_REASON);
  await expect(card.root.getByTestId('risk-badge')).toBeVisible();
  await expect(card.args).toContainText('"a": 2');
  await expect(card.args).toContainText('"b": 40');
  await expect(card.countdown).toContainText('Denied automatically in');
  await expect(card.countdown).toHaveAttribute('data-urgent', 'false');
  await expect(approvalsPage.queuePosition).toHaveText('1 of 1');
  await expect(approvalsPage.waiting).toHaveText('1 waiting');
  // The page behind the modal cannot be used meanwhile.
  await expect(page.locator('.shell')).toHaveAttribute('inert', '');
  expect(first.settled()).toBe(false);

  await card.allowOnce.click();
  const allowed = await first.result;
  expect(allowed.isError).toBeFalsy();
  expect(text(allowed)).toContain('42');
  await expectNothingWaiting(world, approvalsPage);

  // Denied with a reason: the agent reads the reason in the tool error.
  const second = await holdCall(world, everything, { a: 1, b: 1 });
  await approvalsPage.card({ id: second.approval.id }).denyWith('not now, please');
  const denied = await second.result;
  expect(denied.isError).toBe(true);
  expect(text(denied)).toContain('not now, please');
  await expectNothingWaiting(world, approvalsPage);

  // Always allow: a rule is written, and the next identical call is not asked about at all.
  const fourth = await holdCall(world, everything, { a: 3, b: 4 });
  const always = approvalsPage.card({ id: fourth.approval.id });
  await expect(always.grantAlways).toContainText(
    'Writes a new policy revision with this entry at clients.claude-desktop.servers.everything.tools.get-sum:',
  );
  await always.allowAlways.click();
  expect(text(await fourth.result)).toContain('7');
  await expect(approvalsPage.dialog).toHaveCount(0);

  const again = await everything.callTool({ name: 'get-sum', arguments: { a: 3, b: 4 } });
  expect(text(again)).toContain('7');
  // The gateway decided it by policy (allow), not by asking: the modal had nothing to show.
  await expect(approvalsPage.liveRows({ tool: 'get-sum', decision: 'allow', status: 'ok' })).toHaveCount(1);
  await expect(approvalsPage.liveRows({ tool: 'get-sum', decision: 'approve' })).toHaveCount(3);
  await expectNothingWaiting(world, approvalsPage);
  const revisions = await runCli(world, ['policy', 'revisions']);
  expect(revisions.stdout).toContain('always allow claude-desktop/everything/get-sum');

  expect(await approvalsPage.documentIsMarked(), 'all of it arrived without a reload').toBe(true);
});

test('a call the person denies reads "denied by the person", with their reason, on Live and in Audit', async ({
  world,
  claudeDesktop,
  approvalsPage,
  livePage,
  auditPage,
}) => {
  const everything = await connectWithApprovals(world, claudeDesktop);
  await approvalsPage.open();
  const held = await holdCall(world, everything, { a: 6, b: 7 });
  await approvalsPage.card({ id: held.approval.id }).denyWith('not on a Friday');
  expect((await held.result).isError).toBe(true);

  await livePage.show();
  const live = livePage.rows({ tool: 'get-sum', status: 'denied' });
  await expect(live).toContainText('denied by the person');

  await auditPage.show();
  const row = auditPage.rows({ kind: 'call', tool: 'get-sum' });
  await row.click();
  await expect(auditPage.page.getByTestId('audit-detail')).toContainText(
    'denied by the person (from the dashboard): not on a Friday',
  );
  await expect(auditPage.adminRow('approval.answered')).toHaveCount(1);
});

test('the card shows the exact rule "Always allow" writes, and the new revision holds exactly that', async ({
  world,
  claudeDesktop,
  approvalsPage,
}) => {
  // Sums with a small first number ask, under a limit; a deny for negative numbers decides first;
  // anything else asks by default.
  const everything = await connectWithApprovals(world, claudeDesktop, {
    version: '1',
    default: 'approve',
    tools: {
      'get-sum': {
        action: 'approve',
        reason: RULE_REASON,
        when: { a: { lt: 10 } },
        limits: [{ window: 'minute', max: 5, scope: 'grant', on_exceed: 'deny' }],
      },
    },
    servers: {
      everything: { tools: { 'get-*': { action: 'deny', reason: 'no negatives', when: { a: { lt: 0 } } } } },
    },
  });
  await approvalsPage.open();

  const held = await holdCall(world, everything, { a: 2, b: 3 });
  const card = approvalsPage.card({ id: held.approval.id });
  await expect(card.grantAlways).toContainText(
    'Writes a new policy revision with this entry at clients.claude-desktop.servers.everything.tools.get-sum:',
  );
  await expect(card.grantAlways).toContainText(
    'servers.everything.tools.get-* decides some get-sum calls before tools.get-sum: copied ahead of the new rule, it still does.',
  );
  await expect(card.grantSession).toContainText(
    'Calls to get-sum in this session that tools.get-sum sends for approval (arguments matching {"a":{"lt":10}})',
  );
  // Exactly the entry the gateway planned, on screen before the click.
  const shownText = (await card.alwaysRule.textContent()) ?? '';
  const shown = JSON.parse(shownText) as unknown[];
  expect(shown).toEqual([
    { action: 'deny', reason: 'no negatives', when: { a: { lt: 0 } } },
    {
      action: 'allow',
      reason:
        'always allowed from an approval on ' +
        new Date(held.approval.requestedAt).toISOString().slice(0, 10) +
        ', where tools.get-sum asked',
      when: { a: { lt: 10 } },
      limits: [
        { counter: 'tools.get-sum.limits[0]', window: 'minute', max: 5, scope: 'grant', on_exceed: 'deny' },
      ],
    },
  ]);

  await card.allowAlways.click();
  expect(text(await held.result)).toContain('5');
  await expect(approvalsPage.dialog).toHaveCount(0);

  const exported = await runCli(world, ['policy', 'export']);
  expect(exported.code, exported.stderr).toBe(0);
  const written = JSON.parse(exported.stdout) as PolicyDocument;
  expect(written.clients).toEqual({
    'claude-desktop': { servers: { everything: { tools: { 'get-sum': shown } } } },
  });
  // Byte for byte, key order included: the card shows the entry one rule a line.
  const entry = written.clients?.['claude-desktop']?.servers?.everything?.tools?.['get-sum'] as unknown[];
  expect(`[\n${entry.map((rule) => `  ${JSON.stringify(rule)}`).join(',\n')}\n]`).toBe(shownText);
  // Asked no more for the same rule's calls; still denied where the deny decided; still asked for big ones.
  expect(text(await everything.callTool({ name: 'get-sum', arguments: { a: 3, b: 3 } }))).toContain('6');
  expect(text(await everything.callTool({ name: 'get-sum', arguments: { a: -1, b: 3 } }))).toContain(
    'no negatives',
  );
  const big = await holdCall(world, everything, { a: 50, b: 1 });
  expect(big.approval.rule).toBe('default');
  await approvalsPage.card({ id: big.approval.id }).denyWith();
  expect((await big.result).isError).toBe(true);
});

test('a call a rate limit sent for approval offers only "Allow once", and says why', async ({
  world,
  claudeDesktop,
  approvalsPage,
}) => {
  const everything = await connectWithApprovals(world, claudeDesktop, {
    version: '1',
    default: 'allow',
    tools: { 'get-sum': { limits: [{ window: 'minute', max: 1, scope: 'grant', on_exceed: 'approve' }] } },
  });
  expect(text(await everything.callTool({ name: 'get-sum', arguments: { a: 1, b: 1 } }))).toContain('2');
  await approvalsPage.open();
  const held = await holdCall(world, everything, { a: 2, b: 2 });
  const card = approvalsPage.card({ id: held.approval.id });
  await expect(card.allowOnce).toBeEnabled();
  await expect(card.allowSession).toBeDisabled();
  await expect(card.allowAlways).toBeDisabled();
  await expect(card.grantAlways).toContainText(
    'Not offered: A rate limit sent this call for approval (at most 1 call a minute per client): the rule for get-sum allows it, and the limit stays.',
  );
  await card.allowOnce.click();
  expect(text(await held.result)).toContain('4');
});

test.describe('with a 5 s deadline', () => {
  test.use({ approvalTimeoutSeconds: 5 });

  test('a call nobody answers is denied at the deadline and leaves the modal', async ({
    world,
    claudeDesktop,
    approvalsPage,
  }) => {
    const everything = await connectWithApprovals(world, claudeDesktop);
    await approvalsPage.open();

    const call = await holdCall(world, everything, { a: 5, b: 5 });
    expect(call.approval.deadline - call.approval.requestedAt).toBe(5000);
    const card = approvalsPage.card({ id: call.approval.id });
    await expect(card.root).toBeVisible();
    // Under 15 s left from the start: urgent at once.
    await expect(card.countdown).toHaveAttribute('data-urgent', 'true');

    const result = await call.result;
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('not approved in time');
    await expect(approvalsPage.dialog).toHaveCount(0);
    await expectNothingWaiting(world, approvalsPage);
  });
});

test('Enter never allows (not on the dialog, not on a focused allow button); Escape and Enter in the reason deny', async ({
  world,
  claudeDesktop,
  approvalsPage,
}) => {
  const everything = await connectWithApprovals(world, claudeDesktop);
  await approvalsPage.open();
  const { page } = approvalsPage;
  const answers = approvalsPage.recordAnswers();

  const first = await holdCall(world, everything, { a: 1, b: 2 });
  const card = approvalsPage.card({ id: first.approval.id });
  await expect(card.root).toBeVisible();
  // The dialog itself has the focus, not an answer.
  await expect(approvalsPage.dialog).toBeFocused();
  await page.keyboard.press('Enter');

  // Even with an allow button focused on purpose, Enter does nothing.
  await expect(card.allowOnce).toBeEnabled();
  await card.allowOnce.focus();
  await expect(card.allowOnce).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(card.allowOnce).toBeFocused();

  // Enter in the reason field submits the deny, with the reason.
  await card.denyReason.fill('checked by keyboard');
  await card.denyReason.press('Enter');
  const denied = await first.result;
  expect(denied.isError).toBe(true);
  expect(text(denied)).toContain('checked by keyboard');
  // The page sent one answer in all, and it was that deny: neither Enter sent anything.
  expect(answers).toEqual([{ id: first.approval.id, decision: 'deny', reason: 'checked by keyboard' }]);
  await expect(approvalsPage.dialog).toHaveCount(0);

  // Escape denies.
  const second = await holdCall(world, everything, { a: 2, b: 3 });
  await expect(approvalsPage.card({ id: second.approval.id }).root).toBeVisible();
  await page.keyboard.press('Escape');
  const escaped = await second.result;
  expect(escaped.isError).toBe(true);
  expect(text(escaped)).toContain('denied by the person');
  await expect(approvalsPage.dialog).toHaveCount(0);

  // The keyboard way to allow: move to the button on purpose, then Space.
  const third = await holdCall(world, everything, { a: 3, b: 4 });
  const spaced = approvalsPage.card({ id: third.approval.id });
  await expect(spaced.allowOnce).toBeEnabled();
  await spaced.allowOnce.focus();
  await page.keyboard.press(' ');
  expect(text(await third.result)).toContain('7');
  expect(answers).toHaveLength(3);
  expect(answers[1]).toEqual({ id: second.approval.id, decision: 'deny' });
  expect(answers[2]).toEqual({ id: third.approval.id, decision: 'allow', scope: 'once' });
  await expectNothingWaiting(world, approvalsPage);
});

test('several waiting calls queue oldest first; answering one shows the next; "Decide later" and back', async ({
  world,
  claudeDesktop,
  approvalsPage,
}) => {
  const everything = await connectWithApprovals(world, claudeDesktop);
  await approvalsPage.open();

  const calls = [];
  for (const a of [1, 2, 3]) calls.push(await holdCall(world, everything, { a, b: 10 }));
  const [one, two, three] = calls as [(typeof calls)[0], (typeof calls)[0], (typeof calls)[0]];
  await expect(approvalsPage.queuePosition).toHaveText('1 of 3');
  await expect(approvalsPage.waiting).toHaveText('3 waiting');
  await expect(approvalsPage.card({ id: one.approval.id }).root).toBeVisible();

  await approvalsPage.page.getByTestId('approval-queue-next').click();
  await expect(approvalsPage.queuePosition).toHaveText('2 of 3');
  await expect(approvalsPage.card({ id: two.approval.id }).args).toContainText('"a": 2');
  await approvalsPage.page.getByTestId('approval-queue-prev').click();
  await expect(approvalsPage.queuePosition).toHaveText('1 of 3');

  // Out of the way for a while: the header still counts them, and brings the modal back.
  await approvalsPage.page.getByTestId('approval-later').click();
  await expect(approvalsPage.dialog).toHaveCount(0);
  await expect(approvalsPage.waiting).toHaveText('3 waiting');
  await approvalsPage.waiting.click();
  await expect(approvalsPage.queuePosition).toHaveText('1 of 3');

  await approvalsPage.card({ id: one.approval.id }).allowOnce.click();
  expect(text(await one.result)).toContain('11');
  await expect(approvalsPage.queuePosition).toHaveText('1 of 2');
  await approvalsPage.card({ id: two.approval.id }).denyWith();
  expect((await two.result).isError).toBe(true);
  await expect(approvalsPage.queuePosition).toHaveText('1 of 1');
  await approvalsPage.card({ id: three.approval.id }).allowOnce.click();
  expect(text(await three.result)).toContain('13');
  await expectNothingWaiting(world, approvalsPage);
});

test('an answer the gateway refuses shows its message, and the queue moves on', async ({
  world,
  claudeDesktop,
  approvalsPage,
}) => {
  const everything = await connectWithApprovals(world, claudeDesktop);
  await approvalsPage.open();
  const { page } = approvalsPage;

  const first = await holdCall(world, everything, { a: 1, b: 1 });
  const second = await holdCall(world, everything, { a: 2, b: 2 });
  await expect(approvalsPage.queuePosition).toHaveText('1 of 2');

  // The first is answered from the terminal just before the browser's answer reaches the gateway.
  await page.route(
    '**/api/approvals:answer',
    async (route) => {
      const denied = await runCli(world, ['approvals', 'deny', first.approval.id]);
      expect(denied.code, denied.stderr).toBe(0);
      await route.continue();
    },
    { times: 1 },
  );
  await approvalsPage.card({ id: first.approval.id }).allowOnce.click();
  await expect(approvalsPage.error).toContainText('did not go through');
  await expect(approvalsPage.error).toContainText(
    `No call is waiting for approval with id ${first.approval.id}`,
  );
  expect((await first.result).isError).toBe(true);

  await expect(approvalsPage.queuePosition).toHaveText('1 of 1');
  await approvalsPage.card({ id: second.approval.id }).allowOnce.click();
  expect(text(await second.result)).toContain('4');
  await expectNothingWaiting(world, approvalsPage);
});

test('pausing from the header lets an approve-rule call through under a banner; resuming asks again', async ({
  world,
  claudeDesktop,
  approvalsPage,
}) => {
  const everything = await connectWithApprovals(world, claudeDesktop);
  await approvalsPage.open();

  await approvalsPage.pauseProtection.click();
  await expect(approvalsPage.pauseConfirm).toContainText('unchecked');
  await expect(approvalsPage.pauseConfirm).toContainText('still recorded in the audit log');
  await expect(approvalsPage.pauseProtection).toHaveText('Pause for 15 minutes…');
  await approvalsPage.page.getByTestId('pause-protection-confirm').click();
  await expect(approvalsPage.pausedBanner).toBeVisible();
  await expect(approvalsPage.pausedBanner).toContainText('Protection is paused until');
  await expect(approvalsPage.pauseProtection).toHaveCount(0);
  const status = JSON.parse((await runCli(world, ['status', '--json'])).stdout) as { pausedUntil: number };
  expect(status.pausedUntil).toBeGreaterThan(Date.now());

  const through = await everything.callTool({ name: 'get-sum', arguments: { a: 20, b: 22 } });
  expect(text(through)).toContain('42');
  await expect(approvalsPage.liveRows({ tool: 'get-sum', decision: 'allow', status: 'ok' })).toHaveCount(1);
  await expect(approvalsPage.dialog).toHaveCount(0);

  await approvalsPage.resumeProtection.click();
  await expect(approvalsPage.pausedBanner).toHaveCount(0);
  await expect(approvalsPage.pauseProtection).toBeVisible();

  const held = await holdCall(world, everything, { a: 1, b: 2 });
  await expect(approvalsPage.card({ id: held.approval.id }).root).toBeVisible();
  await approvalsPage.card({ id: held.approval.id }).denyWith('paused no more');
  expect(text(await held.result)).toContain('paused no more');
});

test('the popup route shows the same card, compact, and answers through the same API', async ({
  world,
  claudeDesktop,
  approvalsPage,
}) => {
  const everything = await connectWithApprovals(world, claudeDesktop);
  await approvalsPage.openPopup();
  const { page } = approvalsPage;
  await expect(approvalsPage.popupEmpty).toHaveText('Nothing is waiting.');
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expect(approvalsPage.connection).toHaveCount(0);

  const call = await holdCall(world, everything, { a: 6, b: 7 });
  const card = approvalsPage.card({ id: call.approval.id, tool: 'get-sum', client: 'claude-desktop' });
  await expect(card.root).toBeVisible();
  await expect(approvalsPage.dialog).toHaveCount(0);
  await expect(approvalsPage.queuePosition).toHaveText('1 of 1');
  await card.allowOnce.click();
  expect(text(await call.result)).toContain('13');
  await expect(approvalsPage.popupEmpty).toBeVisible();
});
