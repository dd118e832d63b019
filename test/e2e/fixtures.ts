import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import {
  connectEntry,
  createWorld,
  readEntries,
  startGateway,
  type RunningGateway,
  type World,
} from '../helpers/world';
import { seedAudit, type SeedOptions } from '../helpers/seed-audit';
import { ApprovalsPage } from './pages/approvals-page';
import { AuditPage } from './pages/audit-page';
import { ClientsPage } from './pages/clients-page';
import { LivePage } from './pages/live-page';
import { OverviewPage } from './pages/overview-page';
import { PoliciesPage } from './pages/policies-page';

/** MCP clients that run entries from the world's Claude Desktop config; all closed after the test. */
export interface McpClients {
  /**
   * Start the named server the way Claude Desktop would: exactly as its config entry says. The
   * client program names itself `clientInfo` in initialize (a test may make it hostile).
   */
  connect(
    server: string,
    capabilities?: ClientCapabilities,
    clientInfo?: { name: string; version: string },
  ): Promise<Client>;
}

interface Fixtures {
  /** A fresh home folder and Portcullis data folder for this test only. */
  world: World;
  /** `portcullis serve` on a free port, for this test's world; stopped after the test. */
  gateway: RunningGateway;
  claudeDesktop: McpClients;
  livePage: LivePage;
  auditPage: AuditPage;
  overviewPage: OverviewPage;
  policiesPage: PoliciesPage;
  approvalsPage: ApprovalsPage;
  clientsPage: ClientsPage;
  /** Fails the test if the dashboard throws an uncaught error in the page. */
  pageErrors: void;
}

interface Options {
  /**
   * How long a call may wait for approval (the setting, at least 5). Written to the data folder's
   * settings.json before the gateway starts; unset leaves the default of 120 s.
   */
  approvalTimeoutSeconds: number | undefined;
  /**
   * Audit rows written into the data folder's database, through the store's own writer, before the
   * gateway starts (a big log in seconds). The newest row is written as of the test's start.
   */
  seededAudit: Omit<SeedOptions, 'now'> | undefined;
}

export const test = base.extend<Fixtures & Options>({
  approvalTimeoutSeconds: [undefined, { option: true }],
  seededAudit: [undefined, { option: true }],

  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern.
  world: async ({}, use) => {
    const world = createWorld();
    await use(world);
    world.cleanup();
  },

  gateway: async ({ world, approvalTimeoutSeconds, seededAudit }, use, testInfo) => {
    if (seededAudit !== undefined) seedAudit(world.dataDir, { ...seededAudit, now: Date.now() });
    if (approvalTimeoutSeconds !== undefined) {
      mkdirSync(world.dataDir, { recursive: true });
      writeFileSync(join(world.dataDir, 'settings.json'), JSON.stringify({ approvalTimeoutSeconds }));
    }
    const gateway = await startGateway(world);
    await use(gateway);
    await gateway.stop();
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('gateway output', { body: gateway.output(), contentType: 'text/plain' });
    }
  },

  // Depends on the gateway so that clients hang up before it stops.
  claudeDesktop: async ({ world, gateway: _gateway }, use, testInfo) => {
    const open: { client: Client; stderr: () => string; server: string }[] = [];
    await use({
      async connect(server, capabilities, clientInfo) {
        const entry = readEntries(world.claudeConfigPath)[server];
        if (!entry) throw new Error(`No server "${server}" in ${world.claudeConfigPath}`);
        const connection = await connectEntry(
          entry,
          world,
          { capabilities: capabilities ?? {} },
          ...(clientInfo ? [clientInfo] : []),
        );
        open.push({ ...connection, server });
        return connection.client;
      },
    });
    for (const { client, stderr, server } of open) {
      await client.close();
      if (testInfo.status !== testInfo.expectedStatus && stderr()) {
        await testInfo.attach(`stderr of ${server}`, { body: stderr(), contentType: 'text/plain' });
      }
    }
  },

  livePage: async ({ page, gateway }, use) => {
    await use(new LivePage(page, gateway.loginUrl));
  },

  auditPage: async ({ page, gateway }, use) => {
    await use(new AuditPage(page, gateway.loginUrl));
  },

  overviewPage: async ({ page, gateway }, use) => {
    await use(new OverviewPage(page, gateway.loginUrl));
  },

  policiesPage: async ({ page, gateway }, use) => {
    await use(new PoliciesPage(page, gateway.loginUrl));
  },

  approvalsPage: async ({ page, gateway }, use) => {
    await use(new ApprovalsPage(page, gateway.loginUrl));
  },

  clientsPage: async ({ page, gateway }, use) => {
    await use(new ClientsPage(page, gateway.loginUrl));
  },

  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.stack ?? error.message));
      await use();
      expect(errors, 'uncaught errors in the dashboard').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
