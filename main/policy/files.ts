import { lstatSync, opendirSync, readlinkSync } from 'node:fs';

/** What one name on the disk is, without following it. */
export type FileKind = 'dir' | 'file' | 'link' | 'missing' | 'not-a-dir';

/**
 * The file-system questions path canonicalisation asks, synchronously (the decision path is
 * synchronous). Injected so a test can produce what root cannot see here, such as EACCES.
 */
export interface FileLookup {
  /** Throws the system error for anything but "exists", "does not exist" and "a parent is a file". */
  kind(path: string): FileKind;
  readlink(path: string): string;
  /** Up to `max` names in a folder, or undefined when it holds more. */
  names(dir: string, max: number): string[] | undefined;
}

export const nodeFiles: FileLookup = {
  kind(path) {
    try {
      const stat = lstatSync(path, { throwIfNoEntry: false });
      if (!stat) return 'missing';
      return stat.isSymbolicLink() ? 'link' : stat.isDirectory() ? 'dir' : 'file';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return 'not-a-dir';
      throw error;
    }
  },
  readlink: (path) => readlinkSync(path),
  names(dir, max) {
    const handle = opendirSync(dir);
    try {
      const names: string[] = [];
      for (let entry = handle.readSync(); entry; entry = handle.readSync()) {
        if (names.length === max) return undefined;
        names.push(entry.name);
      }
      return names;
    } finally {
      handle.closeSync();
    }
  },
};
