import { constants } from 'node:fs';
import { open, stat, unlink } from 'node:fs/promises';

export interface FileLockOptions {
  /** A lock older than this was left by a process that died; take it over. */
  staleMs?: number;
  /** Give up waiting for a live lock after this long. */
  timeoutMs?: number;
}

/**
 * Run `task` holding `<file>.portcullis.lock`, so that two Portcullis processes (the app and the
 * CLI) never interleave a read-modify-write of the same config.
 */
export async function withFileLock<T>(
  file: string,
  task: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const lock = `${file}.portcullis.lock`;
  await acquire(lock, options);
  try {
    return await task();
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}

async function acquire(lock: string, options: FileLockOptions): Promise<void> {
  const staleMs = options.staleMs ?? 10_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lock, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      await handle.writeFile(JSON.stringify({ pid: process.pid, at: Date.now() }));
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const held = await stat(lock).catch(() => undefined);
    if (held && Date.now() - held.mtimeMs > staleMs) {
      await unlink(lock).catch(() => undefined);
      continue;
    }
    if (Date.now() >= deadline)
      throw new Error(`${lock} is held by another Portcullis process. Try again in a moment.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
