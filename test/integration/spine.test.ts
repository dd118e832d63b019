import { readFileSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRow } from '../../shared/audit';
import { cliPath, everythingServer, filesystemServer } from '../helpers/paths';
import {
  connectEntry,
  createWorld,
  readEntries,
  runCli,
  startGateway,
  writeFile,
  type RunningGateway,
  type World,
} from '../helpers/world';

/**
 * The spine issue's "must show", end to end with real processes: a Claude Desktop config with the
 * registry's server-everything and server-filesystem, rewritten by `connect`, run by an SDK client
 * exactly as the file says, decided by policy, written to the audit log, and restored byte for byte.
 */
describe('a Claude Desktop config through Portcullis', () => {
  let world: World;
  let gateway: RunningGateway | undefined;
  beforeEach(() => {
    world = createWorld();
  });
  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
    world.cleanup();
  });

  function writeClaudeConfig(): Buffer {
    // Formatting on purpose: comments are not allowed in this file, but odd spacing and unknown keys are.
    return writeFile(
      world.claudeConfigPath,
      `{
  "globalShortcut": "Ctrl+Space",
  "mcpServers": {
    "everything": {
      "command": "node",
      "args": [${JSON.stringify(everythingServer)}],
      "env": { "EVERYTHING_SECRET": "s3cr3t-value" }
    },
    "filesystem": {
      "command": "node",
      "args": [${JSON.stringify(filesystemServer)}, ${JSON.stringify(world.root)}]
    }
  }
}
`,
    );
  }

  it('connects, calls through the gateway, audits, denies by policy, and restores the file exactly', async () => {
    const original = writeClaudeConfig();
    gateway = await startGateway(world);

    const connect = await runCli(world, ['connect', 'claude-desktop']);
    expect(connect.code, connect.stderr).toBe(0);
    expect(connect.stdout).toContain(`everything: node ${everythingServer}`);
    const entries = readEntries(world.claudeConfigPath);
    expect(entries.everything).toMatchObject({
      command: process.execPath,
      args: [
        cliPath,
        'shim',
        '--client',
        'claude-desktop',
        '--server',
        'everything',
        '--data-dir',
        world.dataDir,
      ],
      env: { EVERYTHING_SECRET: 's3cr3t-value' },
    });

    // Both servers, run exactly as the rewritten file says.
    const everything = await connectEntry(entries.everything!, world);
    const filesystem = await connectEntry(entries.filesystem!, world);
    const everythingTools = (await everything.client.listTools()).tools.map((t) => t.name);
    expect(everythingTools).toContain('echo');
    expect((await filesystem.client.listTools()).tools.map((t) => t.name)).toContain('read_text_file');

    const echoed = await everything.client.callTool({
      name: 'echo',
      arguments: { message: 'through the gate' },
    });
    expect(echoed.content).toEqual([{ type: 'text', text: 'Echo: through the gate' }]);
    const listed = await filesystem.client.callTool({ name: 'list_allowed_directories', arguments: {} });
    expect(JSON.stringify(listed.content)).toContain(world.root);

    // The secret in the client's config reached the server, through the shim's environment.
    const env = await everything.client.callTool({ name: 'get-env', arguments: {} });
    expect(JSON.stringify(env.content)).toContain('s3cr3t-value');

    const audit = await runCli(world, ['audit', '--format', 'json', '--kind', 'call']);
    expect(audit.code, audit.stderr).toBe(0);
    const rows = JSON.parse(audit.stdout) as AuditRow[];
    const echoRow = rows.find((r) => r.tool === 'echo');
    expect(echoRow).toMatchObject({
      client: 'claude-desktop',
      server: 'everything',
      decision: 'allow',
      rule: 'default',
      isError: false,
      args: '{"message":"through the gate"}',
    });
    expect(echoRow!.latencyMs).toBeGreaterThan(0);

    const policyFile = join(world.root, 'deny-echo.json');
    writeFileSync(
      policyFile,
      JSON.stringify({
        version: '1',
        default: 'allow',
        tools: { echo: { action: 'deny', reason: 'Echo is not allowed here' } },
      }),
    );
    const imported = await runCli(world, ['policy', 'import', policyFile]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/revision 1/);

    const denied = await everything.client.callTool({ name: 'echo', arguments: { message: 'again' } });
    expect(denied.isError).toBe(true);
    expect(denied.content).toEqual([
      {
        type: 'text',
        text: '[POLICY DENIED] Portcullis blocked "echo" on server "everything": Echo is not allowed here (rule: tools.echo).',
      },
    ]);
    // Other tools still go through.
    expect(
      (await everything.client.callTool({ name: 'get-sum', arguments: { a: 2, b: 3 } })).isError,
    ).toBeFalsy();

    const after = JSON.parse(
      (await runCli(world, ['audit', '--format', 'json', '--decision', 'deny'])).stdout,
    ) as AuditRow[];
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      tool: 'echo',
      decision: 'deny',
      rule: 'tools.echo',
      reason: 'Echo is not allowed here',
    });

    await everything.client.close();
    await filesystem.client.close();

    const disconnect = await runCli(world, ['disconnect', 'claude-desktop']);
    expect(disconnect.code, disconnect.stderr).toBe(0);
    expect(readFileSync(world.claudeConfigPath).equals(original)).toBe(true);

    const verify = await runCli(world, ['audit', 'verify']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/All \d+ audit rows verified/);
  });

  it('refuses a malformed config, naming the file and position, and leaves it untouched', async () => {
    const broken = writeFile(
      world.claudeConfigPath,
      '{\n  "mcpServers": {\n    "a": { "command": "x" }\n    "b": {}\n  }\n}\n',
    );
    const result = await runCli(world, ['connect', 'claude-desktop']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`${world.claudeConfigPath}:4:5`);
    expect(result.stderr).toMatch(/not changed/);
    expect(readFileSync(world.claudeConfigPath).equals(broken)).toBe(true);
  });

  it('fails closed: with no gateway and none that can start, initialize gets an error naming Portcullis', async () => {
    // The data folder sits under a regular file, so no gateway can ever start there.
    const blocker = join(world.root, 'not-a-folder');
    writeFileSync(blocker, '');
    const entry = {
      command: process.execPath,
      args: [
        cliPath,
        'shim',
        '--client',
        'claude-desktop',
        '--server',
        'everything',
        '--data-dir',
        join(blocker, 'data'),
      ],
    };
    const attempt = connectEntry(entry, world);
    await expect(attempt).rejects.toThrow(/Portcullis is not running and could not be started/);
    await expect(attempt).rejects.toThrow(/npx portcullis serve/);
  });
});
