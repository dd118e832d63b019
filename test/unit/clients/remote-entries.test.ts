import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseShimEntry } from '../../../main/clients';
import { makeFixture, removeFixture } from './fixture';
import type { Fixture } from './fixture';

let fixture: Fixture;
afterEach(() => removeFixture(fixture));

const REMOTE = [
  '{',
  '  "mcpServers": {',
  '    "linear": {',
  '      "url": "https://mcp.linear.app/mcp",',
  '      "headers": { "Authorization": "Bearer lin_secret", "X-Team": "core" }',
  '    },',
  '    "events": { "type": "sse", "url": "https://example.com/sse" }',
  '  }',
  '}',
  '',
].join('\n');

describe('a remote Cursor entry', () => {
  it('becomes a stdio shim entry with its headers moved into env, registered as http', async () => {
    fixture = makeFixture();
    fixture.writeCursor(REMOTE);

    const result = await fixture.service.connect('cursor');

    expect(fs.readFileSync(fixture.cursorPath, 'utf8')).toBe(
      [
        '{',
        '  "mcpServers": {',
        '    "linear": {',
        '      "command": "/usr/bin/node",',
        '      "args": [',
        '        "/opt/portcullis/cli.js",',
        '        "shim",',
        '        "--client",',
        '        "cursor",',
        '        "--server",',
        '        "linear"',
        '      ],',
        '      "env": {',
        '        "PORTCULLIS_REMOTE_HEADERS": "{\\"Authorization\\":\\"Bearer lin_secret\\",\\"X-Team\\":\\"core\\"}"',
        '      }',
        '    },',
        '    "events": {',
        '      "command": "/usr/bin/node",',
        '      "args": [',
        '        "/opt/portcullis/cli.js",',
        '        "shim",',
        '        "--client",',
        '        "cursor",',
        '        "--server",',
        '        "events"',
        '      ]',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const entry = (
      JSON.parse(fs.readFileSync(fixture.cursorPath, 'utf8')) as Record<string, Record<string, unknown>>
    ).mcpServers?.linear as { env: Record<string, string> };
    expect(JSON.parse(entry.env.PORTCULLIS_REMOTE_HEADERS ?? '')).toEqual({
      Authorization: 'Bearer lin_secret',
      'X-Team': 'core',
    });
    expect(parseShimEntry(entry)).toEqual({ client: 'cursor', server: 'linear' });
    expect(fixture.registered).toEqual([
      {
        client: 'cursor',
        name: 'linear',
        transport: 'http',
        url: 'https://mcp.linear.app/mcp',
        args: [],
        envKeys: [],
        headerKeys: ['Authorization', 'X-Team'],
      },
      {
        client: 'cursor',
        name: 'events',
        transport: 'sse',
        url: 'https://example.com/sse',
        args: [],
        envKeys: [],
        headerKeys: [],
      },
    ]);
    expect(result.changed.map((change) => change.definition.transport)).toEqual(['http', 'sse']);
  });

  it('keeps an existing env and other keys, and comes back whole on disconnect after an edit', async () => {
    fixture = makeFixture();
    const original = [
      '{',
      '  "mcpServers": {',
      '    "api": {',
      '      "type": "streamableHttp",',
      '      "url": "https://api.example.com/mcp",',
      '      "headers": { "X-Key": "${env:API_KEY}" },',
      '      "env": { "API_KEY": "k" },',
      '      "timeout": 30',
      '    }',
      '  },',
      '  "other": 1',
      '}',
      '',
    ].join('\n');
    fixture.writeCursor(original);

    await fixture.service.connect('cursor');
    const wrapped = JSON.parse(fs.readFileSync(fixture.cursorPath, 'utf8')) as {
      mcpServers: { api: Record<string, unknown> };
    };
    expect(Object.keys(wrapped.mcpServers.api)).toEqual(['command', 'args', 'env', 'timeout']);
    expect(wrapped.mcpServers.api.env).toEqual({
      API_KEY: 'k',
      PORTCULLIS_REMOTE_HEADERS: '{"X-Key":"${env:API_KEY}"}',
    });
    expect(fixture.registered[0]).toMatchObject({
      transport: 'http',
      envKeys: ['API_KEY'],
      headerKeys: ['X-Key'],
    });

    fs.writeFileSync(
      fixture.cursorPath,
      fs.readFileSync(fixture.cursorPath, 'utf8').replace('"other": 1', '"other": 2'),
    );
    const result = await fixture.service.disconnect('cursor');

    expect(result).toMatchObject({ mode: 'entries', restored: ['api'], leftAlone: [] });
    expect(fs.readFileSync(fixture.cursorPath, 'utf8')).toBe(original.replace('"other": 1', '"other": 2'));
  });

  it('is left alone in Claude Desktop, which does not run url entries', async () => {
    fixture = makeFixture('darwin');
    const claudePath = path.join(
      fixture.home,
      'Library',
      'Application Support',
      'Claude',
      'claude_desktop_config.json',
    );
    fs.mkdirSync(path.dirname(claudePath), { recursive: true });
    fs.writeFileSync(claudePath, '{ "mcpServers": { "r": { "url": "https://example.com/mcp" } } }');

    const result = await fixture.service.connect('claude-desktop');

    expect(result.changed).toEqual([]);
    expect(result.skipped).toEqual([{ server: 'r', reason: 'Claude Desktop does not run "url" entries' }]);
    expect(fs.readFileSync(claudePath, 'utf8')).toBe(
      '{ "mcpServers": { "r": { "url": "https://example.com/mcp" } } }',
    );
  });

  it('with an unknown type is skipped with the reason', async () => {
    fixture = makeFixture();
    fixture.writeCursor('{ "mcpServers": { "w": { "type": "websocket", "url": "ws://localhost:1" } } }');

    const result = await fixture.service.connect('cursor');

    expect(result.skipped).toEqual([{ server: 'w', reason: 'unknown remote "type" "websocket"' }]);
    const [report] = (await fixture.service.list()).filter((client) => client.id === 'cursor');
    expect(report?.servers).toEqual([
      {
        name: 'w',
        transport: 'http',
        protected: false,
        state: 'cannot-protect',
        scope: 'user',
        problem: 'unknown remote "type" "websocket"',
      },
    ]);
  });
});
