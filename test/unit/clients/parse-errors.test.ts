import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigParseError, UnknownClientError } from '../../../main/clients';
import { filesIn, makeFixture, removeFixture } from './fixture';
import type { Fixture } from './fixture';

let fixture: Fixture;
afterEach(() => removeFixture(fixture));

async function parseErrorOf(promise: Promise<unknown>): Promise<ConfigParseError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConfigParseError);
  return error as ConfigParseError;
}

describe('a config that does not parse', () => {
  it('is never written: ConfigParseError with line and column, bytes, mtime and backups untouched', async () => {
    fixture = makeFixture();
    // Line 4 is missing the comma after "npx".
    const original = fixture.writeCursor(
      '{\n  "mcpServers": {\n    "github": {\n      "command": "npx"\n      "args": []\n    }\n  }\n}\n',
    );
    const past = new Date(Date.UTC(2025, 5, 1));
    fs.utimesSync(fixture.cursorPath, past, past);
    const mtime = fs.statSync(fixture.cursorPath).mtimeMs;

    const error = await parseErrorOf(fixture.service.connect('cursor'));

    expect(error.file).toBe(fixture.cursorPath);
    expect([error.line, error.column]).toEqual([5, 7]);
    expect(error.problem).toBe('comma expected');
    expect(error.message).toBe(`${fixture.cursorPath}:5:7: comma expected. The file was not changed.`);
    expect(fs.readFileSync(fixture.cursorPath).equals(original)).toBe(true);
    expect(fs.statSync(fixture.cursorPath).mtimeMs).toBe(mtime);
    expect(filesIn(path.dirname(fixture.cursorPath))).toEqual(['mcp.json']);
    expect(filesIn(path.join(fixture.backupsDir, 'cursor'))).toEqual([]);
    expect(fixture.registered).toEqual([]);
  });

  it('counts lines the same way in a CRLF file', async () => {
    fixture = makeFixture();
    fixture.writeCursor('{\r\n  "mcpServers": {\r\n    "a": { "command": "x", }\r\n  ]\r\n}\r\n');

    const error = await parseErrorOf(fixture.service.connect('cursor'));

    expect([error.line, error.column, error.problem]).toEqual([4, 3, 'comma expected']);
  });

  it('refuses an mcpServers that is not an object, pointing at its value', async () => {
    fixture = makeFixture();
    const original = fixture.writeCursor('{\n  "mcpServers": [\n    { "command": "x" }\n  ]\n}\n');

    const error = await parseErrorOf(fixture.service.connect('cursor', { dryRun: true }));

    expect([error.line, error.column]).toEqual([2, 17]);
    expect(error.problem).toBe('"mcpServers" is not an object');
    expect(fs.readFileSync(fixture.cursorPath).equals(original)).toBe(true);
  });

  it('refuses a top level that is not an object, and text that is not UTF-8', async () => {
    fixture = makeFixture();
    fixture.writeCursor('[]');
    expect((await parseErrorOf(fixture.service.connect('cursor'))).problem).toBe(
      'the top level is not a JSON object',
    );
    fs.writeFileSync(fixture.cursorPath, Buffer.from([0x7b, 0xff, 0x7d]));
    expect((await parseErrorOf(fixture.service.connect('cursor'))).problem).toBe(
      'the file is not valid UTF-8 text',
    );
  });

  it('is refused by disconnect too, when it has to patch entries', async () => {
    fixture = makeFixture();
    fixture.writeCursor('{ "mcpServers": { "a": { "command": "x" } } }');
    await fixture.service.connect('cursor');
    const broken = fs.readFileSync(fixture.cursorPath, 'utf8').replace(/\}$/, '');
    fs.writeFileSync(fixture.cursorPath, broken);

    await parseErrorOf(fixture.service.disconnect('cursor'));

    expect(fs.readFileSync(fixture.cursorPath, 'utf8')).toBe(broken);
  });

  it('shows up as an error in list() while the other clients are still listed', async () => {
    fixture = makeFixture();
    fixture.writeCursor('{ "mcpServers": { "a": } }');
    const claudePath = path.join(fixture.home, '.config', 'Claude', 'claude_desktop_config.json');
    fs.mkdirSync(path.dirname(claudePath), { recursive: true });
    fs.writeFileSync(
      claudePath,
      '{ "mcpServers": { "fetch": { "command": "uvx", "args": ["mcp-server-fetch"] } } }',
    );

    const reports = await fixture.service.list();
    const fetch = {
      name: 'fetch',
      transport: 'stdio',
      protected: false,
      state: 'unprotected',
      scope: 'user',
      command: 'uvx',
      args: ['mcp-server-fetch'],
    };

    const cursor = reports.find((report) => report.id === 'cursor');
    expect(cursor).toMatchObject({ exists: true, servers: [] });
    expect(cursor?.error).toBe(`${fixture.cursorPath}:1:24: value expected`);
    expect(reports.find((report) => report.id === 'claude-desktop')).toEqual({
      id: 'claude-desktop',
      name: 'Claude Desktop',
      configPath: claudePath,
      exists: true,
      servers: [fetch],
      files: [
        { path: claudePath, label: 'config', scope: 'user', format: 'JSON', exists: true, servers: [fetch] },
      ],
      restart: 'restart',
    });
  });
});

describe('an unknown client id', () => {
  it('throws UnknownClientError from connect and disconnect', async () => {
    fixture = makeFixture();
    await expect(fixture.service.connect('vim')).rejects.toBeInstanceOf(UnknownClientError);
    await expect(fixture.service.disconnect('vim')).rejects.toThrow(
      'Unknown client "vim". Known clients: claude-desktop, cursor, vscode, windsurf, claude-code, cline, zed, gemini-cli, antigravity, codex, lm-studio, continue, goose, opencode.',
    );
  });
});
