import { expect, type Locator } from '@playwright/test';
import { Dashboard, rowSelector } from './dashboard';

export class OverviewPage extends Dashboard {
  /** Log in: the dashboard opens on the Overview. */
  async open(): Promise<void> {
    await this.login();
    await expect(this.heading('Overview')).toBeVisible();
  }

  async show(): Promise<void> {
    await this.navLink('Overview').click();
    await expect(this.heading('Overview')).toBeVisible();
  }

  /** A headline number: `calls`, `allowed`, `denied`, `asked`, `failed`. */
  figure(key: 'calls' | 'allowed' | 'denied' | 'asked' | 'failed'): Locator {
    return this.page.getByTestId(`figure-${key}`);
  }

  get chartSummary(): Locator {
    return this.page.getByTestId('chart-summary');
  }

  get topTools(): Locator {
    return this.page.getByTestId('top-tool');
  }

  server(name: string): Locator {
    return this.page.locator(rowSelector('server-latency', { server: name }));
  }

  get waitingApprovals(): Locator {
    return this.page.getByTestId('waiting-approvals');
  }

  get empty(): Locator {
    return this.page.getByTestId('overview-empty');
  }

  async chooseRange(label: 'Last hour' | 'Last 24 hours' | 'Last 7 days'): Promise<void> {
    await this.page.getByLabel('Time', { exact: true }).selectOption({ label });
  }
}
