import { expect, type Locator } from '@playwright/test';
import { Dashboard, rowSelector } from './dashboard';

export interface AuditRowFilter {
  kind?: 'call' | 'admin';
  tool?: string;
  decision?: 'allow' | 'deny' | 'approve';
  outcome?: string;
  client?: string;
  server?: string;
  id?: string;
}

export class AuditPage extends Dashboard {
  /** Log in and go to Audit. */
  async open(): Promise<void> {
    await this.login();
    await this.show();
  }

  /** Go to Audit through the nav, as a person would. */
  async show(): Promise<void> {
    await this.navLink('Audit').click();
    await expect(this.heading('Audit')).toBeVisible();
  }

  /** Rows rendered now: the table is virtualized, so these are the rows in view and a few around them. */
  rows(filter: AuditRowFilter = {}): Locator {
    return this.page.locator(rowSelector('audit-row', { ...filter }));
  }

  /** Rows that do not match `filter`: after filtering there must be none. */
  rowsOtherThan(filter: AuditRowFilter): Locator {
    return this.page.locator(`[data-testid="audit-row"]:not(${rowSelector('audit-row', { ...filter })})`);
  }

  /** An admin row (policy.saved, client.connected, …); its event name is shown in the row. */
  adminRow(event: string): Locator {
    return this.rows({ kind: 'admin' }).filter({ hasText: event });
  }

  get filters(): Locator {
    return this.page.getByRole('search', { name: 'Filter audit rows' });
  }

  /** Full-text search, applied with Enter. */
  async search(text: string): Promise<void> {
    const field = this.filters.getByLabel('Search');
    await field.fill(text);
    await field.press('Enter');
  }

  /** The menus past Search, Time and Outcome sit behind "More filters". */
  private async moreFilters(): Promise<void> {
    const toggle = this.page.getByTestId('audit-more-filters');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  }

  /** Pick a client, server or tool from the menus of what the log holds. */
  async filterBy(label: 'Client' | 'Server' | 'Tool', value: string): Promise<void> {
    await this.moreFilters();
    await this.filters.getByLabel(label, { exact: true }).selectOption({ label: value });
  }

  async filterByDecision(decision: 'allow' | 'deny' | 'approve' | ''): Promise<void> {
    await this.moreFilters();
    await this.filters.getByLabel('Decision').selectOption(decision);
  }

  /** An outcome (`rejected`) or a set (`set:denials`). */
  async filterByOutcome(choice: string): Promise<void> {
    await this.filters.getByLabel('Outcome').selectOption(choice);
  }

  async clearFilters(): Promise<void> {
    await this.filters.getByRole('button', { name: 'Clear' }).click();
  }

  /** "1,234 rows", "more than 10,000 rows match". */
  get count(): Locator {
    return this.page.getByTestId('audit-count');
  }

  /** The scrolled box of the table. */
  get table(): Locator {
    return this.page.locator('.vt-scroll');
  }

  /** Scroll to the bottom of what is loaded, again and again, until the start of the log is loaded and in view. */
  async scrollToStart(): Promise<void> {
    // Typed by shape: the node project has no DOM types.
    const toBottom = () =>
      this.table.evaluate((box: { scrollTop: number; scrollHeight: number }) => {
        box.scrollTop = box.scrollHeight;
      });
    await expect(async () => {
      await toBottom();
      await expect(this.endOfLog).toHaveCount(1, { timeout: 500 });
    }).toPass({ timeout: 30_000 });
    // The last page arrived below where the box was scrolled to.
    await toBottom();
    await expect(this.endOfLog).toBeInViewport();
  }

  get endOfLog(): Locator {
    return this.page.getByTestId('audit-end');
  }

  get empty(): Locator {
    return this.page.getByTestId('audit-empty');
  }

  get drawer(): Locator {
    return this.page.getByTestId('audit-drawer');
  }

  get detail(): Locator {
    return this.page.getByTestId('audit-detail');
  }
}
