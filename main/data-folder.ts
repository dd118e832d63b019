import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Make the data folder this user's only: folders 0700, files 0600, all the way down. Everything
 * Portcullis writes there is created that way; this narrows what an older version, another tool or
 * a hand-made folder left wider. Symbolic links are left alone (their targets are not ours).
 */
export function tightenDataFolder(dir: string, depth = 4): void {
  if (process.platform === 'win32') return;
  let entries: string[];
  try {
    if ((lstatSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    const path = join(dir, name);
    try {
      const stat = lstatSync(path);
      if (stat.isDirectory()) {
        if (depth > 0) tightenDataFolder(path, depth - 1);
      } else if (stat.isFile() && (stat.mode & 0o077) !== 0) {
        chmodSync(path, 0o600);
      }
    } catch {
      // Gone since it was listed, or not ours to change: nothing to narrow.
    }
  }
}
