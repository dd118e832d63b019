import { expect, type Locator } from '@playwright/test';
import { Dashboard, rowSelector } from './dashboard';

export class ClientsPage extends Dashboard {
  /** Log in and go to Clients through the nav, as a person would. */
  async open(): Promise<void> {
    await this.login();
    await this.navLink('Clients').click();
    await expect(this.heading('Clients')).toBeVisible();
  }

  card(client: string): Locator {
    return this.page.locator(rowSelector('client-card', { client }));
  }

  server(client: string, server: string): Locator {
    return this.card(client).locator(rowSelector('server-row', { server }));
  }

  attention(server?: string): Locator {
    return this.page.locator(rowSelector('attention-item', { server }));
  }

  get dialog(): Locator {
    return this.page.getByTestId('change-dialog');
  }

  /** Confirm the open preview and wait until the change is reported done. */
  async confirm(): Promise<void> {
    await this.dialog.getByTestId('change-confirm').click();
    await expect(this.dialog.getByTestId('change-done').first()).toBeVisible();
  }

  async closeDialog(): Promise<void> {
    await this.dialog.getByTestId('change-close').click();
    await expect(this.dialog).toHaveCount(0);
  }
}
