import fs from 'node:fs';
import path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProtectionNotice } from '../../../shared/clients';
import { createClientsMonitor, type ClientsMonitor } from '../../../main/clients/watch/monitor';
import { waitFor } from '../../helpers/world';
import { makeFixture, removeFixture, type Fixture } from './fixture';

let fixture: Fixture;
let monitor: ClientsMonitor | undefined;
afterEach(async () => {
  await monitor?.stop();
  monitor = undefined;
  removeFixture(fixture);
});

const ORIGINAL =
  '{\n  "mcpServers": {\n    "github": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"] }\n  }\n}\n';

type Entry = { command?: string; args?: string[] };
const entries = () =>
  (parseJsonc(fs.readFileSync(fixture.cursorPath, 'utf8')) as { mcpServers: Record<string, Entry> })
    .mcpServers;
const isShim = (server: string) => entries()[server]?.args?.includes('shim') === true;

function watch(settings: { repairMode: 'auto' | 'ask'; protectNewServers: boolean }) {
  const notices: ProtectionNotice[] = [];
  const audit: { event: string; detail: string; client: string }[] = [];
  monitor = createClientsMonitor({
    service: fixture.service,
    settings: () => settings,
    clientName: (id) => fixture.service.clientName(id),
    onNotice: (notice) => notices.push(notice),
    onStatus: () => undefined,
    audit: (event, detail, client) => audit.push({ event, detail, client }),
    debounceMs: 50,
    pollMs: 300,
    retryMs: 100,
  });
  return { notices, audit, monitor };
}

const issues = () => monitor!.status().issues.map((i) => [i.client, i.server, i.kind, i.held ?? false]);

