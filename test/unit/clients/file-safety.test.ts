import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../../main/clients/atomic-write';
import { withFileLock } from '../../../main/clients/file-lock';
import { filesIn, makeFixture, removeFixture } from './fixture';
import type { Fixture } from './fixture';

let fixture: Fixture;
afterEach(() => removeFixture(fixture));

const posix = process.platform !== 'win32';
const CONFIG = '{\n  "mcpServers": {\n    "a": { "command": "x", "env": { "TOKEN": "t" } }\n  }\n}\n';

describe('writes', () => {
  it.runIf(posix)('keep the config file mode through connect and disconnect', async () => {
    fixture = makeFixture();
    fixture.writeCursor(CONFIG);
    fs.chmodSync(fixture.cursorPath, 0o640);

    await fixture.service.connect('cursor');
    expect(fs.statSync(fixture.cursorPath).mode & 0o777).toBe(0o640);
    await fixture.service.disconnect('cursor');
    expect(fs.statSync(fixture.cursorPath).mode & 0o777).toBe(0o640);
  });

  it.runIf(posix)('keep backups and state private: folders 0700, files 0600', async () => {
    fixture = makeFixture();
    fixture.writeCursor(CONFIG);

    await fixture.service.connect('cursor');

    const dir = path.join(fixture.backupsDir, 'cursor');
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    for (const name of filesIn(dir)) expect(fs.statSync(path.join(dir, name)).mode & 0o777).toBe(0o600);
  });

  it('record the original bytes with their sha256 and the chain of writes in state.json', async () => {
    fixture = makeFixture();
    const original = fixture.writeCursor(CONFIG);

    const result = await fixture.service.connect('cursor');

    const dir = path.join(fixture.backupsDir, 'cursor');
    expect(result.backupPath).toBe(path.join(dir, '2026-01-21T19-45-00-000Z-mcp.json'));
    const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')) as {
      configPath: string;
      connected: boolean;
      writes: { beforeSha: string; afterSha: string; backup: string }[];
      servers: Record<string, { kind: string; original: unknown }>;
    };
    expect(state.configPath).toBe(fixture.cursorPath);
    expect(state.connected).toBe(true);
    expect(state.writes).toEqual([
      {
        at: expect.any(Number) as number,
        beforeSha: sha256(original),
        afterSha: sha256(fs.readFileSync(fixture.cursorPath)),
        backup: '2026-01-21T19-45-00-000Z-mcp.json',
      },
    ]);
    expect(state.servers.a).toMatchObject({ kind: 'stdio', original: { command: 'x', env: { TOKEN: 't' } } });
  });

  it('leave no temp or lock files behind, and follow a symlinked config to its target', async () => {
    fixture = makeFixture();
    const target = path.join(fixture.root, 'dotfiles', 'cursor-mcp.json');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, CONFIG);
    fs.mkdirSync(path.dirname(fixture.cursorPath), { recursive: true });
    try {
      fs.symlinkSync(target, fixture.cursorPath);
    } catch {
      return; // Windows without the symlink privilege.
    }

    await fixture.service.connect('cursor');

    expect(fs.lstatSync(fixture.cursorPath).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toContain('"shim"');
    expect(filesIn(path.dirname(fixture.cursorPath))).toEqual(['mcp.json']);
    expect(filesIn(path.dirname(target))).toEqual(['cursor-mcp.json']);
  });

  it('take over a stale lock left by a process that died', async () => {
    fixture = makeFixture();
    fixture.writeCursor(CONFIG);
    const lock = `${fixture.cursorPath}.portcullis.lock`;
    fs.writeFileSync(lock, '{"pid":1}');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);

    const result = await fixture.service.connect('cursor');

    expect(result.changed).toHaveLength(1);
    expect(fs.existsSync(lock)).toBe(false);
  });
});

describe('withFileLock', () => {
  it('waits for a live lock and gives up with a clear error', async () => {
    fixture = makeFixture();
    const file = path.join(fixture.root, 'config.json');
    fs.writeFileSync(`${file}.portcullis.lock`, '{}');

    await expect(withFileLock(file, async () => 'ran', { timeoutMs: 150 })).rejects.toThrow(
      /held by another Portcullis process/,
    );
  });

  it('runs tasks on the same file one at a time', async () => {
    fixture = makeFixture();
    const file = path.join(fixture.root, 'config.json');
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, 30));
      events.push(`${name} end`);
    };

    await Promise.all([withFileLock(file, task('one')), withFileLock(file, task('two'))]);

    // Either may win the lock; what matters is that one finishes before the other starts.
    const first = events[0]!.split(' ')[0]!;
    const second = first === 'one' ? 'two' : 'one';
    expect(events).toEqual([`${first} start`, `${first} end`, `${second} start`, `${second} end`]);
    expect(fs.existsSync(`${file}.portcullis.lock`)).toBe(false);
  });
});
