import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClientsService } from '../../../main/clients';
import type { ConnectionState } from '../../../main/clients/connection-state';
import { canRestoreExactly } from '../../../main/clients/disconnect-plan';
import { filesIn, makeFixture, removeFixture, SHIM } from './fixture';
import type { Fixture } from './fixture';

let fixture: Fixture | undefined;
afterEach(() => {
  if (fixture) removeFixture(fixture);
  fixture = undefined;
});

function state(writes: [string, string][]): ConnectionState {
  return {
    version: 1,
    client: 'cursor',
    configPath: '/x/mcp.json',
    connected: true,
    writes: writes.map(([beforeSha, afterSha], i) => ({ at: i, beforeSha, afterSha, backup: `b${i}` })),
    servers: {},
  };
}

describe('canRestoreExactly', () => {
  it('needs the file to be our last write and every write to follow the one before', () => {
    expect(canRestoreExactly(state([['o', 'w1']]), 'w1')).toBe(true);
    expect(canRestoreExactly(state([['o', 'w1']]), 'edited')).toBe(false);
    expect(
      canRestoreExactly(
        state([
          ['o', 'w1'],
          ['w1', 'w2'],
        ]),
        'w2',
      ),
    ).toBe(true);
    expect(
      canRestoreExactly(
        state([
          ['o', 'w1'],
          ['edited', 'w2'],
        ]),
        'w2',
      ),
    ).toBe(false);
    expect(canRestoreExactly(state([]), 'o')).toBe(false);
  });
});

describe('the connection state', () => {
  it('starts a fresh chain after a disconnect, so connecting again still restores exactly', async () => {
    fixture = makeFixture();
    const original = fixture.writeCursor('{ "mcpServers": { "a": { "command": "x" } } }\n');
    await fixture.service.connect('cursor');
    await fixture.service.disconnect('cursor');

    await fixture.service.connect('cursor');
    const result = await fixture.service.disconnect('cursor');

    expect(result.mode).toBe('exact');
    expect(fs.readFileSync(fixture.cursorPath).equals(original)).toBe(true);
  });

  it('is rolled back and the config left as it was when registering fails', async () => {
    fixture = makeFixture();
    const original = fixture.writeCursor('{ "mcpServers": { "a": { "command": "x" } } }\n');
    const failing = createClientsService({
      host: fixture.host,
      backupsDir: fixture.backupsDir,
      shim: SHIM,
      registry: {
        register: () => {
          throw new Error('store is closed');
        },
      },
    });

    await expect(failing.connect('cursor')).rejects.toThrow('store is closed');

    expect(fs.readFileSync(fixture.cursorPath).equals(original)).toBe(true);
    expect(filesIn(path.join(fixture.backupsDir, 'cursor'))).not.toContain('state.json');
    expect((await fixture.service.disconnect('cursor')).mode).toBe('nothing');
  });

  it('refuses a shim command whose entries it would not recognise later', async () => {
    fixture = makeFixture();
    const original = fixture.writeCursor('{ "mcpServers": { "a": { "command": "x" } } }\n');
    const unmarked = createClientsService({
      host: fixture.host,
      backupsDir: fixture.backupsDir,
      shim: {
        command: '/usr/bin/node',
        // Flags in another order than `shim --client C --server S` would not be read back as ours.
        args: (c, s) => ['/srv/app/cli.js', 'shim', '--server', s, '--client', c],
      },
      registry: { register: () => undefined },
    });

    await expect(unmarked.connect('cursor')).rejects.toThrow(/would not be recognised/);

    expect(fs.readFileSync(fixture.cursorPath).equals(original)).toBe(true);
  });

  it('refuses to guess when state.json is damaged', async () => {
    fixture = makeFixture();
    fixture.writeCursor('{ "mcpServers": { "a": { "command": "x" } } }\n');
    await fixture.service.connect('cursor');
    const stateFile = path.join(fixture.backupsDir, 'cursor', 'state.json');
    fs.writeFileSync(stateFile, '{"version": 1');
    const before = fs.readFileSync(fixture.cursorPath);

    await expect(fixture.service.disconnect('cursor')).rejects.toThrow(/state\.json is damaged/);

    expect(fs.readFileSync(fixture.cursorPath).equals(before)).toBe(true);
  });

  it('reports a config file (and folder) removed since connect as nothing to restore', async () => {
    fixture = makeFixture();
    fixture.writeCursor('{ "mcpServers": { "a": { "command": "x" } } }\n');
    await fixture.service.connect('cursor');
    fs.rmSync(path.dirname(fixture.cursorPath), { recursive: true });

    const result = await fixture.service.disconnect('cursor');

    expect(result).toMatchObject({
      mode: 'nothing',
      leftAlone: [{ server: 'a', reason: 'the config file no longer exists' }],
    });
    expect(fs.existsSync(fixture.cursorPath)).toBe(false);
  });
});
