import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileWatcher, type FileWatcher } from '../../../main/clients/watch/file-watcher';
import { waitFor } from '../../helpers/world';

let root: string;
let watcher: FileWatcher | undefined;
afterEach(() => {
  watcher?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

function setup(options: { pollMs?: number } = {}) {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-watch-'));
  const seen: string[] = [];
  watcher = createFileWatcher({
    onChange: (p) => seen.push(p),
    debounceMs: 50,
    pollMs: options.pollMs ?? 60_000,
  });
  return seen;
}

/** How editors and clients save: a temp file next to it, renamed over it. */
function replaceByRename(file: string, text: string) {
  const temp = `${file}.tmp-${Math.random().toString(16).slice(2)}`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}

describe('the config file watcher', () => {
  it('sees a file replaced by rename, again and again (the first rename ends a watch on the file)', async () => {
    const seen = setup();
    const file = path.join(root, 'mcp.json');
    fs.writeFileSync(file, '{}');
    await watcher!.set([file]);
    await new Promise((r) => setTimeout(r, 100));
    for (let round = 1; round <= 3; round++) {
      replaceByRename(file, `{"round": ${round}}`);
      await waitFor(() => seen.length >= round || undefined, `change ${round}`, 3000);
    }
    expect(new Set(seen)).toEqual(new Set([file]));
  });

  it('sees a file written in place, and reports a burst of writes once', async () => {
    const seen = setup();
    const file = path.join(root, 'mcp.json');
    fs.writeFileSync(file, '{}');
    await watcher!.set([file]);
    await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 10; i++) fs.writeFileSync(file, `{"i": ${i}}`);
    await waitFor(() => seen.length >= 1 || undefined, 'the burst', 3000);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([file]);
  });

  it('sees a file whose folder did not exist when watching began, by polling', async () => {
    const seen = setup({ pollMs: 100 });
    const file = path.join(root, 'later', 'deeper', 'config.yaml');
    await watcher!.set([file]);
    await new Promise((r) => setTimeout(r, 150));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'a: 1\n');
    await waitFor(() => seen.includes(file) || undefined, 'the new file', 3000);
  });

  it('follows a symlinked config to its target, and to a new target', async () => {
    const seen = setup({ pollMs: 100 });
    const dotfiles = path.join(root, 'dotfiles');
    fs.mkdirSync(dotfiles);
    const target = path.join(dotfiles, 'mcp.json');
    fs.writeFileSync(target, '{}');
    const link = path.join(root, 'home', '.cursor', 'mcp.json');
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(target, link);
    await watcher!.set([link]);
    await new Promise((r) => setTimeout(r, 150));

    replaceByRename(target, '{"changed": 1}');
    await waitFor(() => seen.length >= 1 || undefined, 'the target replaced', 3000);

    const other = path.join(dotfiles, 'other.json');
    fs.writeFileSync(other, '{}');
    fs.unlinkSync(link);
    fs.symlinkSync(other, link);
    await waitFor(() => seen.length >= 2 || undefined, 'the link repointed', 3000);
    replaceByRename(other, '{"changed": 2}');
    await waitFor(() => seen.length >= 3 || undefined, 'the new target replaced', 3000);
    expect(new Set(seen)).toEqual(new Set([link]));
  });

  it('stops reporting paths it no longer watches', async () => {
    const seen = setup();
    const a = path.join(root, 'a.json');
    const b = path.join(root, 'b.json');
    fs.writeFileSync(a, '{}');
    fs.writeFileSync(b, '{}');
    await watcher!.set([a, b]);
    await new Promise((r) => setTimeout(r, 100));
    await watcher!.set([b]);
    await new Promise((r) => setTimeout(r, 100));
    fs.writeFileSync(a, '{"x": 1}');
    fs.writeFileSync(b, '{"x": 1}');
    await waitFor(() => seen.includes(b) || undefined, 'b', 3000);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).not.toContain(a);
  });
});
