import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClientsService } from '../../../main/clients';
import type { ServerDefinition } from '../../../shared/servers';
import { makeFixture, removeFixture, SHIM, type Fixture } from './fixture';

let fixture: Fixture;
afterEach(() => removeFixture(fixture));

const ID = 'ant.dir.fixture-notes';

interface World {
  claudeDir: string;
  config: string;
  settings: string;
  extensionDir: string;
  registered: ServerDefinition[];
  running: { value: boolean | undefined };
  service: ReturnType<typeof createClientsService>;
}

/** A Claude Desktop folder laid out as public reports describe it, with one extension installed. */
function claudeWithExtension(
  manifest: Record<string, unknown> = {},
  settings: Record<string, unknown> = {},
): World {
  fixture = makeFixture();
  const claudeDir = path.join(fixture.home, '.config', 'Claude');
  const extensionDir = path.join(claudeDir, 'Claude Extensions', ID);
  fs.mkdirSync(path.join(extensionDir, 'server'), { recursive: true });
  fs.writeFileSync(path.join(extensionDir, 'server', 'index.js'), '// the server\n');
  fs.writeFileSync(
    path.join(extensionDir, 'manifest.json'),
    JSON.stringify({
      manifest_version: '0.3',
      name: 'fixture-notes',
      display_name: 'Fixture Notes',
      version: '1.2.0',
      author: { name: 'Someone' },
      server: {
        type: 'node',
        entry_point: 'server/index.js',
        mcp_config: {
          command: 'node',
          args: ['${__dirname}/server/index.js', '--root', '${user_config.roots}'],
          env: { NOTES_MODE: '${user_config.mode}', NOTES_HOME: '${HOME}' },
        },
      },
      user_config: {
        roots: { type: 'directory', multiple: true },
        mode: { type: 'string', default: 'read' },
        token: { type: 'string', sensitive: true },
      },
      ...manifest,
    }),
  );
  fs.writeFileSync(
    path.join(claudeDir, 'extensions-installations.json'),
    JSON.stringify({
      extensions: {
        [ID]: { id: ID, version: '1.2.0', source: 'local', signatureInfo: { status: 'unsigned' } },
      },
    }),
  );
  const settingsPath = path.join(claudeDir, 'Claude Extensions Settings', `${ID}.json`);
  fs.mkdirSync(path.dirname(settingsPath), { recursive: true });
  fs.writeFileSync(
    settingsPath,
    `${JSON.stringify({ isEnabled: true, userConfig: { roots: ['/home/me/notes', '/home/me/My Work'] }, ...settings }, null, 2)}\n`,
  );
  const config = path.join(claudeDir, 'claude_desktop_config.json');
  fs.writeFileSync(
    config,
    '{\n  "globalShortcut": "Ctrl+Space",\n  "mcpServers": {\n    "fixture-notes": { "command": "npx", "args": ["other"] }\n  }\n}\n',
  );
  const registered: ServerDefinition[] = [];
  const running = { value: false as boolean | undefined };
  const service = createClientsService({
    host: fixture.host,
    backupsDir: fixture.backupsDir,
    shim: SHIM,
    registry: { register: (d) => void registered.push(...d) },
    searchPath: async () => process.env.PATH ?? '',
    claudeDesktopRunning: async () => running.value,
  });
  return { claudeDir, config, settings: settingsPath, extensionDir, registered, running, service };
}

const extensionsOf = async (world: World) =>
  (await world.service.list()).find((client) => client.id === 'claude-desktop')?.extensions ?? [];

