import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseShimEntry } from '../../../main/clients';
import { crlf, filesIn, makeFixture, removeFixture } from './fixture';
import type { Fixture } from './fixture';

let fixture: Fixture;
afterEach(() => removeFixture(fixture));

const TWO_SERVERS = crlf(
  '{',
  '  // my servers',
  '  "mcpServers": {',
  '    "github": {',
  '      "command": "npx",',
  '      "args": ["-y", "@modelcontextprotocol/server-github"],',
  '      "env": { "GITHUB_TOKEN": "ghp_secret" }',
  '    },',
  '    "memory": {',
  '      "command": "npx",',
  '      "args": [',
  '        "-y",',
  '        "@modelcontextprotocol/server-memory"',
  '      ]',
  '    }',
  '  },',
  '  "editor.fontSize": 14',
  '}',
  '',
);

function readJsonc(file: string): Record<string, Record<string, unknown>> {
  const text = fs.readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '');
  return JSON.parse(text) as Record<string, Record<string, unknown>>;
}

describe('connect then disconnect', () => {
  it('puts the original bytes back exactly when nothing else changed', async () => {
    fixture = makeFixture();
    const original = fixture.writeCursor(TWO_SERVERS);

    const connected = await fixture.service.connect('cursor');
    const rewritten = fs.readFileSync(fixture.cursorPath);
    expect(rewritten.equals(original)).toBe(false);
    expect(connected.backupPath && fs.readFileSync(connected.backupPath).equals(original)).toBe(true);

    const result = await fixture.service.disconnect('cursor');

    expect(result.mode).toBe('exact');
    expect(result.restored).toEqual(['github', 'memory']);
    expect(fs.readFileSync(fixture.cursorPath).equals(original)).toBe(true);
  });

  it('reverts only our entries and keeps edits made since connect', async () => {
    fixture = makeFixture();
    fixture.writeCursor(TWO_SERVERS);
    await fixture.service.connect('cursor');
    // The person changes a setting and adds a server while connected.
    const edited = fs
      .readFileSync(fixture.cursorPath, 'utf8')
      .replace('"editor.fontSize": 14', '"editor.fontSize": 16')
      .replace(
        '  "mcpServers": {\r\n',
        '  "mcpServers": {\r\n    "added": { "command": "uvx", "args": ["mcp-server-time"] },\r\n',
      );
    fs.writeFileSync(fixture.cursorPath, edited);

    const result = await fixture.service.disconnect('cursor');

    expect(result.mode).toBe('entries');
    expect(result.restored).toEqual(['github', 'memory']);
    expect(fs.readFileSync(fixture.cursorPath, 'utf8')).toBe(
      TWO_SERVERS.replace('"editor.fontSize": 14', '"editor.fontSize": 16').replace(
        '  "mcpServers": {\r\n',
        '  "mcpServers": {\r\n    "added": { "command": "uvx", "args": ["mcp-server-time"] },\r\n',
      ),
    );
  });

  it('leaves alone entries the person replaced or removed, and says so', async () => {
    fixture = makeFixture();
    fixture.writeCursor(TWO_SERVERS);
    await fixture.service.connect('cursor');
    const config = readJsonc(fixture.cursorPath);
    const servers = config.mcpServers as Record<string, unknown>;
    delete servers.memory;
    servers.github = { command: 'docker', args: ['run', 'ghcr.io/github/github-mcp-server'] };
    fs.writeFileSync(fixture.cursorPath, JSON.stringify(config, null, 2));

    const result = await fixture.service.disconnect('cursor');

    expect(result.mode).toBe('entries');
    expect(result.restored).toEqual([]);
    expect(result.leftAlone).toEqual([
      { server: 'github', reason: 'changed since connect; no longer a Portcullis entry' },
      { server: 'memory', reason: 'removed from the config since connect' },
    ]);
    expect(readJsonc(fixture.cursorPath).mcpServers).toEqual({
      github: { command: 'docker', args: ['run', 'ghcr.io/github/github-mcp-server'] },
    });
  });

  it('after a second connect that wrapped a hand-added server, restores entries, not bytes', async () => {
    fixture = makeFixture();
    fixture.writeCursor('{\n  "mcpServers": {\n    "a": { "command": "one" }\n  }\n}\n');
    await fixture.service.connect('cursor');
    expect(fs.readFileSync(fixture.cursorPath, 'utf8')).toBe(
      '{\n  "mcpServers": {\n    "a": { "command": "/usr/bin/node", "args": ["/opt/portcullis/cli.js", "shim", "--client", "cursor", "--server", "a"] }\n  }\n}\n',
    );
    const withB = fs
      .readFileSync(fixture.cursorPath, 'utf8')
      .replace('\n  }\n}', ',\n    "b": { "command": "two" }\n  }\n}');
    fs.writeFileSync(fixture.cursorPath, withB);
    const second = await fixture.service.connect('cursor');
    expect(second.changed.map((change) => change.server)).toEqual(['b']);
    expect(second.skipped).toEqual([{ server: 'a', reason: 'already protected' }]);

    const result = await fixture.service.disconnect('cursor');

    // The hand edit between the two writes breaks the chain: the first backup lacks b, so putting
    // it back would lose b. Both entries return to their forms from before their own connect.
    expect(result.mode).toBe('entries');
    expect(fs.readFileSync(fixture.cursorPath, 'utf8')).toBe(
      '{\n  "mcpServers": {\n    "a": { "command": "one" },\n    "b": { "command": "two" }\n  }\n}\n',
    );
  });

  it('marks the client disconnected, keeps the backups, and then has nothing to do', async () => {
    fixture = makeFixture();
    fixture.writeCursor(TWO_SERVERS);
    await fixture.service.connect('cursor');
    await fixture.service.disconnect('cursor');
    const clientDir = path.join(fixture.backupsDir, 'cursor');
    const state = JSON.parse(fs.readFileSync(path.join(clientDir, 'state.json'), 'utf8')) as {
      connected: boolean;
    };
    expect(state.connected).toBe(false);
    const backups = filesIn(clientDir).filter((name) => name !== 'state.json');
    expect(backups.length).toBeGreaterThan(0);

    const again = await fixture.service.disconnect('cursor');

    expect(again.mode).toBe('nothing');
    expect(filesIn(clientDir).filter((name) => name !== 'state.json')).toEqual(backups);
  });

  it('does nothing for a client that was never connected', async () => {
    fixture = makeFixture();
    const original = fixture.writeCursor(TWO_SERVERS);

    const result = await fixture.service.disconnect('cursor');

    expect(result).toMatchObject({ mode: 'nothing', restored: [], leftAlone: [] });
    expect(fs.readFileSync(fixture.cursorPath).equals(original)).toBe(true);
    expect(filesIn(fixture.backupsDir)).toEqual([]);
  });
});

