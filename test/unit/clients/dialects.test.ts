import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigParseError } from '../../../main/clients';
import { makeFixture, removeFixture } from './fixture';
import type { Fixture } from './fixture';

let fixture: Fixture;
afterEach(() => removeFixture(fixture));

function write(relative: string, text: string): string {
  const file = path.join(fixture.home, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const SHIM_ARGS = (client: string, server: string) => [
  '/opt/portcullis/cli.js',
  'shim',
  '--client',
  client,
  '--server',
  server,
];

describe('each client gets a shim entry in its own spelling', () => {
  it('Codex: command and args change in place; env tables, per-tool tables and profiles stay', async () => {
    fixture = makeFixture();
    const file = write(
      '.codex/config.toml',
      [
        '# Codex',
        'model = "o3"',
        '',
        '[mcp_servers.github]',
        'command = "npx"  # pinned',
        'args = ["-y", "@mcp/github"]',
        'enabled_tools = ["list_issues"]',
        '',
        '[mcp_servers.github.env]',
        'GITHUB_TOKEN = "ghp_x"',
        '',
        '[mcp_servers.github.tools.create_issue]',
        'approval_mode = "approve"',
        '',
        '[profiles.work.mcp_servers.time]',
        "command = 'uvx'",
        '',
      ].join('\n'),
    );
    const original = fs.readFileSync(file, 'utf8');

    const result = await fixture.service.connect('codex');

    expect(result.changed.map((c) => c.server)).toEqual(['github', 'time']);
    expect(fs.readFileSync(file, 'utf8')).toBe(
      original
        .replace('command = "npx"', 'command = "/usr/bin/node"')
        .replace('["-y", "@mcp/github"]', JSON.stringify(SHIM_ARGS('codex', 'github')).replaceAll(',', ', '))
        .replace(
          "command = 'uvx'",
          `command = "/usr/bin/node"\nargs = ${JSON.stringify(SHIM_ARGS('codex', 'time')).replaceAll(',', ', ')}`,
        ),
    );
    const [report] = (await fixture.service.list()).filter((c) => c.id === 'codex');
    expect(report?.servers.map((s) => [s.scope, s.name, s.state])).toEqual([
      ['user', 'github', 'protected'],
      ['profile: work', 'time', 'protected'],
    ]);
    await fixture.service.disconnect('codex');
    expect(fs.readFileSync(file, 'utf8')).toBe(original);
  });

  it('Codex: a remote server loses the keys Codex refuses on a stdio server; one using an env header is left alone', async () => {
    fixture = makeFixture();
    const file = write(
      '.codex/config.toml',
      '[mcp_servers.figma]\nurl = "https://figma.example/mcp"\nhttp_headers = { "X-Key" = "k" }\n\n[mcp_servers.figma.oauth]\nclient_id = "c"\n\n[mcp_servers.gh]\nurl = "https://gh.example/mcp"\nbearer_token_env_var = "GH_TOKEN"\n',
    );

    const result = await fixture.service.connect('codex');

    expect(result.changed.map((c) => c.definition)).toEqual([
      expect.objectContaining({
        name: 'figma',
        transport: 'http',
        url: 'https://figma.example/mcp',
        headerKeys: ['X-Key'],
      }),
    ]);
    expect(result.skipped).toEqual([
      { server: 'gh', reason: expect.stringMatching(/bearer_token_env_var/) as string },
    ]);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toMatch(/url = "https:\/\/figma|http_headers|oauth|client_id/);
    expect(text).toContain('PORTCULLIS_REMOTE_HEADERS = "{\\"X-Key\\":\\"k\\"}"');
    expect(text).toContain('bearer_token_env_var = "GH_TOKEN"');
  });

  it('OpenCode: one command array; a remote entry becomes local with its headers in the environment', async () => {
    fixture = makeFixture();
    const file = write(
      '.config/opencode/opencode.json',
      '{\n  // mine\n  "mcp": {\n    "ev": { "type": "local", "command": ["npx", "-y", "ev"], "environment": { "A": "1" } },\n    "rem": { "type": "remote", "url": "https://x.example/mcp", "headers": { "Authorization": "Bearer t" } },\n  },\n}\n',
    );

    await fixture.service.connect('opencode');

    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain(
      `"command": ${JSON.stringify(['/usr/bin/node', ...SHIM_ARGS('opencode', 'ev')]).replaceAll(',', ', ')}, "environment": { "A": "1" }`,
    );
    expect(text).toMatch(/"rem": \{\n {6}"type": "local",\n {6}"command": \[/);
    expect(text).toContain('"PORTCULLIS_REMOTE_HEADERS": "{\\"Authorization\\":\\"Bearer t\\"}"');
    expect(text).not.toContain('"url"');
  });

  it('Goose: cmd and args in the extensions map; built-in extensions are not servers', async () => {
    fixture = makeFixture();
    const file = write(
      '.config/goose/config.yaml',
      'extensions:\n  developer:\n    enabled: true\n    type: builtin\n    name: developer\n  github:\n    enabled: true\n    type: stdio\n    name: github\n    cmd: npx # runner\n    args:\n      - -y\n      - "@mcp/github"\n    envs: {TOKEN: x}\n    timeout: 300\n',
    );

    const result = await fixture.service.connect('goose');

    expect(result.skipped).toEqual([
      { server: 'developer', reason: 'a "builtin" extension runs inside Goose, not as a server' },
    ]);
    expect(fs.readFileSync(file, 'utf8')).toBe(
      'extensions:\n  developer:\n    enabled: true\n    type: builtin\n    name: developer\n  github:\n    enabled: true\n    type: stdio\n    name: github\n    cmd: /usr/bin/node # runner\n    args:\n      - /opt/portcullis/cli.js\n      - shim\n      - "--client"\n      - goose\n      - "--server"\n      - github\n    envs: {TOKEN: x}\n    timeout: 300\n',
    );
  });

  it('Continue: list items keyed by name; an SSE item becomes a stdio item', async () => {
    fixture = makeFixture();
    const file = write(
      '.continue/config.yaml',
      'name: mine\nmcpServers:\n  - name: fs # files\n    command: npx\n    args: ["-y", "fs"]\n  - name: web\n    type: sse\n    url: https://w.example/sse\n',
    );

    const result = await fixture.service.connect('continue');

    expect(result.changed.map((c) => [c.server, c.definition.transport])).toEqual([
      ['fs', 'stdio'],
      ['web', 'sse'],
    ]);
    expect(fs.readFileSync(file, 'utf8')).toBe(
      'name: mine\nmcpServers:\n  - name: fs # files\n    command: /usr/bin/node\n    args: [/opt/portcullis/cli.js, shim, "--client", continue, "--server", fs]\n  - name: web\n    type: stdio\n    command: /usr/bin/node\n    args: [/opt/portcullis/cli.js, shim, "--client", continue, "--server", web]\n',
    );
  });

  it('VS Code: a remote server keeps a required type; placeholders VS Code fills in are left alone', async () => {
    fixture = makeFixture();
    const file = write(
      '.config/Code/User/mcp.json',
      '{\n  "servers": {\n    "r": { "type": "http", "url": "https://r.example/mcp" },\n    "ws": { "type": "stdio", "command": "node", "args": ["${workspaceFolder}/s.js"] }\n  }\n}\n',
    );

    const result = await fixture.service.connect('vscode');

    expect(result.skipped).toEqual([
      {
        server: 'ws',
        reason: expect.stringContaining('"${workspaceFolder}/s.js" has a placeholder') as string,
      },
    ]);
    const servers = (
      JSON.parse(fs.readFileSync(file, 'utf8')) as { servers: Record<string, Record<string, unknown>> }
    ).servers;
    expect(servers.r).toEqual({ type: 'stdio', command: '/usr/bin/node', args: SHIM_ARGS('vscode', 'r') });
  });

  it('Zed: both the command-object form and the flat form', async () => {
    fixture = makeFixture();
    const file = write(
      '.config/zed/settings.json',
      '{\n  "context_servers": {\n    "old": { "command": { "path": "node", "args": ["s.js"], "env": { "K": "v" } } },\n    "new": { "source": "custom", "command": "uvx", "args": ["m"] }\n  }\n}\n',
    );

    await fixture.service.connect('zed');

    const servers = (
      JSON.parse(fs.readFileSync(file, 'utf8')) as { context_servers: Record<string, unknown> }
    ).context_servers;
    expect(servers.old).toEqual({
      command: { path: '/usr/bin/node', args: SHIM_ARGS('zed', 'old'), env: { K: 'v' } },
    });
    expect(servers.new).toEqual({
      source: 'custom',
      command: '/usr/bin/node',
      args: SHIM_ARGS('zed', 'new'),
    });
  });

  it('Windsurf, Gemini and Cline: each client’s own URL keys and remote types', async () => {
    fixture = makeFixture();
    write(
      '.codeium/windsurf/mcp_config.json',
      '{"mcpServers": {"a": {"serverUrl": "https://a.example/mcp"}, "b": {"url": "https://b.example/mcp"}}}',
    );
    write(
      '.gemini/settings.json',
      '{"mcpServers": {"h": {"httpUrl": "https://h.example/mcp"}, "s": {"url": "https://s.example/sse"}, "e": {"command": "$HOME/bin/srv"}}}',
    );
    write(
      '.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
      '{"mcpServers": {"s": {"url": "https://s.example/sse"}, "h": {"type": "streamableHttp", "url": "https://h.example/mcp"}}}',
    );

    const windsurf = await fixture.service.connect('windsurf', { dryRun: true });
    const gemini = await fixture.service.connect('gemini-cli', { dryRun: true });
    const cline = await fixture.service.connect('cline', { dryRun: true });

    expect(windsurf.changed.map((c) => [c.server, c.definition.transport])).toEqual([['a', 'http']]);
    expect(windsurf.skipped).toEqual([
      { server: 'b', reason: 'Windsurf does not connect "url" entries (it reads "serverUrl")' },
    ]);
    expect(gemini.changed.map((c) => [c.server, c.definition.transport])).toEqual([
      ['h', 'http'],
      ['s', 'sse'],
    ]);
    expect(gemini.skipped.map((s) => s.server)).toEqual(['e']);
    expect(cline.changed.map((c) => [c.server, c.definition.transport])).toEqual([
      ['s', 'sse'],
      ['h', 'http'],
    ]);
  });
});

describe('Claude Code scopes', () => {
  it('wraps the user and each local scope in ~/.claude.json, and refuses a second server under a taken name', async () => {
    fixture = makeFixture();
    const file = write(
      '.claude.json',
      JSON.stringify(
        {
          numStartups: 3,
          mcpServers: { a: { type: 'stdio', command: 'x', args: [] } },
          projects: {
            '/p/one': { allowedTools: [], mcpServers: { b: { command: 'y' }, a: { command: 'other' } } },
            '/p/two': { mcpServers: { a: { type: 'stdio', command: 'x', args: [] } } },
          },
        },
        null,
        2,
      ),
    );
    const original = fs.readFileSync(file);

    const result = await fixture.service.connect('claude-code');

    expect(result.changed.map((c) => c.server)).toEqual(['a', 'b', 'a']);
    expect(result.files[0]?.changed).toEqual([
      { server: 'a', scope: 'user' },
      { server: 'b', scope: 'local: /p/one' },
      { server: 'a', scope: 'local: /p/two' },
    ]);
    expect(result.skipped).toEqual([
      {
        server: 'a',
        reason: `another server named "a" is already routed through Portcullis for Claude Code (${file}, user)`,
        remedy: 'Rename one of them in the config to protect both.',
      },
    ]);
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      projects: Record<string, { mcpServers: Record<string, unknown> }>;
    };
    expect(data.projects['/p/one']?.mcpServers.a).toEqual({ command: 'other' });

    await fixture.service.disconnect('claude-code');
    expect(fs.readFileSync(file).equals(original)).toBe(true);
  });

  it('connects a project .mcp.json only when its folder is named, and keeps its state apart', async () => {
    fixture = makeFixture();
    const project = path.join(fixture.root, 'repo');
    const shared = path.join(project, '.mcp.json');
    fs.mkdirSync(project);
    fs.writeFileSync(shared, '{ "mcpServers": { "p": { "command": "proj" } } }\n');
    const user = write('.claude.json', '{ "mcpServers": { "u": { "command": "user" } } }\n');
    const withProject = fixture.withProjects([project]);

    expect((await fixture.service.connect('claude-code')).changed.map((c) => c.server)).toEqual(['u']);
    expect(fs.readFileSync(shared, 'utf8')).not.toContain('shim');
    const result = await withProject.connect('claude-code');
    expect(result.files.map((f) => [f.configPath, f.changed.map((c) => c.server)])).toEqual([
      [user, []],
      [shared, ['p']],
    ]);

    const undone = await withProject.disconnect('claude-code');
    expect(undone.files.map((f) => [f.configPath, f.mode])).toEqual([
      [user, 'exact'],
      [shared, 'exact'],
    ]);
    expect(fs.readFileSync(shared, 'utf8')).toBe('{ "mcpServers": { "p": { "command": "proj" } } }\n');
  });
});

describe('YAML that ties entries together', () => {
  it('leaves an entry that defines an anchor alone, and refuses an alias with no anchor', async () => {
    fixture = makeFixture();
    const file = write(
      '.config/goose/config.yaml',
      'extensions:\n  a:\n    type: stdio\n    cmd: one\n    envs: &shared {K: v}\n  b:\n    type: stdio\n    cmd: two\n    envs: *shared\n',
    );

    const result = await fixture.service.connect('goose');

    expect(result.skipped).toEqual([{ server: 'a', reason: 'the entry defines the YAML anchor &shared' }]);
    expect(result.changed.map((c) => c.server)).toEqual(['b']);
    expect(fs.readFileSync(file, 'utf8')).toContain('envs: &shared {K: v}');

    fs.writeFileSync(file, 'extensions:\n  b:\n    type: stdio\n    cmd: two\n    envs: *nowhere\n');
    const error = await fixture.service.connect('goose').catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ConfigParseError);
    expect(error).toMatchObject({
      line: 5,
      column: 11,
      problem: 'the alias *nowhere has no anchor before it',
    });
  });
});

describe('what clients shows is what connect would do', () => {
  it('a name another scope already routes is "cannot protect", and an entry edited in place keeps its own claim', async () => {
    fixture = makeFixture();
    const file = write(
      '.claude.json',
      JSON.stringify({
        mcpServers: { a: { command: 'x' } },
        projects: { '/p': { mcpServers: { a: { command: 'other' }, '--flag': { command: 'y' } } } },
      }),
    );
    await fixture.service.connect('claude-code');

    const [report] = (await fixture.service.list()).filter((c) => c.id === 'claude-code');
    expect(report?.servers.map((s) => [s.scope, s.name, s.state, s.problem])).toEqual([
      ['user', 'a', 'protected', undefined],
      [
        'local: /p',
        'a',
        'cannot-protect',
        `another server named "a" is already routed through Portcullis for Claude Code (${file}, user)`,
      ],
      ['local: /p', '--flag', 'cannot-protect', 'the name "--flag" cannot be passed to the Portcullis shim'],
    ]);

    // The person points the protected entry at another program: it is theirs to route again.
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { mcpServers: Record<string, unknown> };
    data.mcpServers.a = { command: 'replacement' };
    fs.writeFileSync(file, JSON.stringify(data));
    const again = await fixture.service.connect('claude-code');
    expect(again.changed.map((c) => [c.server, c.definition.command])).toEqual([['a', 'replacement']]);
  });
});

describe('YAML insertions', () => {
  it('adds args after a block value without touching the next key', async () => {
    fixture = makeFixture();
    const file = write(
      '.config/goose/config.yaml',
      'extensions:\n  s:\n    type: stdio\n    cmd: srv\n    envs:\n      K: v\n    timeout: 10\n',
    );

    await fixture.service.connect('goose');

    expect(fs.readFileSync(file, 'utf8')).toBe(
      'extensions:\n  s:\n    type: stdio\n    cmd: /usr/bin/node\n    args: [/opt/portcullis/cli.js, shim, "--client", goose, "--server", s]\n    envs:\n      K: v\n    timeout: 10\n',
    );
    await fixture.service.disconnect('goose');
    expect(fs.readFileSync(file, 'utf8')).toBe(
      'extensions:\n  s:\n    type: stdio\n    cmd: srv\n    envs:\n      K: v\n    timeout: 10\n',
    );
  });
});

describe('hostile config contents', () => {
  it('an alias bomb is refused with a position instead of being expanded', async () => {
    fixture = makeFixture();
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const file = write(
      '.config/goose/config.yaml',
      `${levels.join('\n')}\nextensions:\n  s: {type: stdio, cmd: srv}\n`,
    );
    const before = fs.readFileSync(file);

    const error = await fixture.service.connect('goose').catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(ConfigParseError);
    expect((error as ConfigParseError).problem).toMatch(/alias/i);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('a server named __proto__ is left alone rather than lost from the restore state', async () => {
    fixture = makeFixture();
    fixture.writeCursor('{ "mcpServers": { "__proto__": { "command": "x" }, "ok": { "command": "y" } } }');

    const result = await fixture.service.connect('cursor');

    expect(result.changed.map((c) => c.server)).toEqual(['ok']);
    expect(result.skipped[0]).toMatchObject({ server: '__proto__' });
    await fixture.service.disconnect('cursor');
    expect(fs.readFileSync(fixture.cursorPath, 'utf8')).toBe(
      '{ "mcpServers": { "__proto__": { "command": "x" }, "ok": { "command": "y" } } }',
    );
  });
});
