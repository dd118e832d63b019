import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** The parts of the outside world that decide where things live; injected so tests can use temp folders. */
export interface HostEnvironment {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** The person's home folder (HOME / USERPROFILE). */
  home: string;
}

export function currentHost(): HostEnvironment {
  const env = process.env;
  const home = env.HOME ?? env.USERPROFILE ?? '';
  if (!home) throw new Error('Cannot find the home folder: neither HOME nor USERPROFILE is set.');
  return { platform: process.platform, env, home };
}

/**
 * The data folder: `--data-dir`, else PORTCULLIS_HOME, else the OS's app-data folder. The Electron
 * shell uses the same folder so the desktop app and the headless CLI share one store.
 */
export function resolveDataDir(host: HostEnvironment, flag?: string): string {
  if (flag) return flag;
  if (host.env.PORTCULLIS_HOME) return host.env.PORTCULLIS_HOME;
  return join(appDataDir(host), 'Portcullis');
}

/** Where applications keep per-user data on this OS (what Electron calls `appData`). */
export function appDataDir(host: HostEnvironment): string {
  switch (host.platform) {
    case 'darwin':
      return join(host.home, 'Library', 'Application Support');
    case 'win32':
      return host.env.APPDATA ?? join(host.home, 'AppData', 'Roaming');
    default:
      return host.env.XDG_CONFIG_HOME || join(host.home, '.config');
  }
}

export interface DataPaths {
  dir: string;
  database: string;
  /** The shared secret that shims and the CLI present to the gateway. */
  token: string;
  /** Written by a running gateway: pid, socket, dashboard port. */
  runtime: string;
  socket: string;
  backups: string;
  logs: string;
}

// sockaddr_un.sun_path is 104 bytes on macOS and 108 on Linux, including the terminator.
const MAX_UNIX_SOCKET_PATH = 100;

export function dataPaths(
  dir: string,
  platform: NodeJS.Platform = process.platform,
  tmpDir = '/tmp',
): DataPaths {
  return {
    dir,
    database: join(dir, 'portcullis.db'),
    token: join(dir, 'token'),
    runtime: join(dir, 'gateway.json'),
    socket: socketPath(dir, platform, tmpDir),
    backups: join(dir, 'backups'),
    logs: join(dir, 'logs'),
  };
}

function socketPath(dir: string, platform: NodeJS.Platform, tmpDir: string): string {
  const digest = createHash('sha256').update(dir).digest('hex').slice(0, 16);
  if (platform === 'win32') return `\\\\.\\pipe\\portcullis-${digest}`;
  const inDir = join(dir, 'gateway.sock');
  if (Buffer.byteLength(inDir) <= MAX_UNIX_SOCKET_PATH) return inDir;
  // A deep data folder would overflow the socket path limit; fall back to a short, per-folder name.
  return join(tmpDir, `portcullis-${digest}.sock`);
}
