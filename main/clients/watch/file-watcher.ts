import { watch, type FSWatcher } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

export interface FileWatcherOptions {
  /** Called once a burst of changes to a path has settled. */
  onChange(path: string): void;
  /** How long a path must be quiet before `onChange` (a client writes a file in several steps). */
  debounceMs?: number;
  /** How often every path is looked at anyway: events can be missed or never come (network drives). */
  pollMs?: number;
}

export interface FileWatcher {
  /** Watch exactly these paths from now on (existing or not); resolves once the watches are armed. */
  set(paths: readonly string[]): Promise<void>;
  close(): void;
}

interface Fingerprint {
  exists: boolean;
  target: string;
  mtimeMs: number;
  size: number;
  ino: number;
}

/** Per watched file or folder: the file names an event may carry, and the config paths each is. */
type Names = Map<string, Set<string>>;

/**
 * Watches config files the ways they get replaced. Editors and clients often write a temp file and
 * rename it over the config, which ends a watch on the file itself, so the folder is watched too;
 * a symlinked config is watched at its target as well (the target is looked up again after every
 * change); and every few seconds each file's identity, size and time are compared, so a change no
 * event reported is still seen.
 */
export function createFileWatcher(options: FileWatcherOptions): FileWatcher {
  const debounceMs = options.debounceMs ?? 250;
  const pollMs = options.pollMs ?? 3000;
  let paths: string[] = [];
  let closed = false;
  const prints = new Map<string, Fingerprint>();
  const timers = new Map<string, NodeJS.Timeout>();
  const watches = new Map<string, { watcher: FSWatcher; names: Names }>();

  const schedule = (path: string) => {
    if (closed) return;
    clearTimeout(timers.get(path));
    timers.set(
      path,
      setTimeout(() => {
        timers.delete(path);
        void settle(path);
      }, debounceMs),
    );
  };

  const settle = async (path: string) => {
    prints.set(path, await fingerprint(path));
    await rearm();
    if (!closed && paths.includes(path)) options.onChange(path);
  };

  const wanted = async () => {
    const want = new Map<string, Names>();
    const add = (key: string, name: string, path: string) => {
      const names = want.get(key) ?? new Map<string, Set<string>>();
      names.set(name, (names.get(name) ?? new Set()).add(path));
      want.set(key, names);
    };
    for (const path of paths) {
      const target = await realpath(path).catch(() => path);
      for (const file of new Set([path, target])) {
        add(`file\u0000${file}`, basename(file), path);
        add(`dir\u0000${dirname(file)}`, basename(file), path);
      }
    }
    return want;
  };

  const rearm = async () => {
    const want = await wanted();
    if (closed) return;
    for (const [key, existing] of watches) {
      if (want.has(key)) continue;
      existing.watcher.close();
      watches.delete(key);
    }
    for (const [key, names] of want) {
      const existing = watches.get(key);
      if (existing) {
        existing.names = names;
        continue;
      }
      const folder = key.startsWith('dir');
      const watcher = open(key.slice(key.indexOf('\u0000') + 1), (name) => {
        const entry = watches.get(key);
        if (!entry) return;
        // A folder event names the file that changed (on some systems nothing: then every one).
        const hit = !folder || name === undefined ? [...entry.names.values()] : [entry.names.get(name)];
        for (const set of hit) for (const path of set ?? []) schedule(path);
        // The watched file was renamed over or deleted: its watch is dead; arm it again.
        if (!folder) {
          entry.watcher.close();
          watches.delete(key);
        }
      });
      if (watcher) watches.set(key, { watcher, names });
    }
  };

  const poll = async () => {
    let unwatched = false;
    for (const path of paths) {
      const now = await fingerprint(path);
      const before = prints.get(path);
      prints.set(path, now);
      if (before && !samePrint(before, now)) schedule(path);
      if (now.exists && !watches.has(`file\u0000${path}`)) unwatched = true;
    }
    if (unwatched) await rearm();
  };

  const interval = setInterval(() => void poll(), pollMs);
  interval.unref();

  return {
    async set(next) {
      paths = [...new Set(next)];
      for (const path of [...prints.keys()]) if (!paths.includes(path)) prints.delete(path);
      for (const path of paths) if (!prints.has(path)) prints.set(path, await fingerprint(path));
      await rearm();
    },
    close() {
      closed = true;
      clearInterval(interval);
      for (const timer of timers.values()) clearTimeout(timer);
      for (const { watcher } of watches.values()) watcher.close();
      watches.clear();
    },
  };
}

/** fs.watch on a file or folder; undefined when it does not exist (the poll covers it until it does). */
function open(path: string, onEvent: (name: string | undefined) => void): FSWatcher | undefined {
  try {
    const watcher = watch(path, { persistent: false }, (_event, name) =>
      onEvent(name === null ? undefined : String(name)),
    );
    watcher.on('error', () => watcher.close());
    return watcher;
  } catch {
    return undefined;
  }
}

async function fingerprint(path: string): Promise<Fingerprint> {
  const target = await realpath(path).catch(() => path);
  const info = await stat(target).catch(() => undefined);
  if (!info) return { exists: false, target, mtimeMs: 0, size: 0, ino: 0 };
  return { exists: true, target, mtimeMs: info.mtimeMs, size: info.size, ino: info.ino };
}

function samePrint(a: Fingerprint, b: Fingerprint): boolean {
  return (
    a.exists === b.exists &&
    a.target === b.target &&
    a.mtimeMs === b.mtimeMs &&
    a.size === b.size &&
    a.ino === b.ino
  );
}
