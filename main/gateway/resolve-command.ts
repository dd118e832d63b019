import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter as posixDelimiter, isAbsolute, join, resolve } from 'node:path';

export interface ResolvedCommand {
  /** Absolute path of the program, when it could be found. */
  path: string | undefined;
  /** The environment to spawn with: the client's, with the login shell's PATH appended when needed. */
  env: NodeJS.ProcessEnv;
  /** Every folder searched, for the error message when nothing was found. */
  searched: string[];
}

export interface ResolveOptions {
  platform?: NodeJS.Platform;
  cwd?: string;
  /** The PATH an interactive login shell would have (GUI apps start with a thin one). */
  loginShellPath?: () => Promise<string | undefined>;
}

/**
 * Find a command the way the person's shell would. Apps started from the Dock or a desktop menu get
 * a thin PATH without nvm, Homebrew or ~/.local/bin; when the client's PATH does not have the
 * command, the login shell's PATH is tried and appended, so `npx` and the `node` it needs are found.
 */
export async function resolveCommand(
  command: string,
  env: NodeJS.ProcessEnv,
  options: ResolveOptions = {},
): Promise<ResolvedCommand> {
  const platform = options.platform ?? process.platform;
  const delimiter = platform === 'win32' ? ';' : posixDelimiter;
  const pathKey =
    platform === 'win32' ? (Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'Path') : 'PATH';

  if (command.includes('/') || (platform === 'win32' && command.includes('\\'))) {
    const full = isAbsolute(command) ? command : resolve(options.cwd ?? process.cwd(), command);
    return { path: isExecutable(full, platform) ? full : undefined, env, searched: [full] };
  }

  const given = splitPath(env[pathKey], delimiter);
  const found = search(command, given, env, platform);
  if (found) return { path: found, env, searched: given };

  const login = splitPath(await options.loginShellPath?.(), delimiter);
  const extra = login.filter((dir) => !given.includes(dir));
  const searched = [...given, ...extra];
  const inLogin = search(command, extra, env, platform);
  const merged = { ...env, [pathKey]: searched.join(delimiter) };
  return { path: inLogin, env: inLogin ? merged : env, searched };
}

function splitPath(value: string | undefined, delimiter: string): string[] {
  return (value ?? '').split(delimiter).filter((p) => p.length > 0);
}

function search(
  command: string,
  dirs: string[],
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
): string | undefined {
  const extensions =
    platform === 'win32'
      ? ['', ...(env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').map((e) => e.toLowerCase())]
      : [''];
  for (const dir of dirs) {
    for (const ext of extensions) {
      const candidate = join(dir, command + ext);
      if (isExecutable(candidate, platform)) return candidate;
    }
  }
  return undefined;
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const MARK = '__PORTCULLIS_PATH__';

/**
 * Ask the person's login shell for its PATH, once per process. Markers cut the value out of
 * whatever the shell's rc files print. Gives up after a few seconds (a shell that waits for input).
 */
export function loginShellPathProbe(env: NodeJS.ProcessEnv = process.env, platform = process.platform) {
  let cached: Promise<string | undefined> | undefined;
  return (): Promise<string | undefined> => {
    if (platform === 'win32') return Promise.resolve(undefined);
    cached ??= new Promise((done) => {
      const shell = env.SHELL || '/bin/sh';
      execFile(
        shell,
        ['-ilc', `printf '%s%s%s' '${MARK}' "$PATH" '${MARK}'`],
        { timeout: 5000, env: { ...env, TERM: 'dumb' } },
        (_error, stdout) => {
          const match = new RegExp(`${MARK}(.*?)${MARK}`, 's').exec(String(stdout));
          done(match?.[1] || undefined);
        },
      );
    });
    return cached;
  };
}

/**
 * The PATH to record when a person connects a client: their own (the terminal's or the app's),
 * then any folders their login shell adds (an app started from the Dock has a thin PATH).
 */
export function connectSearchPath(
  env: NodeJS.ProcessEnv = process.env,
  loginShellPath: () => Promise<string | undefined> = loginShellPathProbe(env),
  platform: NodeJS.Platform = process.platform,
): () => Promise<string> {
  const delimiter = platform === 'win32' ? ';' : posixDelimiter;
  return async () => {
    const own = Object.entries(env).find(
      ([key]) => (platform === 'win32' ? key.toUpperCase() : key) === 'PATH',
    )?.[1];
    const folders = [...splitPath(own, delimiter), ...splitPath(await loginShellPath(), delimiter)];
    return [...new Set(folders)].join(delimiter);
  };
}
