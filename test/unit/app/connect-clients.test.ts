import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../shared/api';
import {
  connectClients,
  describeDefinition,
  describePlans,
  formatCommand,
} from '../../../main/app/connect-clients';
import { fakeApi, fakeMessageBox } from './fakes';

type ClientReport = ApiResult<'clients:list'>[number];
type ConnectResult = ApiResult<'clients:connect'>;

const LONG_ARG = `--root=${'/very/long/folder'.repeat(12)}`;

const cursor: ClientReport = {
  id: 'cursor',
  name: 'Cursor',
  configPath: '/home/me/.cursor/mcp.json',
  exists: true,
  files: [],
  restart: 'reload',
  servers: [
    {
      name: 'github',
      transport: 'stdio',
      protected: false,
      state: 'unprotected',
      scope: 'user',
      command: 'npx',
      args: ['-y', 'server-github'],
    },
    { name: 'memory', transport: 'stdio', protected: true, state: 'protected', scope: 'user' },
  ],
};
const claude: ClientReport = {
  id: 'claude-desktop',
  name: 'Claude Desktop',
  configPath: '/home/me/.config/Claude/claude_desktop_config.json',
  exists: true,
  files: [],
  restart: 'restart',
  servers: [{ name: 'files', transport: 'stdio', protected: true, state: 'protected', scope: 'user' }],
};
const vscode: ClientReport = {
  id: 'vscode',
  name: 'VS Code',
  configPath: '/home/me/.config/Code/User/mcp.json',
  exists: false,
  servers: [],
  files: [],
  restart: 'automatic',
};

function plan(client: string, dryRun: boolean): ConnectResult {
  return {
    client,
    configPath: '/home/me/.cursor/mcp.json',
    dryRun,
    changed: [
      {
        server: 'github',
        definition: {
          client,
          name: 'github',
          transport: 'stdio',
          command: '/usr/local/bin/npx',
          args: ['-y', '@modelcontextprotocol/server-github', LONG_ARG, 'two words'],
          cwd: '/home/me/work',
          envKeys: ['GITHUB_TOKEN'],
          headerKeys: [],
        },
      },
    ],
    skipped: [{ server: 'memory', reason: 'already protected' }],
    files: [],
    ...(dryRun ? {} : { backupPath: '/data/backups/cursor-1.json' }),
  };
}

function api(clients: ClientReport[]) {
  return fakeApi({
    'clients:list': () => clients,
    'clients:connect': (args) => {
      const { client, dryRun } = args as { client: string; dryRun: boolean };
      return plan(client, dryRun);
    },
  });
}

