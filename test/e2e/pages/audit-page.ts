import { expect, type Locator } from '@playwright/test';
import { Dashboard, rowSelector } from './dashboard';

export interface AuditRowFilter {
  kind?: 'call' | 'admin';
  tool?: string;
  decision?: 'allow' | 'deny';
  client?: string;
  server?: string;
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

  private get filters(): Locator {
    return this.page.getByRole('search', { name: 'Filter audit rows' });
  }

  /** Type into a text filter and apply it with Enter. */
  async filterBy(label: 'Client' | 'Server' | 'Tool', value: string): Promise<void> {
    const field = this.filters.getByLabel(label);
    await field.fill(value);
    await field.press('Enter');
  }

  /** The decision menu applies as soon as it changes. */
  async filterByDecision(decision: 'allow' | 'deny' | ''): Promise<void> {
    await this.filters.getByLabel('Decision').selectOption(decision);
  }

  async clearFilters(): Promise<void> {
    await this.filters.getByRole('button', { name: 'Clear' }).click();
  }

  get loadOlder(): Locator {
    return this.page.getByTestId('audit-load-older');
  }

  get endOfLog(): Locator {
    return this.page.getByTestId('audit-end');
  }

  get empty(): Locator {
    return this.page.getByTestId('audit-empty');
  }
}
