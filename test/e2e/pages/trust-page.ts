import { expect, type Locator } from '@playwright/test';
import { Dashboard, rowSelector } from './dashboard';

export class TrustPage extends Dashboard {
  /** Log in and go to Trust through the nav, as a person would. */
  async open(): Promise<void> {
    await this.login();
    await this.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Trust', exact: true })
      .click();
    await expect(this.page.getByRole('heading', { level: 1, name: 'Trust', exact: true })).toBeVisible();
  }

  get summary(): Locator {
    return this.page.getByTestId('trust-summary');
  }

  /** The header's "N to review" link. */
  get indicator(): Locator {
    return this.page.getByTestId('trust-indicator');
  }

  tool(server: string, tool: string, state?: string): Locator {
    return this.page.locator(rowSelector('trust-tool', { server, tool, state }));
  }

  server(name: string, state?: string): Locator {
    return this.page.locator(rowSelector('trust-server', { server: name, state }));
  }

  showAllTools(): Promise<void> {
    return this.page.getByRole('radio', { name: /^All/ }).check();
  }
}
