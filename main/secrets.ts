import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * The data folder's token: what shims and the CLI present to the gateway. Created once, readable by
 * this user only. `wx` makes two processes creating it at the same moment agree on one token.
 */
export function readOrCreateToken(file: string): string {
  try {
    return readToken(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readToken(file);
}

export function readToken(file: string): string {
  const token = readFileSync(file, 'utf8').trim();
  if (token.length < 16)
    throw new Error(`The token file ${file} is empty or damaged; delete it to make a new one.`);
  return token;
}
