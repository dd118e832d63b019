import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClientsService } from '../../../main/clients';
import { makeFixture, removeFixture, SHIM } from './fixture';
import type { Fixture } from './fixture';

let fixture: Fixture;
afterEach(() => removeFixture(fixture));

const SHIM_COMMAND = [
  '/usr/bin/node',
  '/opt/portcullis/cli.js',
  'shim',
  '--client',
  'claude-code',
  '--server',
  'github',
];

/** A service whose administrator-managed files (`/etc/…`) live under the fixture's `system/`. */
function service() {
  return createClientsService({
    host: fixture.host,
    backupsDir: fixture.backupsDir,
    shim: SHIM,
    registry: { register: (d) => void fixture.registered.push(...d) },
    systemRoot: path.join(fixture.root, 'system'),
  });
}

function write(file: string, text: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const managed = (name: string) => path.join(fixture.root, 'system', 'etc', 'claude-code', name);

function claudeJson(): { file: string; bytes: Buffer } {
  const file = write(
    path.join(fixture.home, '.claude.json'),
    '{ "mcpServers": { "github": { "command": "npx", "args": ["-y", "@mcp/github"] } } }\n',
  );
  return { file, bytes: fs.readFileSync(file) };
}

describe("Claude Code's own rules about which servers load", () => {
  it('an allowlist of exact commands would drop the shim: nothing is written, and it says what to ask for', async () => {
    fixture = makeFixture();
    write(
      managed('managed-settings.json'),
      JSON.stringify({ allowedMcpServers: [{ serverCommand: ['npx', '-y', '@mcp/github'] }] }),
    );
    const { file, bytes } = claudeJson();

    const result = await service().connect('claude-code');

    expect(result.changed).toEqual([]);
    expect(result.skipped).toEqual([
      {
        server: 'github',
        reason: expect.stringContaining('lists stdio servers by their exact command') as string,
        remedy: `Ask your administrator to add {"serverCommand": ${JSON.stringify(SHIM_COMMAND)}} to allowedMcpServers; until then "github" is left as it is.`,
      },
    ]);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fixture.registered).toEqual([]);
    const [report] = (await service().list()).filter((c) => c.id === 'claude-code');
    expect(report?.servers[0]).toMatchObject({ name: 'github', state: 'cannot-protect', command: 'npx' });
  });

  it('an allowlist that names servers still loads the shim under the same name, so it is written', async () => {
    fixture = makeFixture();
    write(
      managed('managed-settings.json'),
      JSON.stringify({ allowedMcpServers: [{ serverName: 'github' }] }),
    );
    claudeJson();

    expect((await service().connect('claude-code')).changed.map((c) => c.server)).toEqual(['github']);
  });

  it('the allowlist also lists the shim command (the administrator allowed it): it is written', async () => {
    fixture = makeFixture();
    write(
      managed('managed-settings.json'),
      JSON.stringify({
        allowedMcpServers: [{ serverCommand: ['npx', '-y', '@mcp/github'] }, { serverCommand: SHIM_COMMAND }],
      }),
    );
    claudeJson();

    expect((await service().connect('claude-code')).changed.map((c) => c.server)).toEqual(['github']);
  });

  it("a deny rule in the person's own settings, and a managed-mcp.json that replaces every user server", async () => {
    fixture = makeFixture();
    write(
      path.join(fixture.home, '.claude', 'settings.json'),
      JSON.stringify({ deniedMcpServers: [{ serverName: 'github' }] }),
    );
    const { file, bytes } = claudeJson();
    expect((await service().connect('claude-code')).skipped[0]?.reason).toMatch(/deniedMcpServers/);

    fs.rmSync(path.join(fixture.home, '.claude'), { recursive: true });
    write(managed('managed-mcp.json'), '{ "mcpServers": {} }');
    const result = await service().connect('claude-code');
    expect(result.skipped[0]?.reason).toBe(
      `Claude Code loads only the servers in ${managed('managed-mcp.json')}; entries in your own files do not run`,
    );
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});

describe('Codex requirements.toml', () => {
  const requirements = () => path.join(fixture.root, 'system', 'etc', 'codex', 'requirements.toml');

  function codexConfig(): { file: string; bytes: Buffer } {
    const file = write(
      path.join(fixture.home, '.codex', 'config.toml'),
      '[mcp_servers.docs]\ncommand = "docs-server"\n',
    );
    return { file, bytes: fs.readFileSync(file) };
  }

  it('an identity that pins the original command keeps the entry as it is, and says what to ask for', async () => {
    fixture = makeFixture();
    write(requirements(), '[mcp_servers.docs.identity]\ncommand = "docs-server"\n');
    const { file, bytes } = codexConfig();

    const result = await service().connect('codex');

    expect(result.changed).toEqual([]);
    expect(result.skipped).toEqual([
      {
        server: 'docs',
        reason: `${requirements()} requires "docs" to run "docs-server", so Codex would disable the Portcullis shim`,
        remedy:
          '[mcp_servers.docs.identity] command = "/usr/bin/node"'.replace(
            /^/,
            'Ask your administrator to set ',
          ) + '; until then it is left as it is.',
      },
    ]);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('requirements that allow the shim command let the entry be written', async () => {
    fixture = makeFixture();
    write(requirements(), '[mcp_servers.docs.identity]\ncommand = "/usr/bin/node"\n');
    codexConfig();

    expect((await service().connect('codex')).changed.map((c) => c.server)).toEqual(['docs']);
  });
});
