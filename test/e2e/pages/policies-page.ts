import { expect, type Locator } from '@playwright/test';
import { Dashboard, rowSelector } from './dashboard';

export type ToolAction = 'allow' | 'approve' | 'deny' | 'hide';
export type PoliciesTab = 'tools' | 'document' | 'history';

export class PoliciesPage extends Dashboard {
  /** Log in and go to Policies. */
  async open(): Promise<void> {
    await this.login();
    await this.show();
  }

  /** Go to Policies through the nav, as a person would. */
  async show(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Policies', exact: true })
      .click();
    await expect(this.page.getByRole('heading', { level: 1, name: 'Policies', exact: true })).toBeVisible();
  }

  async tab(name: PoliciesTab): Promise<void> {
    const tab = this.page.getByTestId(`policies-tab-${name}`);
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
  }

  // Tools

  toolRow(server: string, tool: string): Locator {
    return this.page.locator(rowSelector('tool-row', { server, tool }));
  }

  get toolsEmpty(): Locator {
    return this.page.getByTestId('tools-empty');
  }

  /** Change a tool's action with its select, and wait until the page shows the gateway deciding so. */
  async setToolAction(server: string, tool: string, action: ToolAction): Promise<void> {
    const row = this.toolRow(server, tool);
    await row.getByRole('combobox', { name: `Action for ${tool}` }).selectOption(action);
    await expect(row).toHaveAttribute('data-action', action);
    await expect(row).toHaveAttribute('data-decision', action === 'hide' ? 'hidden' : action);
  }

  /** The confirmation after a save from the tools list. */
  get toolSaved(): Locator {
    return this.page.getByTestId('tool-saved');
  }

  /** Open the rule editor of a tool; returns the editor. */
  async editRule(server: string, tool: string): Promise<Locator> {
    const row = this.toolRow(server, tool);
    await row.getByTestId('tool-edit').click();
    const editor = this.page.getByTestId('rule-editor');
    await expect(editor).toBeVisible();
    return editor;
  }

  // Document

  get editor(): Locator {
    return this.page.getByTestId('policy-editor');
  }

  get checkStatus(): Locator {
    return this.page.getByTestId('policy-check-status');
  }

  get saveButton(): Locator {
    return this.page.getByTestId('policy-save');
  }

  issue(pointer: string): Locator {
    return this.page.locator(rowSelector('policy-issue', { pointer }));
  }

  /** Replace the editor's text and wait for the gateway's verdict on it. */
  async writeDocument(text: string, expected: 'valid' | 'invalid'): Promise<void> {
    await this.editor.fill(text);
    await expect(this.checkStatus).toHaveAttribute('data-state', expected);
  }

  /** What the editor has selected (after an issue was clicked). */
  async editorSelection(): Promise<string> {
    // A string, not a function: it runs in the page, and the node project has no DOM types.
    return (await this.page.evaluate(
      `(() => { const t = document.querySelector('[data-testid="policy-editor"]'); return t.value.slice(t.selectionStart, t.selectionEnd); })()`,
    )) as string;
  }

  get saved(): Locator {
    return this.page.getByTestId('policy-saved');
  }

  // Replay

  get replay(): Locator {
    return this.page.getByTestId('replay-preview');
  }

  replayRows(filter: { tool?: string; was?: string; would?: string } = {}): Locator {
    return this.page.locator(rowSelector('replay-row', filter));
  }

  /** The preview's one line per tool (and change), with `data-count` calls. */
  replayGroups(filter: { tool?: string; server?: string; was?: string; would?: string } = {}): Locator {
    return this.page.locator(rowSelector('replay-group', filter));
  }

  // History

  revisionRow(revision: number): Locator {
    return this.page.locator(rowSelector('revision-row', { revision: String(revision) }));
  }

  async rollBackTo(revision: number): Promise<void> {
    const row = this.revisionRow(revision);
    await row.getByTestId('rollback').click();
    await expect(row.getByTestId('rollback-confirm')).toBeVisible();
    await row.getByTestId('rollback-confirm-yes').click();
    await expect(this.page.getByTestId('rollback-done')).toContainText(
      `Revision ${revision} is active again`,
    );
  }

  // Draft

  get draftStatus(): Locator {
    return this.page.getByTestId('draft-status');
  }
}
