import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { isAlive } from './runtime-file';

export class AlreadyRunningError extends Error {
  constructor(readonly pid: number) {
    super(`Another Portcullis gateway (pid ${pid}) is already running for this data folder.`);
    this.name = 'AlreadyRunningError';
  }
}

/**
 * One gateway per data folder. The lock file holds the owner's pid; a lock whose owner is gone is
 * taken over. Taking it before touching the socket makes removing a stale socket file safe.
 */
export function acquireInstanceLock(file: string): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => release(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(safeRead(file), 10);
    if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner))
      throw new AlreadyRunningError(owner);
    rmSync(file, { force: true });
  }
  throw new Error(`Could not take the gateway lock ${file}.`);
}

function release(file: string): void {
  if (safeRead(file) === String(process.pid)) rmSync(file, { force: true });
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}
