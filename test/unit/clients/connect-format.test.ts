import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { crlf, makeFixture, removeFixture } from './fixture';
import type { Fixture } from './fixture';

let fixture: Fixture;
afterEach(() => removeFixture(fixture));

describe('connect keeps everything but the rewritten values', () => {
  it('keeps comments, key order, 4-space indentation, CRLF and unknown keys', async () => {
    fixture = makeFixture();
    fixture.writeCursor(
      crlf(
        '{',
        '    // Servers for work',
        '    "mcpServers": {',
        '        "github": {',
        '            "command": "npx", // pinned below',
        '            "args": ["-y", "@modelcontextprotocol/server-github"],',
        '            "env": { "GITHUB_TOKEN": "ghp_secret" },',
        '            "disabled": false',
        '        },',
        '        "files": {',
        '            "args": [',
        '                "/home/me/projects" /* root */',
        '            ],',
        '            "command": "mcp-server-filesystem",',
        '            "cwd": "/home/me"',
        '        }',
        '    },',
        '    "theme": "dark"',
        '}',
        '',
      ),
    );

    const result = await fixture.service.connect('cursor');

    expect(result.changed.map((change) => change.server)).toEqual(['github', 'files']);
    expect(fs.readFileSync(fixture.cursorPath, 'utf8')).toBe(
      crlf(
        '{',
        '    // Servers for work',
        '    "mcpServers": {',
        '        "github": {',
        '            "command": "/usr/bin/node", // pinned below',
        '            "args": ["/opt/portcullis/cli.js", "shim", "--client", "cursor", "--server", "github"],',
        '            "env": { "GITHUB_TOKEN": "ghp_secret" },',
        '            "disabled": false',
        '        },',
        '        "files": {',
        '            "args": [',
        '                "/opt/portcullis/cli.js",',
        '                "shim",',
        '                "--client",',
        '                "cursor",',
        '                "--server",',
        '                "files"',
        '            ],',
        '            "command": "/usr/bin/node",',
        '            "cwd": "/home/me"',
        '        }',
        '    },',
        '    "theme": "dark"',
        '}',
        '',
      ),
    );
  });

  it('keeps tabs, a byte order mark and a missing final newline; adds args where there were none', async () => {
    fixture = makeFixture();
    const claudePath = path.join(fixture.home, '.config', 'Claude', 'claude_desktop_config.json');
    fs.mkdirSync(path.dirname(claudePath), { recursive: true });
    fs.writeFileSync(
      claudePath,
      '\uFEFF{\n\t"mcpServers": {\n\t\t"memory": {\n\t\t\t"command": "mcp-server-memory"\n\t\t}\n\t},\n\t"globalShortcut": "Ctrl+Space"\n}',
    );

    await fixture.service.connect('claude-desktop');

    expect(fs.readFileSync(claudePath, 'utf8')).toBe(
      '\uFEFF{\n\t"mcpServers": {\n\t\t"memory": {\n\t\t\t"command": "/usr/bin/node",\n\t\t\t"args": [\n' +
        '\t\t\t\t"/opt/portcullis/cli.js",\n\t\t\t\t"shim",\n\t\t\t\t"--client",\n\t\t\t\t"claude-desktop",\n' +
        '\t\t\t\t"--server",\n\t\t\t\t"memory"\n\t\t\t]\n\t\t}\n\t},\n\t"globalShortcut": "Ctrl+Space"\n}',
    );
  });

  it('writes a compact one-line args array where the file had one', async () => {
    fixture = makeFixture();
    fixture.writeCursor('{"mcpServers":{"a":{"command":"x","args":["1","2"]}}}');

    await fixture.service.connect('cursor');

    expect(fs.readFileSync(fixture.cursorPath, 'utf8')).toBe(
      '{"mcpServers":{"a":{"command":"/usr/bin/node","args":["/opt/portcullis/cli.js","shim","--client","cursor","--server","a"]}}}',
    );
  });
});