describe('the clients monitor', () => {
  it('puts back entries a client reverted, tells the person, and audits what it re-applied', async () => {
    fixture = makeFixture();
    const before = fixture.writeCursor(ORIGINAL);
    await fixture.service.connect('cursor');
    const { notices, audit } = watch({ repairMode: 'auto', protectNewServers: false });
    await monitor!.start();
    expect(notices).toEqual([]);

    fs.writeFileSync(fixture.cursorPath, before);

    await waitFor(() => isShim('github') || undefined, 'the entry wrapped again', 5000);
    await waitFor(() => notices.find((n) => n.kind === 'repaired'), 'a repaired notice', 2000);
    expect(notices.find((n) => n.kind === 'repaired')).toMatchObject({
      client: 'cursor',
      clientName: 'Cursor',
      configPath: fixture.cursorPath,
      servers: [{ server: 'github' }],
    });
    expect(audit).toEqual([
      {
        event: 'client.repaired',
        detail: `re-applied github (its original entry was back) in ${fixture.cursorPath}`,
        client: 'cursor',
      },
    ]);
    await waitFor(() => issues().length === 0 || undefined, 'no issues left', 2000);
  });

  it('with repairs set to ask, reports the drift once and leaves the file as the client wrote it', async () => {
    fixture = makeFixture();
    const before = fixture.writeCursor(ORIGINAL);
    await fixture.service.connect('cursor');
    const { notices, audit } = watch({ repairMode: 'ask', protectNewServers: false });
    await monitor!.start();

    fs.writeFileSync(fixture.cursorPath, before);

    await waitFor(() => notices.find((n) => n.kind === 'drifted'), 'a drifted notice', 5000);
    expect(issues()).toEqual([['cursor', 'github', 'reverted', false]]);
    // Several more looks (the poll) change nothing and say nothing new.
    await new Promise((r) => setTimeout(r, 800));
    expect(fs.readFileSync(fixture.cursorPath).equals(before)).toBe(true);
    expect(notices.filter((n) => n.kind === 'drifted')).toHaveLength(1);
    expect(audit).toEqual([]);

    // The person answers from the dashboard: repair.
    await fixture.service.repair('cursor');
    await monitor!.refresh('cursor');
    expect(issues()).toEqual([]);
  });

  it('reports a server added behind its back, and protects it when told to protect new servers', async () => {
    fixture = makeFixture();
    fixture.writeCursor(ORIGINAL);
    await fixture.service.connect('cursor');
    const settings = { repairMode: 'auto' as const, protectNewServers: false };
    const { notices, audit } = watch(settings);
    await monitor!.start();

    const added = fs
      .readFileSync(fixture.cursorPath, 'utf8')
      .replace(
        '"mcpServers": {',
        '"mcpServers": {\n    "time": { "command": "uvx", "args": ["mcp-server-time"] },',
      );
    fs.writeFileSync(fixture.cursorPath, added);

    await waitFor(() => notices.find((n) => n.kind === 'unprotected'), 'an unprotected notice', 5000);
    expect(issues()).toEqual([['cursor', 'time', 'unprotected', false]]);
    expect(isShim('time')).toBe(false);

    settings.protectNewServers = true;
    await monitor!.refresh();
    await waitFor(() => isShim('time') || undefined, 'the new server protected', 5000);
    expect(notices.find((n) => n.kind === 'protected')?.servers).toEqual([{ server: 'time', scope: 'user' }]);
    expect(audit.map((a) => a.event)).toEqual(['client.connected']);
    expect(fixture.registered.map((d) => d.name)).toContain('time');
  });

  it('stops fighting an entry that keeps being changed back, and says so', async () => {
    fixture = makeFixture();
    const before = fixture.writeCursor(ORIGINAL);
    await fixture.service.connect('cursor');
    const { notices } = watch({ repairMode: 'auto', protectNewServers: false });
    await monitor!.start();

    for (let round = 1; round <= 3; round++) {
      fs.writeFileSync(fixture.cursorPath, before);
      await waitFor(() => isShim('github') || undefined, `repair ${round}`, 5000);
    }
    await waitFor(() => notices.find((n) => n.kind === 'stopped'), 'a stopped notice', 2000);
    fs.writeFileSync(fixture.cursorPath, before);
    await waitFor(() => (issues().length > 0 ? issues() : undefined), 'the held issue', 5000);
    expect(issues()).toEqual([['cursor', 'github', 'reverted', true]]);
    await new Promise((r) => setTimeout(r, 700));
    expect(fs.readFileSync(fixture.cursorPath).equals(before)).toBe(true);
    expect(notices.filter((n) => n.kind === 'repaired')).toHaveLength(3);
  });

  it('waits out a file that does not parse (a client half way through writing) and never writes it', async () => {
    fixture = makeFixture();
    const before = fixture.writeCursor(ORIGINAL);
    await fixture.service.connect('cursor');
    const { notices } = watch({ repairMode: 'auto', protectNewServers: false });
    await monitor!.start();

    const half = before.subarray(0, 30);
    fs.writeFileSync(fixture.cursorPath, half);
    await new Promise((r) => setTimeout(r, 500));
    expect(fs.readFileSync(fixture.cursorPath).equals(half)).toBe(true);
    expect(notices).toEqual([]);

    fs.writeFileSync(fixture.cursorPath, before);
    await waitFor(() => isShim('github') || undefined, 'the finished file repaired', 5000);
  });

  it('reports a file that stays broken, naming where', async () => {
    fixture = makeFixture();
    fixture.writeCursor(ORIGINAL);
    await fixture.service.connect('cursor');
    const { notices } = watch({ repairMode: 'auto', protectNewServers: false });
    await monitor!.start();
    fs.writeFileSync(fixture.cursorPath, '{ "mcpServers": { ');
    const unreadable = await waitFor(() => notices.find((n) => n.kind === 'unreadable'), 'unreadable', 5000);
    expect(unreadable.message).toContain(`${fixture.cursorPath}:1:`);
    expect(fs.readFileSync(fixture.cursorPath, 'utf8')).toBe('{ "mcpServers": { ');
  });

  it('repairs through a symlinked config and keeps it a symlink', async () => {
    fixture = makeFixture();
    const dotfiles = path.join(fixture.root, 'dotfiles');
    fs.mkdirSync(dotfiles);
    const target = path.join(dotfiles, 'cursor-mcp.json');
    fs.writeFileSync(target, ORIGINAL);
    fs.mkdirSync(path.dirname(fixture.cursorPath), { recursive: true });
    fs.symlinkSync(target, fixture.cursorPath);
    await fixture.service.connect('cursor');
    watch({ repairMode: 'auto', protectNewServers: false });
    await monitor!.start();

    const temp = `${target}.tmp`;
    fs.writeFileSync(temp, ORIGINAL);
    fs.renameSync(temp, target);

    await waitFor(() => isShim('github') || undefined, 'repaired through the link', 5000);
    expect(fs.lstatSync(fixture.cursorPath).isSymbolicLink()).toBe(true);
  });
});