describe('Claude Desktop extensions', () => {
  it('are listed with what they run, their variables filled in', async () => {
    const world = claudeWithExtension();
    expect(await extensionsOf(world)).toEqual([
      expect.objectContaining({
        id: ID,
        name: 'Fixture Notes',
        version: '1.2.0',
        enabled: true,
        signature: 'unsigned',
        state: 'unprotected',
        declared: {
          command: 'node',
          args: ['${__dirname}/server/index.js', '--root', '${user_config.roots}'],
        },
        runs: {
          command: 'node',
          args: [
            path.join(world.extensionDir, 'server/index.js'),
            '--root',
            '/home/me/notes',
            '/home/me/My Work',
          ],
        },
      }),
    ]);
  });

  it.each([
    [
      'one that needs a secret from the keychain',
      {
        server: {
          type: 'node',
          mcp_config: { command: 'node', args: [], env: { TOKEN: '${user_config.token}' } },
        },
      },
      {},
      /OS keychain/,
    ],
    ['one switched off in Claude Desktop', {}, { isEnabled: false }, /switched off/],
    [
      'a uv extension, which Claude Desktop runs itself',
      { server: { type: 'uv', entry_point: 'src/server.py' } },
      {},
      /runs this Python \(uv\) extension itself/,
    ],
    [
      'one whose command is not on the PATH',
      { server: { type: 'node', mcp_config: { command: 'no-such-node-here', args: [] } } },
      {},
      /built-in Node\.js/,
    ],
    [
      'one with a variable Portcullis does not know',
      { server: { type: 'binary', mcp_config: { command: '${APPDATA}/x', args: [] } } },
      {},
      /does not know how to fill in/,
    ],
  ])('cannot protect %s, and says why', async (_what, manifest, settings, why) => {
    const world = claudeWithExtension(manifest, settings);
    const [report] = await extensionsOf(world);
    expect(report?.state).toBe('cannot-protect');
    expect(report?.problem).toMatch(why);
    await expect(world.service.protectExtension('claude-desktop', ID)).rejects.toThrow(/cannot be protected/);
  });

  it('is never changed while Claude Desktop runs, or when that cannot be told', async () => {
    const world = claudeWithExtension();
    const before = [fs.readFileSync(world.config), fs.readFileSync(world.settings)];
    world.running.value = true;
    await expect(world.service.protectExtension('claude-desktop', ID)).rejects.toThrow(
      /Quit Claude Desktop first/,
    );
    world.running.value = undefined;
    await expect(world.service.protectExtension('claude-desktop', ID)).rejects.toThrow(/could not tell/);
    expect(fs.readFileSync(world.config).equals(before[0]!)).toBe(true);
    expect(fs.readFileSync(world.settings).equals(before[1]!)).toBe(true);
  });

  it('protects: its command becomes a shim entry beside the others, and the extension is switched off', async () => {
    const world = claudeWithExtension();
    const config = fs.readFileSync(world.config);
    const settings = fs.readFileSync(world.settings);

    const preview = await world.service.protectExtension('claude-desktop', ID, { dryRun: true });
    expect(preview.key).toBe('fixture-notes-extension');
    expect(preview.files.map((f) => f.path)).toEqual([world.config, world.settings]);
    expect(preview.files[1]?.newText).toContain('"isEnabled": false');
    expect(fs.readFileSync(world.config).equals(config)).toBe(true);

    const done = await world.service.protectExtension('claude-desktop', ID);
    expect(done.definition).toMatchObject({
      command: 'node',
      args: [
        path.join(world.extensionDir, 'server/index.js'),
        '--root',
        '/home/me/notes',
        '/home/me/My Work',
      ],
      envKeys: ['NOTES_MODE', 'NOTES_HOME'],
    });
    expect(world.registered.map((d) => d.name)).toEqual(['fixture-notes-extension']);
    const written = JSON.parse(fs.readFileSync(world.config, 'utf8')) as {
      mcpServers: Record<string, { command: string; args: string[]; env?: Record<string, string> }>;
    };
    expect(written.mcpServers['fixture-notes']).toEqual({ command: 'npx', args: ['other'] });
    expect(written.mcpServers['fixture-notes-extension']?.args.join(' ')).toContain(
      'shim --client claude-desktop --server fixture-notes-extension',
    );
    expect(written.mcpServers['fixture-notes-extension']?.env).toEqual({
      NOTES_MODE: 'read',
      NOTES_HOME: fixture.home,
    });
    expect(JSON.parse(fs.readFileSync(world.settings, 'utf8'))).toMatchObject({ isEnabled: false });
    expect((await extensionsOf(world))[0]).toMatchObject({
      state: 'protected',
      key: 'fixture-notes-extension',
    });
    const claude = (await world.service.list()).find((c) => c.id === 'claude-desktop')!;
    expect(claude.servers.map((s) => [s.name, s.state])).toEqual([
      ['fixture-notes', 'unprotected'],
      ['fixture-notes-extension', 'protected'],
    ]);

    // Claude Desktop switches it back on (an update): shown as drifted.
    fs.writeFileSync(world.settings, fs.readFileSync(world.settings, 'utf8').replace('false', 'true'));
    expect((await extensionsOf(world))[0]).toMatchObject({ state: 'drifted' });
    fs.writeFileSync(
      world.settings,
      fs.readFileSync(world.settings, 'utf8').replace('"isEnabled": true', '"isEnabled": false'),
    );

    // Undone: both files as they were, byte for byte.
    await world.service.unprotectExtension('claude-desktop', ID);
    expect(fs.readFileSync(world.config, 'utf8')).toBe(config.toString('utf8'));
    expect(fs.readFileSync(world.settings).equals(settings)).toBe(true);
    expect((await extensionsOf(world))[0]).toMatchObject({ state: 'unprotected' });
  });

  it('is not undone while Claude Desktop runs', async () => {
    const world = claudeWithExtension();
    await world.service.protectExtension('claude-desktop', ID);
    const [config, settings] = [fs.readFileSync(world.config), fs.readFileSync(world.settings)];
    world.running.value = true;
    await expect(world.service.unprotectExtension('claude-desktop', ID)).rejects.toThrow(
      /Quit Claude Desktop/,
    );
    expect(fs.readFileSync(world.config).equals(config)).toBe(true);
    expect(fs.readFileSync(world.settings).equals(settings)).toBe(true);
  });
});
