import fs from 'node:fs';
import path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { parse as parseYaml } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { makeFixture, removeFixture } from './fixture';
import type { Fixture } from './fixture';

let fixture: Fixture;
afterEach(() => removeFixture(fixture));

const ORIGINAL = [
  '{',
  '  // my servers',
  '  "mcpServers": {',
  '    "github": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"] },',
  '    "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] }',
  '  }',
  '}',
  '',
].join('\n');

type Entry = { command?: string; args?: string[] };
const servers = (file: string) =>
  (parseJsonc(fs.readFileSync(file, 'utf8')) as { mcpServers: Record<string, Entry> }).mcpServers;
const isShim = (entry: Entry | undefined, server: string) =>
  entry?.args?.join(' ').includes(`shim --client cursor --server ${server}`) === true;

async function cursorReport() {
  const report = (await fixture.service.list()).find((client) => client.id === 'cursor');
  return report?.servers.map((s) => [s.name, s.state, s.drift ?? '']);
}

describe('drift: what a client did to a connected file', () => {
  it('a client that writes back the original entries has reverted them; repair wraps them again', async () => {
    fixture = makeFixture();
    const before = fixture.writeCursor(ORIGINAL);
    await fixture.service.connect('cursor');
    // Claude Desktop style: the app writes its own (old) copy of the file back.
    fs.writeFileSync(fixture.cursorPath, before);

    const [drift] = await fixture.service.inspect('cursor');
    expect(drift?.reverted.map((e) => e.server)).toEqual(['github', 'memory']);
    expect(drift?.dropped).toEqual([]);
    expect(drift?.unprotected).toEqual([]);
    expect(await cursorReport()).toEqual([
      ['github', 'drifted', 'reverted'],
      ['memory', 'drifted', 'reverted'],
    ]);

    const repaired = await fixture.service.repair('cursor');

    expect(repaired.files[0]?.reapplied).toEqual([
      { server: 'github', how: 'rewrapped' },
      { server: 'memory', how: 'rewrapped' },
    ]);
    expect(isShim(servers(fixture.cursorPath).github, 'github')).toBe(true);
    expect(isShim(servers(fixture.cursorPath).memory, 'memory')).toBe(true);
    expect(fs.readFileSync(fixture.cursorPath, 'utf8')).toContain('// my servers');
    expect(await cursorReport()).toEqual([
      ['github', 'protected', ''],
      ['memory', 'protected', ''],
    ]);
    // And the person can still get their file back.
    await fixture.service.disconnect('cursor');
    expect(fs.readFileSync(fixture.cursorPath, 'utf8')).toBe(ORIGINAL);
  });

  it('a client that drops our entry gets it added back; disconnect then restores the original', async () => {
    fixture = makeFixture();
    fixture.writeCursor(ORIGINAL);
    await fixture.service.connect('cursor');
    const connected = fs.readFileSync(fixture.cursorPath, 'utf8');
    const withoutMemory = connected.replace(/,\n {4}"memory": \{[^\n]*\}/, '');
    expect(withoutMemory).not.toContain('"memory"');
    fs.writeFileSync(fixture.cursorPath, withoutMemory);

    expect((await fixture.service.inspect('cursor'))[0]?.dropped.map((e) => e.server)).toEqual(['memory']);
    expect(await cursorReport()).toEqual([
      ['github', 'protected', ''],
      ['memory', 'drifted', 'dropped'],
    ]);

    const repaired = await fixture.service.repair('cursor');

    expect(repaired.files[0]?.reapplied).toEqual([{ server: 'memory', how: 're-added' }]);
    expect(isShim(servers(fixture.cursorPath).memory, 'memory')).toBe(true);
    expect(await cursorReport()).toEqual([
      ['github', 'protected', ''],
      ['memory', 'protected', ''],
    ]);
    await fixture.service.disconnect('cursor');
    expect(servers(fixture.cursorPath)).toEqual({
      github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'] },
      memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] },
    });
  });

  it('a server the person renamed is theirs: the old name is forgotten, not put back', async () => {
    fixture = makeFixture();
    fixture.writeCursor(ORIGINAL);
    await fixture.service.connect('cursor');
    const text = fs
      .readFileSync(fixture.cursorPath, 'utf8')
      .replace(
        /"memory": \{[^\n]*\}/,
        '"notes": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] }',
      );
    fs.writeFileSync(fixture.cursorPath, text);

    const [drift] = await fixture.service.inspect('cursor');
    expect(drift?.moved.map((e) => e.server)).toEqual(['memory']);
    expect(drift?.dropped).toEqual([]);
    expect(drift?.unprotected.map((e) => e.server)).toEqual(['notes']);

    const repaired = await fixture.service.repair('cursor');
    expect(repaired.files[0]).toMatchObject({ reapplied: [], forgotten: ['memory'] });
    expect(fs.readFileSync(fixture.cursorPath, 'utf8')).toBe(text);
    expect(await cursorReport()).toEqual([
      ['github', 'protected', ''],
      ['notes', 'unprotected', ''],
    ]);
    // Protecting the renamed server later must not bring the old name back.
    await fixture.service.connect('cursor', { servers: ['notes'] });
    expect((await fixture.service.repair('cursor')).files).toEqual([]);
    expect(Object.keys(servers(fixture.cursorPath))).toEqual(['github', 'notes']);
  });

  it('an entry edited by hand into another server is a new, unprotected server, not a revert', async () => {
    fixture = makeFixture();
    fixture.writeCursor(ORIGINAL);
    await fixture.service.connect('cursor');
    const text = fs
      .readFileSync(fixture.cursorPath, 'utf8')
      .replace(
        /"github": \{[^\n]*\}/,
        '"github": { "command": "docker", "args": ["run", "ghcr.io/github/github-mcp-server"] }',
      );
    fs.writeFileSync(fixture.cursorPath, text);

    const [drift] = await fixture.service.inspect('cursor');
    expect(drift?.reverted).toEqual([]);
    expect(drift?.unprotected.map((e) => [e.server, e.definition?.command])).toEqual([['github', 'docker']]);
    expect((await fixture.service.repair('cursor')).files).toEqual([]);
    expect(fs.readFileSync(fixture.cursorPath, 'utf8')).toBe(text);
  });

  it('a server added behind our back is unprotected; connect for that one server protects only it', async () => {
    fixture = makeFixture();
    fixture.writeCursor(ORIGINAL);
    await fixture.service.connect('cursor');
    const text = fs
      .readFileSync(fixture.cursorPath, 'utf8')
      .replace('  }\n}', '  ,"time": { "command": "uvx", "args": ["mcp-server-time"] }\n  }\n}')
      .replace(
        '"mcpServers": {',
        '"mcpServers": {\n    "fetch": { "command": "uvx", "args": ["mcp-server-fetch"] },',
      );
    fs.writeFileSync(fixture.cursorPath, text);
    expect((await fixture.service.inspect('cursor'))[0]?.unprotected.map((e) => e.server)).toEqual([
      'fetch',
      'time',
    ]);

    const preview = await fixture.service.connect('cursor', { servers: ['time'], dryRun: true });
    expect(preview.files[0]?.oldText).toBe(text);
    expect(preview.files[0]?.newText).toContain('"--server", "time"');
    expect(preview.files[0]?.newText).not.toContain('"--server", "fetch"');
    expect(fs.readFileSync(fixture.cursorPath, 'utf8')).toBe(text);

    const result = await fixture.service.connect('cursor', { servers: ['time'] });
    expect(result.changed.map((c) => c.server)).toEqual(['time']);
    expect(result.skipped).toEqual([]);
    const after = servers(fixture.cursorPath);
    expect(isShim(after.time, 'time')).toBe(true);
    expect(after.fetch).toEqual({ command: 'uvx', args: ['mcp-server-fetch'] });
  });

  it('disconnects one server: a dry run shows both texts, then only that entry goes back', async () => {
    fixture = makeFixture();
    fixture.writeCursor(ORIGINAL);
    await fixture.service.connect('cursor');
    const connected = fs.readFileSync(fixture.cursorPath, 'utf8');

    const preview = await fixture.service.disconnect('cursor', { servers: ['memory'], dryRun: true });
    expect(preview.dryRun).toBe(true);
    expect(preview.files[0]?.oldText).toBe(connected);
    expect(preview.files[0]?.newText).toContain('"memory": { "command": "npx"');
    expect(fs.readFileSync(fixture.cursorPath, 'utf8')).toBe(connected);

    const result = await fixture.service.disconnect('cursor', { servers: ['memory'] });
    expect(result.restored).toEqual(['memory']);
    expect(isShim(servers(fixture.cursorPath).github, 'github')).toBe(true);
    expect(servers(fixture.cursorPath).memory).toEqual({
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-memory'],
    });
    // memory is no longer ours: it is not drift, and repair leaves it alone.
    expect(await cursorReport()).toEqual([
      ['github', 'protected', ''],
      ['memory', 'unprotected', ''],
    ]);
    expect((await fixture.service.repair('cursor')).files).toEqual([]);
    // The rest disconnects as before, back to the person's original bytes.
    await fixture.service.disconnect('cursor');
    expect(fs.readFileSync(fixture.cursorPath, 'utf8')).toBe(ORIGINAL);
  });

  it('"leave it removed": disconnecting a dropped server forgets it without touching the file', async () => {
    fixture = makeFixture();
    fixture.writeCursor(ORIGINAL);
    await fixture.service.connect('cursor');
    const dropped = fs.readFileSync(fixture.cursorPath, 'utf8').replace(/,\n {4}"memory": \{[^\n]*\}/, '');
    fs.writeFileSync(fixture.cursorPath, dropped);

    await fixture.service.disconnect('cursor', { servers: ['memory'] });

    expect(fs.readFileSync(fixture.cursorPath, 'utf8')).toBe(dropped);
    expect((await fixture.service.inspect('cursor'))[0]?.dropped).toEqual([]);
    expect((await fixture.service.repair('cursor')).files).toEqual([]);
  });

  it('a file that does not parse (a client half way through writing it) is reported and never written', async () => {
    fixture = makeFixture();
    fixture.writeCursor(ORIGINAL);
    await fixture.service.connect('cursor');
    const half = fs.readFileSync(fixture.cursorPath, 'utf8').slice(0, 60);
    fs.writeFileSync(fixture.cursorPath, half);

    const [drift] = await fixture.service.inspect('cursor');
    expect(drift?.error?.parse).toBe(true);
    expect(drift?.error?.message).toMatch(
      new RegExp(`^${fixture.cursorPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `),
    );
    const repaired = await fixture.service.repair('cursor');
    expect(repaired.files[0]?.error).toContain(fixture.cursorPath);
    expect(fs.readFileSync(fixture.cursorPath, 'utf8')).toBe(half);
  });
});

