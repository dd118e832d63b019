import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { Place } from './paths';

/**
 * The folders a server was given in its arguments: each argument (or `--flag=value` value) that
 * names an existing directory, with `~` expanded and a relative one taken from the working folder.
 * That is how server-filesystem and most file servers are told where they may work, and where they
 * resolve relative paths.
 */
export function foldersInArgs(
  args: readonly string[],
  {
    cwd,
    home,
    isDirectory,
  }: { cwd: string | undefined; home: string | undefined; isDirectory(path: string): boolean },
): string[] {
  const folders = new Set<string>();
  for (const arg of args) {
    const equals = arg.indexOf('=');
    if (arg.startsWith('-') && equals < 0) continue;
    let text = arg.startsWith('-') ? arg.slice(equals + 1) : arg;
    if (text === '') continue;
    if (text === '~' || text.startsWith('~/')) {
      if (!home) continue;
      text = join(home, text.slice(1));
    }
    if (!isAbsolute(text)) {
      if (!cwd) continue;
      text = resolve(cwd, text);
    }
    if (isDirectory(text)) folders.add(text);
  }
  return [...folders];
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Where a registered server runs for one session: its working folder, the folders in its
 * arguments, and the home of the environment it was started with. Roots come per call.
 */
export function serverPlace(
  server: { transport: string; args: readonly string[]; cwd?: string | undefined },
  session: { cwd: string; env: Readonly<Record<string, string>> },
  check: (path: string) => boolean = isDirectory,
): Omit<Place, 'roots'> {
  const home = session.env.HOME ?? session.env.USERPROFILE ?? homedir();
  if (server.transport !== 'stdio') return { cwd: undefined, allowed: [], home, remote: true };
  const cwd = server.cwd ?? session.cwd;
  return { cwd, allowed: foldersInArgs(server.args, { cwd, home, isDirectory: check }), home };
}
