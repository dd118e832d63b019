import { chmodSync, existsSync, lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRow } from '../../shared/audit';
import { repoRoot } from '../helpers/paths';
import { rawClient } from '../helpers/raw-client';
import {
  createWorld,
  readEntries,
  runCli,
  startGateway,
  waitFor,
  writeFile,
  type RunningGateway,
  type World,
} from '../helpers/world';

const stressServer = join(repoRoot, 'test/fixtures/servers/stress-server.mjs');
const fixtureServer = join(repoRoot, 'test/fixtures/servers/fixture-server.mjs');

async function auditRows(world: World): Promise<AuditRow[]> {
  const out = await runCli(world, ['audit', '--format', 'json', '--kind', 'call']);
  return JSON.parse(out.stdout) as AuditRow[];
}

/** Faults, from a peer or from Portcullis itself, end cleanly: every waiting request is answered. */
describe('faults end cleanly', () => {
  let world: World;
  let gateway: RunningGateway;

  beforeAll(async () => {
    world = createWorld();
    writeFile(
      world.cursorConfigPath,
      JSON.stringify({
        mcpServers: {
          stress: { command: process.execPath, args: [stressServer] },
          fixture: { command: process.execPath, args: [fixtureServer] },
        },
      }),
    );
    writeFile(join(world.dataDir, 'settings.json'), JSON.stringify({ callTimeoutSeconds: 1 }));
    gateway = await startGateway(world);
    const connected = await runCli(world, ['connect', 'cursor']);
    expect(connected.code, connected.stderr).toBe(0);
  });

  afterAll(async () => {
    await gateway?.stop();
    world?.cleanup();
  });

  it('answers a call its server never answers after callTimeoutSeconds, and audits it as timed out', async () => {
    const client = rawClient(readEntries(world.cursorConfigPath).stress!, world);
    await client.start();
    client.send({ jsonrpc: '2.0', id: 'h', method: 'tools/call', params: { name: 'hang', arguments: {} } });
    const answer = await client.answered('h', 10_000);
    expect(answer).toMatchObject({
      error: {
        code: -32001,
        message: 'Portcullis: the server "stress" did not answer within 1 s, so the call was stopped.',
      },
    });
    const row = await waitFor(
      async () => (await auditRows(world)).find((r) => r.tool === 'hang'),
      'the audit row',
    );
    expect(row).toMatchObject({ isError: true, error: 'timed out after 1 s: the server did not answer' });
    client.child.stdin.end();
  });

  it('lets a call outlast the timeout while its server reports progress', async () => {
    const client = rawClient(readEntries(world.cursorConfigPath).fixture!, world);
    await client.start();
    client.send({
      jsonrpc: '2.0',
      id: 's',
      method: 'tools/call',
      params: { name: 'slow', arguments: { steps: 5, ms: 500 }, _meta: { progressToken: 'tok' } },
    });
    expect(await client.answered('s', 15_000)).toMatchObject({
      result: { content: [{ text: 'done after 5 steps' }] },
    });
    client.child.stdin.end();
  });

  it('when the gateway dies mid-call, the shim answers every waiting request, says so, and exits non-zero', async () => {
    const client = rawClient(readEntries(world.cursorConfigPath).fixture!, world);
    await client.start();
    client.send({
      jsonrpc: '2.0',
      id: 'a',
      method: 'tools/call',
      params: { name: 'slow', arguments: { steps: 100, ms: 200 }, _meta: { progressToken: 'ta' } },
    });
    client.send({
      jsonrpc: '2.0',
      id: 'b',
      method: 'tools/call',
      params: { name: 'slow', arguments: { steps: 100, ms: 200 } },
    });
    await waitFor(
      () => client.answers.find((a) => a.method === 'notifications/progress'),
      'the call to be running',
    );
    gateway.process.kill('SIGKILL');
    expect(await client.exited).toBe(1);
    for (const id of ['a', 'b']) {
      expect(client.answers.find((a) => a.id === id)).toMatchObject({
        error: {
          code: -32000,
          message: expect.stringMatching(/^Portcullis: the gateway closed the connection/),
        },
      });
    }
    expect(client.stderr()).toMatch(/Portcullis: the gateway closed the connection to the server "fixture"/);
    gateway = await startGateway(world);
  });

  it('closes a socket that never says hello, and keeps only a few such sockets at all', async () => {
    const socketPath = join(world.dataDir, 'gateway.sock');
    const closedAfter = await new Promise<number>((done) => {
      const started = Date.now();
      const socket = connect(socketPath);
      socket.on('data', () => undefined);
      socket.on('close', () => done(Date.now() - started));
    });
    expect(closedAfter).toBeGreaterThanOrEqual(4_500);
    expect(closedAfter).toBeLessThan(9_000);

    const sockets = Array.from({ length: 70 }, () => connect(socketPath));
    const refusedAtOnce = await Promise.all(
      sockets.map(
        (s) =>
          new Promise<boolean>((done) => {
            const timer = setTimeout(() => done(false), 1_500);
            s.on('error', () => undefined);
            s.on('close', () => (clearTimeout(timer), done(true)));
          }),
      ),
    );
    for (const s of sockets) s.destroy();
    expect(refusedAtOnce.filter(Boolean).length).toBeGreaterThanOrEqual(6);
    // And it still serves a real client.
    const client = rawClient(readEntries(world.cursorConfigPath).fixture!, world);
    await client.start();
    client.child.stdin.end();
  }, 20_000);

  it('caps and rotates a chatty server’s log', async () => {
    const client = rawClient(readEntries(world.cursorConfigPath).stress!, world);
    await client.start();
    client.send({
      jsonrpc: '2.0',
      id: 'n',
      method: 'tools/call',
      params: { name: 'noise', arguments: { bytes: 12 * 1024 * 1024 } },
    });
    await client.answered('n', 60_000);
    client.child.stdin.end();
    const log = join(world.dataDir, 'logs', 'servers', 'cursor--stress.log');
    await waitFor(() => existsSync(`${log}.1`), 'the rotated log');
    expect(statSync(log).size).toBeLessThanOrEqual(5 * 1024 * 1024 + 1024 * 1024);
    expect(statSync(`${log}.1`).size).toBeLessThanOrEqual(5 * 1024 * 1024 + 1024 * 1024);
  }, 90_000);

  it('keeps every file in the data folder readable by this user only', async () => {
    // A file an older version left readable is narrowed when the gateway starts.
    chmodSync(join(world.dataDir, 'settings.json'), 0o644);
    await gateway.stop();
    gateway = await startGateway(world);
    const loose: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        const stat = lstatSync(path);
        if (stat.isDirectory()) {
          if ((stat.mode & 0o777) !== 0o700) loose.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
          walk(path);
        } else if ((stat.mode & 0o777) !== 0o600 && !stat.isSocket()) {
          loose.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
        } else if (stat.isSocket() && (stat.mode & 0o077) !== 0) loose.push(`${path} (socket)`);
      }
    };
    walk(world.dataDir);
    const files = readdirSync(world.dataDir);
    expect(files).toEqual(
      expect.arrayContaining([
        'portcullis.db',
        'portcullis.db-wal',
        'settings.json',
        'token',
        'logs',
        'backups',
      ]),
    );
    expect(loose).toEqual([]);
  });
});