describe('drift in the other formats', () => {
  it('Continue (a YAML list): a dropped item is added back and still reads as a list item', async () => {
    fixture = makeFixture();
    const file = path.join(fixture.home, '.continue', 'config.yaml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const original =
      'name: Local\nmcpServers:\n  # the time server\n  - name: time\n    command: uvx\n    args:\n      - mcp-server-time\n  - name: fetch\n    command: uvx\n    args: [mcp-server-fetch]\n';
    fs.writeFileSync(file, original);
    await fixture.service.connect('continue');
    const connected = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, connected.replace(/ {2}- name: fetch\n[\s\S]*$/, ''));

    const [drift] = await fixture.service.inspect('continue');
    expect(drift?.dropped.map((e) => e.server)).toEqual(['fetch']);
    await fixture.service.repair('continue');
    const items = (
      parseYaml(fs.readFileSync(file, 'utf8')) as { mcpServers: { name: string; args: string[] }[] }
    ).mcpServers;
    expect(items.map((item) => item.name)).toEqual(['time', 'fetch']);
    expect(items[1]?.args.join(' ')).toContain('shim --client continue --server fetch');
    expect(fs.readFileSync(file, 'utf8')).toContain('# the time server');
  });

  it('Codex (TOML): a reverted table is wrapped again and its per-tool tables stay', async () => {
    fixture = makeFixture();
    const file = path.join(fixture.home, '.codex', 'config.toml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const original =
      '# Codex\nmodel = "o3"\n\n[mcp_servers.github]\ncommand = "npx"\nargs = ["-y", "@mcp/github"]\n\n[mcp_servers.github.tools.create_issue]\napproval_mode = "approve"\n';
    fs.writeFileSync(file, original);
    await fixture.service.connect('codex');
    fs.writeFileSync(file, original);

    expect((await fixture.service.inspect('codex'))[0]?.reverted.map((e) => e.server)).toEqual(['github']);
    await fixture.service.repair('codex');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('shim", "--client", "codex", "--server", "github"');
    expect(text).toContain('[mcp_servers.github.tools.create_issue]\napproval_mode = "approve"');
    await fixture.service.disconnect('codex');
    expect(fs.readFileSync(file, 'utf8')).toBe(original);
  });
});