describe('connect', () => {
  it('is idempotent: a second connect changes nothing and writes no backup', async () => {
    fixture = makeFixture();
    fixture.writeCursor(TWO_SERVERS);
    await fixture.service.connect('cursor');
    const afterFirst = fs.readFileSync(fixture.cursorPath);
    const backupsAfterFirst = filesIn(path.join(fixture.backupsDir, 'cursor'));
    const registeredAfterFirst = fixture.registered.length;

    const second = await fixture.service.connect('cursor');

    expect(second.changed).toEqual([]);
    expect(second.skipped).toEqual([
      { server: 'github', reason: 'already protected' },
      { server: 'memory', reason: 'already protected' },
    ]);
    expect(second.backupPath).toBeUndefined();
    expect(fs.readFileSync(fixture.cursorPath).equals(afterFirst)).toBe(true);
    expect(filesIn(path.join(fixture.backupsDir, 'cursor'))).toEqual(backupsAfterFirst);
    expect(fixture.registered).toHaveLength(registeredAfterFirst);
  });

  it('writes shim entries the gateway recognises, registers the originals and keeps env', async () => {
    fixture = makeFixture();
    fixture.writeCursor(TWO_SERVERS);

    await fixture.service.connect('cursor');

    const servers = readJsonc(fixture.cursorPath).mcpServers as Record<string, Record<string, unknown>>;
    expect(parseShimEntry(servers.github)).toEqual({ client: 'cursor', server: 'github' });
    expect(parseShimEntry(servers.memory)).toEqual({ client: 'cursor', server: 'memory' });
    expect(servers.github?.env).toEqual({ GITHUB_TOKEN: 'ghp_secret' });
    expect(fixture.registered).toEqual([
      {
        client: 'cursor',
        name: 'github',
        transport: 'stdio',
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-github'],
        envKeys: ['GITHUB_TOKEN'],
        headerKeys: [],
      },
      {
        client: 'cursor',
        name: 'memory',
        transport: 'stdio',
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-memory'],
        envKeys: [],
        headerKeys: [],
      },
    ]);
  });

  it('on a dry run returns the new text and writes, backs up and registers nothing', async () => {
    fixture = makeFixture();
    const original = fixture.writeCursor(TWO_SERVERS);
    const mtime = fs.statSync(fixture.cursorPath).mtimeMs;

    const result = await fixture.service.connect('cursor', { dryRun: true });

    expect(result.dryRun).toBe(true);
    expect(result.changed.map((change) => change.server)).toEqual(['github', 'memory']);
    expect(result.newText).toContain('"--server", "github"');
    expect(result.backupPath).toBeUndefined();
    expect(fs.readFileSync(fixture.cursorPath).equals(original)).toBe(true);
    expect(fs.statSync(fixture.cursorPath).mtimeMs).toBe(mtime);
    expect(filesIn(path.dirname(fixture.cursorPath))).toEqual(['mcp.json']);
    expect(fs.existsSync(fixture.backupsDir)).toBe(false);
    expect(fixture.registered).toEqual([]);

    // The dry run's text is exactly what a real connect then writes.
    await fixture.service.connect('cursor');
    expect(fs.readFileSync(fixture.cursorPath, 'utf8')).toBe(result.newText);
  });

  it('reports nothing to connect and creates no file when the config does not exist', async () => {
    fixture = makeFixture();

    const result = await fixture.service.connect('cursor');

    expect(result.changed).toEqual([]);
    expect(result.note).toMatch(/nothing to connect/);
    expect(fs.existsSync(fixture.cursorPath)).toBe(false);
    expect(fs.existsSync(path.dirname(fixture.cursorPath))).toBe(false);
  });

  it('skips entries it cannot run, with the reason, and leaves them byte for byte', async () => {
    fixture = makeFixture();
    const text =
      '{"mcpServers": {\n' +
      '  "weird": { "command": 42 },\n' +
      '  "empty": {},\n' +
      '  "twice": { "command": "a" },\n' +
      '  "twice": { "command": "b" },\n' +
      '  "ok": { "command": "c" }\n' +
      '}}\n';
    fixture.writeCursor(text);

    const result = await fixture.service.connect('cursor');

    expect(result.changed.map((change) => change.server)).toEqual(['ok']);
    expect(result.skipped).toEqual([
      { server: 'weird', reason: '"command" is not a non-empty string' },
      { server: 'empty', reason: 'the entry has neither "command" nor "url"' },
      { server: 'twice', reason: '"twice" is defined more than once' },
      { server: 'twice', reason: '"twice" is defined more than once' },
    ]);
    const after = fs.readFileSync(fixture.cursorPath, 'utf8');
    expect(after.split('\n').slice(0, 5)).toEqual(text.split('\n').slice(0, 5));
  });
});