describe('the gateway runs what the person saw', () => {
  let world: World;
  let gateway: RunningGateway;

  beforeAll(async () => {
    world = createWorld();
    gateway = await startGateway(world);
  });

  afterAll(async () => {
    await gateway?.stop();
    world?.cleanup();
  });

  it('looks the command up in the PATH recorded at connect time, not in the PATH a shim sends', async () => {
    const seen = join(world.root, 'seen');
    const trojan = join(world.root, 'trojan');
    const marker = join(world.root, 'trojan-ran');
    const script = (extra: string) =>
      `#!/bin/sh\n${extra}exec "${process.execPath}" "${fixtureServer}" "$@"\n`;
    writeFile(join(seen, 'my-server'), script(''));
    writeFile(join(trojan, 'my-server'), script(`echo ran > "${marker}"\n`));
    chmodSync(join(seen, 'my-server'), 0o755);
    chmodSync(join(trojan, 'my-server'), 0o755);
    writeFile(
      world.claudeConfigPath,
      JSON.stringify({ mcpServers: { mine: { command: 'my-server', args: [] } } }),
    );

    const connected = await runCli(world, ['connect', 'claude-desktop'], {
      PATH: `${seen}:${process.env.PATH}`,
    });
    expect(connected.code, connected.stderr).toBe(0);

    const entry = readEntries(world.claudeConfigPath).mine!;
    const client = rawClient(entry, world, { PATH: `${trojan}:${process.env.PATH}` });
    await client.start();
    client.send({
      jsonrpc: '2.0',
      id: 'p',
      method: 'tools/call',
      params: { name: 'env', arguments: { name: 'PATH' } },
    });
    const answer = (await client.answered('p')) as { result: { content: { text: string }[] } };
    expect(answer.result.content[0]!.text.startsWith(`${seen}:`)).toBe(true);
    expect(existsSync(marker)).toBe(false);
    client.child.stdin.end();
    expect(readFileSync(join(world.dataDir, 'portcullis.db')).length).toBeGreaterThan(0);
  });

  it('does not pass a variable that loads other code unless the config entry had it when connected', async () => {
    const marker = join(world.root, 'preloaded');
    const preload = join(world.root, 'preload.cjs');
    // The shim is a Node program too and the client's environment is its own: only a run inside
    // the server counts.
    writeFile(
      preload,
      `if (process.argv.some((a) => a.endsWith('fixture-server.mjs'))) require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n`,
    );
    writeFile(
      world.cursorConfigPath,
      JSON.stringify({
        mcpServers: {
          plain: { command: process.execPath, args: [fixtureServer] },
          tuned: {
            command: process.execPath,
            args: [fixtureServer],
            env: { NODE_OPTIONS: '--max-old-space-size=200' },
          },
        },
      }),
    );
    const connected = await runCli(world, ['connect', 'cursor']);
    expect(connected.code, connected.stderr).toBe(0);
    const entries = readEntries(world.cursorConfigPath);

    const plain = rawClient(entries.plain!, world, { NODE_OPTIONS: `--require ${preload}` });
    await plain.start();
    plain.send({
      jsonrpc: '2.0',
      id: 'e',
      method: 'tools/call',
      params: { name: 'env', arguments: { name: 'NODE_OPTIONS' } },
    });
    expect(await plain.answered('e')).toMatchObject({ result: { content: [{ text: '(unset)' }] } });
    expect(existsSync(marker)).toBe(false);
    plain.child.stdin.end();
    const log = readFileSync(join(world.dataDir, 'logs', 'servers', 'cursor--plain.log'), 'utf8');
    expect(log).toContain('did not pass NODE_OPTIONS to the server');

    const tuned = rawClient(entries.tuned!, world);
    await tuned.start();
    tuned.send({
      jsonrpc: '2.0',
      id: 't',
      method: 'tools/call',
      params: { name: 'env', arguments: { name: 'NODE_OPTIONS' } },
    });
    expect(await tuned.answered('t')).toMatchObject({
      result: { content: [{ text: '--max-old-space-size=200' }] },
    });
    tuned.child.stdin.end();
  });
});