describe('connectClients', () => {
  it('dry-runs each client with unprotected servers, shows exactly what will run, and connects on confirmation', async () => {
    const { api: client, calls } = api([cursor, claude, vscode]);
    const box = fakeMessageBox(0, 0);
    expect(await connectClients({ api: client, showMessageBox: box.showMessageBox })).toBe('connected');
    expect(calls).toEqual([
      ['clients:list', {}],
      ['clients:connect', { client: 'cursor', dryRun: true }],
      ['clients:connect', { client: 'cursor', dryRun: false }],
    ]);
    const confirm = box.shown[0]!;
    expect(confirm.message).toBe('Route 1 server in 1 client through Portcullis?');
    expect(confirm.buttons).toEqual(['Connect', 'Cancel']);
    expect(confirm.cancelId).toBe(1);
    // The full command, untruncated, however long.
    expect(confirm.detail).toContain(
      `runs: /usr/local/bin/npx -y @modelcontextprotocol/server-github ${LONG_ARG} "two words"`,
    );
    expect(confirm.detail).toContain('Cursor — /home/me/.cursor/mcp.json');
    expect(confirm.detail).toContain('environment from the config: GITHUB_TOKEN');
    expect(confirm.detail).toContain('memory: left alone (already protected)');
    const report = box.shown[1]!;
    expect(report).toMatchObject({ type: 'info', message: 'Connected.' });
    expect(report.detail).toContain('Cursor: github now runs through Portcullis.');
    expect(report.detail).toContain('/data/backups/cursor-1.json');
    expect(report.detail).toContain('Reload the windows of Cursor (or restart them).');
  });

  it("for one server (the tray's action): dry-runs and connects that server alone", async () => {
    const withTwo: ClientReport = {
      ...cursor,
      servers: [...cursor.servers, { ...cursor.servers[0]!, name: 'time' }],
    };
    const { api: client, calls } = api([withTwo, claude]);
    const box = fakeMessageBox(0, 0);
    const only = { client: 'cursor', servers: ['time'] };
    expect(await connectClients({ api: client, showMessageBox: box.showMessageBox, only })).toBe('connected');
    expect(calls.slice(1)).toEqual([
      ['clients:connect', { client: 'cursor', dryRun: true, servers: ['time'] }],
      ['clients:connect', { client: 'cursor', dryRun: false, servers: ['time'] }],
    ]);
  });

  it("says what the person can do where a client's own rules stand in the way", () => {
    const result = {
      ...plan('cursor', true),
      skipped: [
        {
          server: 'github',
          reason: 'the allowlist lists exact commands',
          remedy: 'Add this command to allowedMcpServers.',
        },
      ],
    };
    expect(describePlans([{ client: cursor, result }])).toContain(
      '  github: left alone (the allowlist lists exact commands)\n    what you can do: Add this command to allowedMcpServers.',
    );
  });

  it('cancelled: the dry run only, nothing connected', async () => {
    const { api: client, calls } = api([cursor]);
    const box = fakeMessageBox(1);
    expect(await connectClients({ api: client, showMessageBox: box.showMessageBox })).toBe('cancelled');
    expect(calls.filter(([, args]) => (args as { dryRun?: boolean }).dryRun === false)).toEqual([]);
    expect(box.shown).toHaveLength(1);
  });

  it('nothing unprotected: says so, and dry-runs nothing', async () => {
    const { api: client, channels } = api([claude, vscode]);
    const box = fakeMessageBox();
    expect(await connectClients({ api: client, showMessageBox: box.showMessageBox })).toBe('nothing to do');
    expect(channels()).toEqual(['clients:list']);
    expect(box.shown[0]).toMatchObject({ message: 'There is nothing to connect.' });
    expect(box.shown[0]?.detail).toBe('Claude Desktop: every server is already protected.');
  });

  it('no client configs at all: lists where it looked', async () => {
    const { api: client } = api([vscode]);
    const box = fakeMessageBox();
    await connectClients({ api: client, showMessageBox: box.showMessageBox });
    expect(box.shown[0]?.detail).toContain('VS Code: /home/me/.config/Code/User/mcp.json');
  });

  it('a dry run that fails is reported in the confirmation, and only the others connect', async () => {
    const other: ClientReport = { ...cursor, id: 'windsurf', name: 'Windsurf' };
    const { api: client, calls } = fakeApi({
      'clients:list': () => [cursor, other],
      'clients:connect': (args) => {
        const { client: id, dryRun } = args as { client: string; dryRun: boolean };
        if (id === 'windsurf') throw new Error('mcp_config.json line 3: unexpected }');
        return plan(id, dryRun);
      },
    });
    const box = fakeMessageBox(0, 0);
    expect(await connectClients({ api: client, showMessageBox: box.showMessageBox })).toBe('connected');
    expect(box.shown[0]?.detail).toContain('could not be read: mcp_config.json line 3: unexpected }');
    expect(calls.filter(([, args]) => (args as { dryRun?: boolean }).dryRun === false)).toEqual([
      ['clients:connect', { client: 'cursor', dryRun: false }],
    ]);
  });

  it('a connect that fails after confirmation is reported', async () => {
    const { api: client } = fakeApi({
      'clients:list': () => [cursor],
      'clients:connect': (args) => {
        const { client: id, dryRun } = args as { client: string; dryRun: boolean };
        if (!dryRun) throw new Error('the config changed since the dry run');
        return plan(id, dryRun);
      },
    });
    const box = fakeMessageBox(0, 0);
    expect(await connectClients({ api: client, showMessageBox: box.showMessageBox })).toBe('failed');
    expect(box.shown[1]).toMatchObject({ type: 'warning', message: 'Some clients could not be connected.' });
    expect(box.shown[1]?.detail).toContain('Cursor: not connected: the config changed since the dry run');
  });
});

describe('describing what will run', () => {
  it('quotes only what needs quoting', () => {
    expect(formatCommand('node', ['/srv/a.js', '--flag=x', 'two words', '', 'say "hi"'])).toBe(
      'node /srv/a.js --flag=x "two words" "" "say \\"hi\\""',
    );
  });

  it('remote servers: the URL and the header names', () => {
    expect(
      describeDefinition({
        client: 'cursor',
        name: 'remote',
        transport: 'http',
        url: 'https://mcp.example.com/mcp',
        args: [],
        envKeys: [],
        headerKeys: ['Authorization'],
      }),
    ).toEqual(['connects to (http): https://mcp.example.com/mcp', 'headers from the config: Authorization']);
  });

  it('ends with what connecting does to the file', () => {
    expect(describePlans([])).toContain('disconnecting restores it exactly');
  });
});

describe('hostile text in the connect dialogs', () => {
  /** A message box shows text as it is: no control, bidi or invisible character may reach it. */
  const RAW = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
  const withoutLayout = (text: string | undefined) => (text ?? '').replaceAll('\n', ' ');

  it('shows server names, commands and arguments from a config escaped', () => {
    const detail = describePlans([
      {
        client: cursor,
        result: {
          ...plan('cursor', true),
          changed: [
            {
              server: 'notes\u202Eexe.txt',
              definition: {
                client: 'cursor',
                name: 'notes\u202Eexe.txt',
                transport: 'stdio',
                command: 'node',
                args: ['server.js', '--label=\x1b[8mhidden', 'rm\u200B -rf'],
                envKeys: [],
                headerKeys: [],
              },
            },
          ],
          skipped: [{ server: 'x\ny', reason: 'already protected' }],
        },
      },
    ]);
    expect(withoutLayout(detail)).not.toMatch(RAW);
    expect(detail).toContain('  notes\\u{202E}exe.txt\n');
    expect(detail).toContain('runs: node server.js "--label=\\x1b[8mhidden" "rm\\u{200B} -rf"');
    expect(detail).toContain('x\\ny: left alone (already protected)');
  });

  it('shows an error text from the API escaped', async () => {
    const { api: client } = fakeApi({
      'clients:list': () => {
        throw new Error('cannot read\x1b[2J config\u202E');
      },
    });
    const box = fakeMessageBox();
    await connectClients({ api: client, showMessageBox: box.showMessageBox });
    expect(box.shown[0]?.detail).toBe('cannot read\\x1b[2J config\\u{202E}');
  });
});
