import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chown, open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface AtomicWriteOptions {
  /** Mode for a file that does not exist yet; an existing file keeps its own mode and owner. */
  mode?: number;
  /**
   * The sha256 the file must still have. Clients do not take our lock, so this catches an edit
   * that lands between our read and our write rather than silently overwriting it.
   */
  expectSha?: string;
}

/**
 * Replace a file's contents so that a crash leaves either the old or the new bytes, never a mix:
 * write a temp file next to it, fsync, rename over. A symlinked config stays a symlink: the
 * link's target is what gets replaced.
 */
export async function writeFileAtomic(
  file: string,
  data: Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const target = await realpath(file).catch(() => file);
  const existing = await stat(target).catch(() => undefined);
  if (options.expectSha !== undefined) {
    const current = await readFile(target).catch(() => undefined);
    if (!current || sha256(current) !== options.expectSha)
      throw new Error(`${file} changed while Portcullis was editing it. Nothing was written; try again.`);
  }
  const mode = existing ? existing.mode & 0o7777 : (options.mode ?? 0o600);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.portcullis-tmp`);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    try {
      // The umask may have narrowed the mode open() applied; the person's file keeps its own.
      await handle.chmod(mode);
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (existing && typeof process.getuid === 'function' && existing.uid !== process.getuid()) {
      await chown(temp, existing.uid, existing.gid).catch(() => undefined);
    }
    await renameWithRetry(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(target));
}

// On Windows a rename over a file that another process (an editor, antivirus) has open fails
// for a moment with EPERM/EBUSY; a few short retries ride that out.
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const transient = code === 'EPERM' || code === 'EBUSY' || code === 'EACCES';
      if (process.platform !== 'win32' || !transient || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
    }
  }
}

// Makes the rename itself durable on POSIX; Windows cannot open a directory, and nothing is lost
// there by skipping it.
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort only.
  }
}
