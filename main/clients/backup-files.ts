import { constants } from 'node:fs';
import { mkdir, open, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { sha256 } from './atomic-write';

/** `<backupsDir>/<client>`: backups and state for one client, readable by the person only. */
export async function clientBackupDir(backupsDir: string, client: string): Promise<string> {
  const dir = join(backupsDir, client);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export interface Backup {
  /** The backup's file name inside the client's backup folder. */
  file: string;
  path: string;
  sha256: string;
}

/**
 * Keep a config file's bytes as `<timestamp>-<basename>`. Never overwrites: two backups within
 * the same millisecond (or under a frozen test clock) get a counter.
 */
export async function keepBackup(
  dir: string,
  configPath: string,
  bytes: Uint8Array,
  at: number,
): Promise<Backup> {
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
  const name = basename(configPath);
  for (let n = 0; ; n++) {
    const file = n === 0 ? `${stamp}-${name}` : `${stamp}-${n}-${name}`;
    const path = join(dir, file);
    let handle;
    try {
      handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { file, path, sha256: sha256(bytes) };
  }
}

/** A backup's bytes, only when they still match the checksum taken when it was made. */
export async function readVerifiedBackup(
  dir: string,
  file: string,
  expectedSha: string,
): Promise<Buffer | undefined> {
  const bytes = await readFile(join(dir, file)).catch(() => undefined);
  return bytes && sha256(bytes) === expectedSha ? bytes : undefined;
}
