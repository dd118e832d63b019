import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Approval } from '../../shared/approvals';
import type { AuditRow } from '../../shared/audit';
import { join as glue } from '../fixtures/secrets/fake';
import { leakyServer } from '../helpers/paths';
import {
  connectEntry,
  createWorld,
  readEntries,
  runCli,
  startGateway,
  waitFor,
  writeFile,
  type RunningGateway,
  type World,
  type EntryClient as Client,
} from '../helpers/world';

/**
 * Secrets stay out, end to end: a real gateway and a careless server that repeats its configured
 * secrets in its errors and on stderr, called with secrets in the arguments and answered with one
 * in a denial's reason. None of them may reach the audit database's files, `audit --format json`,
 * the control API or the live event stream.
 */
describe('secrets in arguments, errors, stderr and reasons', () => {
  const dbPassword = 'Vq7-unlikely-db-pass';
  const argPassword = 'Hx4-unlikely-arg-pass';
  const token = glue('gh', 'p_', 'Rz8wQ2nV6kT1pY5sL9dH3fJ7bM0cX4gA6eU2');
  const secrets = [dbPassword, argPassword, token];

  let world: World;
  let gateway: RunningGateway;
  let client: Client;
  const events: string[] = [];
  let socket: WebSocket;

  const api = async (channel: string, body: unknown = {}) => {
    const res = await fetch(`${gateway.dashboardUrl}api/${channel}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${gateway.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as { ok: boolean; data?: unknown };
  };
  const leaked = (text: string) => secrets.filter((s) => text.includes(s));

  beforeAll(async () => {
    world = createWorld();
    mkdirSync(world.dataDir, { recursive: true });
    writeFileSync(join(world.dataDir, 'settings.json'), JSON.stringify({ approvalTimeoutSeconds: 30 }));
    writeFile(
      world.claudeConfigPath,
      JSON.stringify({
        mcpServers: {
          leaky: {
            command: 'node',
            args: [leakyServer],
            env: { DATABASE_URL: `postgres://app:${dbPassword}@db.internal:5432/prod`, API_TOKEN: token },
          },
        },
      }),
    );
    gateway = await startGateway(world);
    expect((await runCli(world, ['connect', 'claude-desktop'])).code).toBe(0);
    const policy = join(world.root, 'policy.json');
    writeFileSync(
      policy,
      JSON.stringify({ version: '1', default: 'allow', tools: { drop_table: { action: 'approve' } } }),
    );
    expect((await runCli(world, ['policy', 'import', policy])).code).toBe(0);

    socket = new WebSocket(`${gateway.dashboardUrl.replace('http', 'ws')}api/events`, {
      headers: { Origin: gateway.dashboardUrl.replace(/\/$/, ''), Authorization: `Bearer ${gateway.token}` },
    });
    socket.on('message', (data: Buffer) => events.push(data.toString()));
    await new Promise((r) => socket.once('open', r));
    client = (await connectEntry(readEntries(world.claudeConfigPath).leaky!, world)).client;

    // Arguments with a token in prose, a password by name and one inside a URL.
    await client.callTool({
      name: 'echo',
      arguments: {
        note: `deploy with ${token}`,
        password: argPassword,
        url: `mysql://root:${argPassword}@localhost/shop`,
      },
    });
    // A server error quoting its connection string and token.
    await expect(client.callTool({ name: 'query', arguments: { sql: 'select 1' } })).rejects.toThrow(
      dbPassword,
    );
    // A call held for approval, with a secret in its arguments, denied with one in the reason.
    const held = client.callTool({
      name: 'drop_table',
      arguments: { table: 'orders', dsn: `postgres://app:${dbPassword}@db` },
    });
    const approval = await waitFor(async () => {
      const waiting = (await api('approvals:list')).data as Approval[];
      return waiting.find((a) => a.tool === 'drop_table');
    }, 'the held drop_table call');
    expect(approval.args).toContain('[REDACTED]');
    expect(leaked(JSON.stringify(approval))).toEqual([]);
    expect(
      (await api('approvals:answer', { id: approval.id, decision: 'deny', reason: `no; rotate ${token}` }))
        .ok,
    ).toBe(true);
    expect((await held).isError).toBe(true);
    // The server prints its token on stderr and dies: its last words go to the client and the log.
    await expect(client.callTool({ name: 'crash', arguments: {} })).rejects.toThrow();
  });

  afterAll(async () => {
    socket?.close();
    await client?.close().catch(() => undefined);
    await gateway?.stop();
    world?.cleanup();
  });

  it('writes every call to the audit log, with the secrets redacted', async () => {
    const audit = await runCli(world, ['audit', '--format', 'json', '--kind', 'call']);
    expect(audit.code, audit.stderr).toBe(0);
    const rows = JSON.parse(audit.stdout) as AuditRow[];
    const byTool = (tool: string) => rows.find((r) => r.tool === tool)!;
    expect(JSON.parse(byTool('echo').args!)).toEqual({
      note: 'deploy with [REDACTED]',
      password: '[REDACTED]',
      url: 'mysql://root:[REDACTED]@localhost/shop',
    });
    expect(byTool('query').error).toBe(
      '-32603 MCP error -32603: could not connect to postgres://app:[REDACTED]@db.internal:5432/prod (Authorization: Bearer [REDACTED])',
    );
    expect(byTool('drop_table')).toMatchObject({ reason: 'no; rotate [REDACTED]', approver: 'cli' });
    expect(byTool('crash').error).toContain('API_TOKEN=[REDACTED]');
    expect(leaked(audit.stdout)).toEqual([]);
  });

  it('keeps the secrets out of the audit database files', async () => {
    const base = join(world.dataDir, 'portcullis.db');
    const files = [base, `${base}-wal`, `${base}-shm`].filter((f) => existsSync(f));
    expect(files).toContain(base);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const secret of secrets) expect(bytes.includes(secret), `${secret} in ${file}`).toBe(false);
    }
  });

  it('keeps the secrets out of what the control API answers', async () => {
    for (const channel of ['live:recent', 'approvals:list', 'sessions:list', 'status:get', 'audit:query']) {
      const body = channel === 'live:recent' ? { limit: 100 } : {};
      const answer = await api(channel, body);
      expect(answer.ok, channel).toBe(true);
      expect(leaked(JSON.stringify(answer)), channel).toEqual([]);
    }
    const recent = JSON.stringify((await api('live:recent', { limit: 100 })).data);
    expect(recent).toContain('[REDACTED]');
  });

  it('keeps the secrets out of the live event stream', () => {
    expect(events.some((e) => e.includes('"type":"approval"'))).toBe(true);
    expect(events.some((e) => e.includes('"tool":"query"'))).toBe(true);
    expect(leaked(events.join('\n'))).toEqual([]);
  });
});
