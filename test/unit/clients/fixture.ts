import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClientsService } from '../../../main/clients';
import type { ClientsService, ShimCommand } from '../../../main/clients';
import type { HostEnvironment } from '../../../main/paths';
import type { ServerDefinition } from '../../../shared/servers';

export const SHIM: ShimCommand = {
  command: '/usr/bin/node',
  args: (client, server) => ['/opt/portcullis/cli.js', 'shim', '--client', client, '--server', server],
};

const NOW = Date.UTC(2026, 0, 21, 19, 45, 0);

export interface Fixture {
  root: string;
  home: string;
  host: HostEnvironment;
  backupsDir: string;
  registered: ServerDefinition[];
  service: ClientsService;
  cursorPath: string;
  /** Write `~/.cursor/mcp.json` and return its bytes. */
  writeCursor(text: string): Buffer;
  /** The same world, with project folders whose configs count too. */
  withProjects(projectDirs: string[]): ClientsService;
}

/** A fresh temp home and data folder, a recording registry, and a service pointed at them. */
export function makeFixture(platform: NodeJS.Platform = 'linux', env: NodeJS.ProcessEnv = {}): Fixture {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-clients-'));
  const home = path.join(root, 'home');
  fs.mkdirSync(home);
  const host: HostEnvironment = { platform, env, home };
  const backupsDir = path.join(root, 'data', 'backups');
  const registered: ServerDefinition[] = [];
  const registry = { register: (definitions: ServerDefinition[]) => void registered.push(...definitions) };
  const service = createClientsService({ host, backupsDir, shim: SHIM, registry, now: () => NOW });
  const cursorPath = path.join(home, '.cursor', 'mcp.json');
  return {
    root,
    home,
    host,
    backupsDir,
    registered,
    service,
    cursorPath,
    withProjects: (projectDirs) =>
      createClientsService({ host, backupsDir, shim: SHIM, registry, now: () => NOW, projectDirs }),
    writeCursor(text) {
      fs.mkdirSync(path.dirname(cursorPath), { recursive: true });
      fs.writeFileSync(cursorPath, text);
      return fs.readFileSync(cursorPath);
    },
  };
}

export function removeFixture(fixture: Fixture): void {
  fs.rmSync(fixture.root, { recursive: true, force: true });
}

/** Lines joined with CRLF, so a test can spell out a Windows-edited file. */
export function crlf(...lines: string[]): string {
  return lines.join('\r\n');
}

export function filesIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}
