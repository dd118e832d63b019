import { expect, type Locator, type Page } from '@playwright/test';
import { Dashboard, rowSelector } from './dashboard';

export interface ApprovalCardFilter {
  id?: string;
  tool?: string;
  server?: string;
  client?: string;
}

/** The answer buttons and fields of the card on screen (in the modal or the popup). */
export class ApprovalCard {
  readonly allowOnce: Locator;
  readonly allowSession: Locator;
  readonly allowAlways: Locator;
  readonly deny: Locator;
  readonly denyReason: Locator;
  readonly countdown: Locator;
  readonly args: Locator;
  /** What "Always allow" writes (or why it is not offered), and what the session grant covers. */
  readonly grantAlways: Locator;
  readonly grantSession: Locator;
  /** The exact entry "Always allow" writes, as JSON. */
  readonly alwaysRule: Locator;

  constructor(readonly root: Locator) {
    this.allowOnce = root.getByTestId('approval-allow-once');
    this.allowSession = root.getByTestId('approval-allow-session');
    this.allowAlways = root.getByTestId('approval-allow-always');
    this.deny = root.getByTestId('approval-deny');
    this.denyReason = root.getByTestId('approval-deny-reason');
    this.countdown = root.getByTestId('approval-countdown');
    this.args = root.getByTestId('approval-args');
    this.grantAlways = root.getByTestId('approval-grant-always');
    this.grantSession = root.getByTestId('approval-grant-session');
    this.alwaysRule = root.getByTestId('approval-always-rule');
  }

  /** Deny, with a reason typed into the field first when one is given. */
  async denyWith(reason?: string): Promise<void> {
    if (reason !== undefined) await this.denyReason.fill(reason);
    await this.deny.click();
  }
}

/**
 * The approval surfaces of the dashboard: the modal over every page with its header controls
 * (waiting count, pause, resume), and the desktop popup's route, `#/approvals-popup`, opened in
 * the same browser.
 */
export class ApprovalsPage extends Dashboard {
  readonly dialog: Locator;
  readonly queuePosition: Locator;
  readonly waiting: Locator;
  readonly error: Locator;
  readonly pausedBanner: Locator;
  readonly pauseProtection: Locator;
  readonly pauseConfirm: Locator;
  readonly resumeProtection: Locator;
  readonly popupEmpty: Locator;

  constructor(page: Page, loginUrl: string) {
    super(page, loginUrl);
    this.dialog = page.getByTestId('approval-dialog');
    this.queuePosition = page.getByTestId('approval-queue-position');
    this.waiting = page.getByTestId('approvals-waiting');
    this.error = page.getByTestId('approval-error');
    this.pausedBanner = page.getByTestId('paused-banner');
    this.pauseProtection = page.getByTestId('pause-protection');
    this.pauseConfirm = page.getByTestId('pause-confirm');
    this.resumeProtection = page.getByTestId('resume-protection');
    this.popupEmpty = page.getByTestId('approvals-popup-empty');
  }

  /** Log in and go to Live, where the modal appears over the page. */
  async open(): Promise<void> {
    await this.login();
    await this.navLink('Live').click();
    await expect(this.heading('Live')).toBeVisible();
  }

  /** Log in, then switch the same document to the desktop popup's route. */
  async openPopup(): Promise<void> {
    await this.login();
    await this.page.evaluate("window.location.hash = '#/approvals-popup'");
    await expect(this.page.getByTestId('approvals-popup')).toBeVisible();
  }

  /** The card on screen, if it matches. */
  card(filter: ApprovalCardFilter = {}): ApprovalCard {
    return new ApprovalCard(this.page.locator(rowSelector('approval-card', { ...filter })));
  }

  /** Every answer the page sent to the gateway, in order, as the API received it. */
  recordAnswers(): unknown[] {
    const answers: unknown[] = [];
    this.page.on('request', (request) => {
      if (request.url().endsWith('/api/approvals:answer')) answers.push(request.postDataJSON());
    });
    return answers;
  }

  /** Pause from the header: the control, then its confirmation. */
  async pause(): Promise<void> {
    await this.pauseProtection.click();
    await expect(this.pauseConfirm).toBeVisible();
    await this.page.getByTestId('pause-protection-confirm').click();
    await expect(this.pausedBanner).toBeVisible();
  }

  /** Rows of the Live page, including calls that were asked about (`decision: 'approve'`). */
  liveRows(filter: { tool?: string; decision?: 'allow' | 'deny' | 'approve'; status?: string }): Locator {
    return this.page.locator(rowSelector('live-row', { ...filter }));
  }
}
