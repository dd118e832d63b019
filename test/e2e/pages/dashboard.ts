import { expect, type Locator, type Page } from '@playwright/test';

/** Attribute filters for a row, e.g. `{ tool: 'echo', status: 'ok' }` → `[data-tool="echo"][data-status="ok"]`. */
export function rowSelector(testId: string, attributes: Record<string, string | undefined>): string {
  const filters = Object.entries(attributes)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `[data-${name}=${JSON.stringify(value)}]`)
    .join('');
  return `[data-testid="${testId}"]${filters}`;
}

/** What every page of the dashboard shares: the login, the nav, the header and the locked-out screen. */
export class Dashboard {
  readonly connection: Locator;
  readonly policyRevision: Locator;
  readonly unauthorized: Locator;

  constructor(
    readonly page: Page,
    private readonly loginUrl: string,
  ) {
    this.connection = page.getByTestId('connection-state');
    this.policyRevision = page.getByTestId('status-policy-revision');
    this.unauthorized = page.getByTestId('unauthorized');
  }

  /** Open the login link `portcullis serve` printed, and wait until events are flowing. */
  async login(): Promise<void> {
    await this.page.goto(this.loginUrl);
    await this.expectConnected();
  }

  async expectConnected(): Promise<void> {
    await expect(this.connection).toHaveAttribute('data-state', 'open');
  }

  navLink(name: 'Overview' | 'Live' | 'Audit' | 'Clients'): Locator {
    return this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  }

  heading(name: 'Overview' | 'Live' | 'Audit' | 'Clients'): Locator {
    return this.page.getByRole('heading', { level: 1, name, exact: true });
  }

  /**
   * Marks the current document, so a test can show that something changed in place: the mark is
   * gone after any reload or navigation.
   */
  // Strings, not functions: these run in the page, and the node project has no DOM types.
  async markDocument(): Promise<void> {
    await this.page.evaluate('window.portcullisE2eMark = true');
  }

  async documentIsMarked(): Promise<boolean> {
    return (await this.page.evaluate('window.portcullisE2eMark === true')) === true;
  }
}
