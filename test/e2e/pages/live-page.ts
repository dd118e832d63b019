import { expect, type Locator } from '@playwright/test';
import { Dashboard, rowSelector } from './dashboard';

export interface LiveRowFilter {
  tool?: string;
  decision?: 'allow' | 'deny';
  status?: 'pending' | 'ok' | 'error' | 'denied';
  client?: string;
  server?: string;
}

export class LivePage extends Dashboard {
  /** Log in and land on Live with events flowing. */
  async open(): Promise<void> {
    await this.login();
    await this.show();
  }

  /** Go to Live through the nav, as a person would. */
  async show(): Promise<void> {
    await this.navLink('Live').click();
    await expect(this.heading('Live')).toBeVisible();
  }

  rows(filter: LiveRowFilter = {}): Locator {
    return this.page.locator(rowSelector('live-row', { ...filter }));
  }

  /** Open one call's detail beside the table and return it. Only one call is open at a time. */
  async detailOf(row: Locator): Promise<Locator> {
    await row.click();
    await expect(row.locator('[data-row-control]')).toHaveAttribute('aria-expanded', 'true');
    return this.page.getByTestId('live-detail');
  }

  /** "No tool calls yet." */
  get empty(): Locator {
    return this.page.getByTestId('live-empty');
  }

  /** "No open sessions." */
  get noSessions(): Locator {
    return this.page.getByTestId('sessions-empty');
  }

  sessions(filter: { client?: string; server?: string } = {}): Locator {
    return this.page.locator(rowSelector('session-item', filter));
  }
}
