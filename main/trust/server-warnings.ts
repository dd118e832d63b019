import type { ServerIdentity, ServerWarning } from '../../shared/trust';

export interface WarningContext {
  /** The person's home folder. */
  home: string;
  /** Windows paths (drive letters, backslashes, case-insensitive) rather than POSIX ones. */
  windows?: boolean;
}

const SHELLS = /^(?:sh|bash|zsh|dash|ksh|fish|csh|tcsh|ash|cmd|powershell|pwsh)(?:\.exe)?$/i;
const SHELL_COMMAND_FLAGS = /^(?:-c|-lc|-ic|--command|\/c|\/k|-command|-encodedcommand|-enc|-ec)$/i;
const INTERPRETERS = /^(?:node|nodejs|deno|bun|python\d*(?:\.\d+)?|perl|ruby|php)(?:\.exe)?$/i;
const INLINE_CODE_FLAGS = /^(?:-e|--eval|-p|--print|-c)$/;
const PRIVILEGE = /^(?:sudo|doas|su|pkexec|runas|gsudo)(?:\.exe)?$/i;
const PRIVILEGE_IN_TEXT = /(?:^|[\s;&|()`])(?:sudo|doas|pkexec|runas)\s/;
const DOWNLOAD_AND_RUN =
  /\b(?:curl|wget|iwr|invoke-webrequest|irm|invoke-restmethod)\b[^|;&\n]*\|\s*(?:sudo\s+)?(?:sh|bash|zsh|dash|python\d?|node|perl|ruby|iex|invoke-expression|pwsh|powershell)\b|\b(?:iex|invoke-expression)\s*\(?\s*(?:\(|\$\()?\s*(?:new-object\s+net\.webclient|iwr|irm|invoke-webrequest|invoke-restmethod)/i;
const DESTRUCTIVE =
  /\brm\s+-(?:[a-z]*r[a-z]*f|[a-z]*f[a-z]*r)[a-z]*\b|\bmkfs\b|\bdd\s+if=|\bformat\s+[a-z]:|\bdel\s+\/[sq]/i;
const REDIRECT_TARGET = /(?:^|[^<>&\d])>{1,2}\s*("?)([^\s"'|;&]+)\1|\btee\s+(?:-a\s+)?([^\s|;&]+)/g;
/** Variables that make an interpreter load code the definition does not show. */
const CODE_ENV =
  /^(?:NODE_OPTIONS|NODE_PATH|LD_PRELOAD|LD_LIBRARY_PATH|DYLD_INSERT_LIBRARIES|DYLD_LIBRARY_PATH|PYTHONPATH|PYTHONSTARTUP|PYTHONHOME|PERL5OPT|PERL5LIB|RUBYOPT|RUBYLIB|BASH_ENV|ENV|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|PROMPT_COMMAND)$/i;

/** An environment variable that makes a program load other code (NODE_OPTIONS, LD_PRELOAD, …). */
export function loadsOtherCode(name: string): boolean {
  return CODE_ENV.test(name);
}

/** Where programs are usually installed (on the PATH, by a package manager or a version manager). */
const INSTALL_FOLDERS_POSIX = [
  '/usr/bin/',
  '/usr/local/bin/',
  '/bin/',
  '/usr/sbin/',
  '/sbin/',
  '/opt/homebrew/bin/',
  '/opt/homebrew/opt/',
  '/opt/local/bin/',
  '/usr/local/opt/',
  '/snap/bin/',
  '/nix/store/',
  '/run/current-system/sw/bin/',
  '/Applications/',
];
const INSTALL_FOLDERS_HOME = [
  '/.nvm/versions/',
  '/.volta/',
  '/.fnm/',
  '/.local/bin/',
  '/.local/share/mise/',
  '/.local/share/fnm/',
  '/.asdf/',
  '/.cargo/bin/',
  '/.bun/bin/',
  '/.deno/bin/',
  '/go/bin/',
  '/.pyenv/',
  '/.rbenv/',
  '/miniconda3/',
  '/anaconda3/',
  '/.npm-global/',
  '/Library/pnpm/',
  '/.local/share/pnpm/',
];
const INSTALL_FOLDERS_WINDOWS = [
  'c:\\program files\\',
  'c:\\program files (x86)\\',
  'c:\\windows\\system32\\',
  '\\appdata\\roaming\\npm\\',
  '\\appdata\\local\\programs\\',
  '\\appdata\\local\\microsoft\\windowsapps\\',
  '\\scoop\\shims\\',
  '\\.cargo\\bin\\',
];
const TEMP_FOLDERS = ['/tmp/', '/var/tmp/', '/private/tmp/', '/private/var/folders/', '/var/folders/'];
/** Arguments that name a program or script to run, not a place to read or write. */
const CODE_FILE = /\.(?:m?js|cjs|ts|mts|py|rb|pl|jar|exe|cmd|bat|ps1|sh|dll|so|dylib|wasm)$/i;

/**
 * What deserves a warning in a server's definition, before it is accepted: a shell given a command
 * string, elevated privileges, a download piped into an interpreter, a program from outside the
 * usual install folders, paths outside the home folder (the server may write there), variables
 * that load extra code, destructive commands, and remote servers reached without TLS.
 */
export function serverWarnings(definition: ServerIdentity, context: WarningContext): ServerWarning[] {
  const warnings: ServerWarning[] = [];
  const add = (warning: ServerWarning) => {
    if (!warnings.some((w) => w.kind === warning.kind && w.text === warning.text)) warnings.push(warning);
  };
  const paths = pathRules(context);
  const { command, args } = definition;
  const all = [command ?? '', ...args].join(' ');

  if (command !== undefined) {
    const base = basename(command);
    const flag = args.find((arg) => SHELL_COMMAND_FLAGS.test(arg));
    if (SHELLS.test(base) && flag !== undefined)
      add({
        kind: 'shell',
        text: `${command} ${flag}`,
        detail: 'runs a shell with a command string, which can do anything',
      });
    const inline = args.find((arg) => INLINE_CODE_FLAGS.test(arg));
    if (INTERPRETERS.test(base) && inline !== undefined)
      add({ kind: 'shell', text: `${command} ${inline}`, detail: 'runs code given on the command line' });
    if (PRIVILEGE.test(base))
      add({ kind: 'privilege', text: command, detail: 'runs with elevated privileges' });
    if (!paths.bare(command) && !paths.installed(command))
      add({
        kind: 'unusual-command',
        text: command,
        detail: paths.absolute(command)
          ? 'runs a program from outside the usual install folders'
          : 'runs a program by a relative path, which depends on the working folder',
      });
  }
  const elevated = args.find((arg) => PRIVILEGE_IN_TEXT.test(` ${arg}`));
  if (elevated !== undefined)
    add({
      kind: 'privilege',
      text: elevated.slice(0, 200),
      detail: 'a command string that uses sudo or similar',
    });
  const download = DOWNLOAD_AND_RUN.exec(all);
  if (download)
    add({ kind: 'download-and-run', text: download[0], detail: 'downloads code and runs it at once' });
  const destructive = DESTRUCTIVE.exec(all);
  if (destructive)
    add({ kind: 'destructive', text: destructive[0], detail: 'a command that deletes or overwrites data' });

  for (const arg of args) {
    for (const target of redirectTargets(arg)) {
      if (paths.absolute(target) && !paths.inHome(target) && !paths.temporary(target))
        add({ kind: 'outside-home', text: target, detail: 'writes to a file outside your home folder' });
    }
    // A Windows switch (`/c`, `/k`) is not a folder.
    if (/^\/[a-z?]$/i.test(arg)) continue;
    // --root=/etc and -d /srv name folders as well as bare arguments do.
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : arg;
    if (
      paths.absolute(value) &&
      !paths.inHome(value) &&
      !paths.temporary(value) &&
      !paths.installed(value) &&
      !CODE_FILE.test(value)
    )
      add({
        kind: 'outside-home',
        text: value,
        detail: 'names a folder outside your home folder, which the server may read or write',
      });
  }
  if (definition.cwd !== undefined && !paths.inHome(definition.cwd) && !paths.temporary(definition.cwd))
    add({
      kind: 'outside-home',
      text: definition.cwd,
      detail: 'runs in a working folder outside your home folder',
    });

  for (const key of definition.envKeys) {
    if (loadsOtherCode(key))
      add({
        kind: 'code-environment',
        text: key,
        detail: 'an environment variable that makes the program load other code',
      });
  }
  if (definition.url !== undefined && /^http:\/\//i.test(definition.url) && !isLoopback(definition.url))
    add({
      kind: 'insecure-url',
      text: definition.url,
      detail: 'reaches a remote server without TLS: anyone on the way can read and change it',
    });
  return warnings;
}

function pathRules({ home, windows = false }: WarningContext) {
  const norm = (path: string) => (windows ? path.replaceAll('/', '\\').toLowerCase() : path);
  const sep = windows ? '\\' : '/';
  const homeDir = norm(home).replace(/[\\/]+$/, '') + sep;
  const absolute = (path: string) =>
    windows ? /^(?:[a-z]:[\\/]|\\\\)/i.test(path) : path.startsWith('/') || path.startsWith('~/');
  const expand = (path: string) => norm(path.startsWith('~/') ? `${home}${path.slice(1)}` : path);
  return {
    absolute,
    /** A name looked up in the PATH recorded at connect time. */
    bare: (command: string) => !/[\\/]/.test(command),
    inHome: (path: string) => `${expand(path)}${sep}`.startsWith(homeDir),
    temporary: (path: string) => !windows && TEMP_FOLDERS.some((dir) => `${path}/`.startsWith(dir)),
    installed: (path: string) => {
      const full = expand(path);
      if (windows) return INSTALL_FOLDERS_WINDOWS.some((dir) => full.includes(dir));
      if (INSTALL_FOLDERS_POSIX.some((dir) => full.startsWith(dir))) return true;
      return full.startsWith(homeDir) && INSTALL_FOLDERS_HOME.some((dir) => full.includes(dir));
    },
  };
}

function redirectTargets(arg: string): string[] {
  const out: string[] = [];
  for (const match of arg.matchAll(REDIRECT_TARGET)) {
    const target = match[2] ?? match[3];
    if (target && target !== '/dev/null' && !target.startsWith('&')) out.push(target);
  }
  return out;
}

function basename(command: string): string {
  return command.split(/[\\/]/).pop() ?? command;
}

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
  } catch {
    return false;
  }
}
