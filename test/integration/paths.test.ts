import { mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesystemServer } from '../helpers/paths';
import {
  createWorld,
  readEntries,
  runCli,
  startGateway,
  writeFile,
  type RunningGateway,
  type World,
  resultText as text,
  type CallResult,
} from '../helpers/world';

/**
 * Issue 7, item 2, through the real thing: the registry's server-filesystem behind a real shim and
 * gateway, allowed one folder (`ws`) that holds both a project and a secret. The server lets every
 * trick below reach the secret (the first test proves it); the policy's `path_prefix` must decide on
 * the file the server actually opens. The client runs in `ws` with HOME=`ws`, so relative paths and
 * `~` mean `ws` to the server (it resolves relative paths against its allowed folder, and the
 * gateway knows both its working folder and that folder).
 */
describe('path conditions decide on the file server-filesystem opens', () => {
  let world: World;
  let gateway: RunningGateway;
  let client: Client;
  let ws: string;
  const SECRET = 'the secret key';
  const NFD_SECRET = 'the NFD twin’s secret';

  const secretTricks = () => ({
    relative: 'secret/key.txt',
    'relative with ..': 'project/../secret/key.txt',
    '~': '~/secret/key.txt',
    '..': `${ws}/project/../secret/key.txt`,
    '//': `${ws}//secret//key.txt`,
    '.': `${ws}/./secret/./key.txt`,
    'symlink inside the project pointing out': `${ws}/project/link-out/key.txt`,
  });
  /**
   * server-filesystem applies `..` before symlinks (path.resolve) and so opens project/key.txt here,
   * while a server that hands the path to the kernel opens secret/key.txt: both are possible, so
   * neither a require nor a deny_if may let it through.
   */
  const dotDotAfterSymlink = () => `${ws}/project/jump/../key.txt`;

  const read = (path: string) => client.callTool({ name: 'read_text_file', arguments: { path } });
  const policy = async (tools: object) => {
    const path = join(world.root, `policy-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify({ version: '1', default: 'allow', tools }));
    const imported = await runCli(world, ['policy', 'import', path]);
    expect(imported.code, imported.stderr).toBe(0);
  };
  const expectDenied = (result: CallResult, rule: RegExp) => {
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^\[POLICY DENIED\] Portcullis blocked "(read_text_file|write_file)"/);
    expect(text(result)).toMatch(rule);
  };

  beforeAll(async () => {
    world = createWorld();
    ws = realpathSync(join(world.root));
    ws = join(ws, 'ws');
    for (const dir of ['project/sub', 'secret/inner', 'clés', 'café', 'cafe\u0301']) {
      mkdirSync(join(ws, dir), { recursive: true });
    }
    writeFileSync(join(ws, 'project', 'notes.txt'), 'project notes');
    writeFileSync(join(ws, 'secret', 'key.txt'), SECRET);
    writeFileSync(join(ws, 'clés', 'key.txt'), SECRET);
    writeFileSync(join(ws, 'café', 'menu.txt'), 'the menu');
    writeFileSync(join(ws, 'cafe\u0301', 'menu.txt'), NFD_SECRET);
    symlinkSync('../secret', join(ws, 'project', 'link-out'));
    symlinkSync('../secret/inner', join(ws, 'project', 'jump'));
    writeFile(
      world.claudeConfigPath,
      JSON.stringify({ mcpServers: { files: { command: process.execPath, args: [filesystemServer, ws] } } }),
    );
    gateway = await startGateway(world);
    expect((await runCli(world, ['connect', 'claude-desktop'])).code).toBe(0);
    const entry = readEntries(world.claudeConfigPath).files!;
    client = new Client({ name: 'paths-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: entry.command,
        args: entry.args ?? [],
        cwd: ws,
        env: { PATH: process.env.PATH ?? '', ...entry.env, HOME: ws },
        stderr: 'ignore',
      }),
    );
  });

  afterAll(async () => {
    await client?.close();
    await gateway?.stop();
    world?.cleanup();
  });

  it('lets every trick reach the secret when no condition stops it (so the tests below mean something)', async () => {
    await policy({});
    for (const [trick, path] of Object.entries(secretTricks())) {
      const result = await read(path);
      expect(result.isError, `${trick}: ${text(result)}`).toBeFalsy();
      expect(text(result), trick).toBe(SECRET);
    }
    // The NFD spelling of an NFC folder: server-filesystem opens the NFC one.
    expect(text(await read(`${ws}/cle\u0301s/key.txt`))).toBe(SECRET);
    // Two folders whose names differ only in normalisation are two folders on Linux.
    expect(text(await read(`${ws}/cafe\u0301/menu.txt`))).toBe(NFD_SECRET);
  });

  it('deny_if under the secret folder blocks read_text_file reaching it by every trick', async () => {
    await policy({
      read_text_file: { deny_if: { path: { path_prefix: `${ws}/secret` } } },
      write_file: { deny_if: { path: { path_prefix: `${ws}/secret` } } },
    });
    for (const [trick, path] of Object.entries(secretTricks())) {
      const result = await read(path);
      expect(result.isError, `${trick} was not blocked: ${text(result)}`).toBe(true);
      expectDenied(result, /\(rule: tools\.read_text_file\.deny_if\)\.$/);
    }
    expectDenied(
      await read(dotDotAfterSymlink()),
      /may name \S+\/(project|secret)\/key\.txt or \S+\/(project|secret)\/key\.txt, depending on how the server reads it/,
    );
    // A missing tail behind a symlink: the file would be created in the secret folder.
    expectDenied(
      await client.callTool({
        name: 'write_file',
        arguments: { path: `${ws}/project/link-out/new.txt`, content: 'x' },
      }),
      /tools\.write_file\.deny_if/,
    );
    // Not every path is refused: the project stays readable, relative and absolute.
    expect(text(await read('project/notes.txt'))).toBe('project notes');
    expect(text(await read(`${ws}/project/notes.txt`))).toBe('project notes');
  });

  it('deny_if on an NFC folder blocks its NFD spelling, which the server opens', async () => {
    await policy({ read_text_file: { deny_if: { path: { path_prefix: `${ws}/clés` } } } });
    const result = await read(`${ws}/cle\u0301s/key.txt`);
    expectDenied(result, /could not be resolved with certainty: .*Unicode normalisation/);
    expectDenied(await read(`${ws}/clés/key.txt`), /tools\.read_text_file\.deny_if/);
  });

  it('require under the project refuses each trick that would leave it, and allows what stays inside', async () => {
    await policy({
      read_text_file: { require: { path: { path_prefix: `${ws}/project` } } },
      write_file: { require: { path: { path_prefix: `${ws}/project` } } },
    });
    for (const [trick, path] of Object.entries(secretTricks())) {
      const result = await read(path);
      expect(result.isError, `${trick} left the project: ${text(result)}`).toBe(true);
      expectDenied(result, /\(rule: tools\.read_text_file\.require\)\.$/);
    }
    expectDenied(await read(dotDotAfterSymlink()), /could not be resolved with certainty/);
    const escape = await client.callTool({
      name: 'write_file',
      arguments: { path: 'project/link-out/planted.txt', content: 'x' },
    });
    expectDenied(escape, /tools\.write_file\.require/);
    // Inside, by each spelling: relative, ~, ., .., //, and a file that does not exist yet.
    for (const path of [
      'project/notes.txt',
      '~/project/notes.txt',
      `${ws}/project/./sub/../notes.txt`,
      `${ws}//project//notes.txt`,
    ]) {
      const result = await read(path);
      expect(result.isError, `${path}: ${text(result)}`).toBeFalsy();
      expect(text(result)).toBe('project notes');
    }
    const created = await client.callTool({
      name: 'write_file',
      arguments: { path: `${ws}/project/sub/fresh.txt`, content: 'fresh' },
    });
    expect(created.isError, text(created)).toBeFalsy();
    expect(readFileSync(join(ws, 'project', 'sub', 'fresh.txt'), 'utf8')).toBe('fresh');
  });

  it('require under an NFC folder refuses the NFD twin folder beside it', async () => {
    await policy({ read_text_file: { require: { path: { path_prefix: `${ws}/café` } } } });
    expect(text(await read(`${ws}/café/menu.txt`))).toBe('the menu');
    const twin = await read(`${ws}/cafe\u0301/menu.txt`);
    expectDenied(twin, /tools\.read_text_file\.require.*|could not be resolved with certainty/);
    expect(text(twin)).not.toContain(NFD_SECRET);
  });
});
