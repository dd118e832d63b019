import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostEnvironment } from '../paths';
import { sha256 } from './atomic-write';
import { clientBackupDir } from './backup-files';
import type { ClientAdapter, ConfigFileSpec } from './client-adapter';
import { loadAllStates } from './connection-state';
import { firstExisting } from './path-candidates';

/** One config file of a client, located on this computer. */
export interface ResolvedFile {
  spec: ConfigFileSpec;
  path: string;
  exists: boolean;
}

/**
 * Every config file the adapter describes, for this host and these project folders: the one in
 * use for `first` specs (or where it would be created), every existing one for `all` specs.
 */
export function resolveFiles(
  adapter: ClientAdapter,
  host: HostEnvironment,
  projects: readonly string[],
): ResolvedFile[] {
  const files: ResolvedFile[] = [];
  for (const spec of adapter.files) {
    const lists =
      spec.scope === 'user' ? [spec.paths(host)] : projects.map((project) => spec.paths(host, project));
    for (const candidates of lists) {
      if (candidates.length === 0) continue;
      if (spec.pick === 'first') {
        files.push({ spec, ...firstExisting(candidates) });
        continue;
      }
      const existing = [...new Set(candidates)].filter((path) => existsSync(path));
      if (existing.length === 0 && spec.scope === 'user')
        files.push({ spec, path: candidates[0]!, exists: false });
      for (const path of existing) files.push({ spec, path, exists: true });
    }
  }
  return dedupe(files);
}

/**
 * The files connect and `clients` work on: those the adapter describes for these project folders,
 * and every file already connected (a project file connected earlier stays in view, and protected,
 * when no project folder is named).
 */
export async function filesInScope(
  ctx: {
    adapters: readonly ClientAdapter[];
    options: { host: HostEnvironment; backupsDir: string };
    projects: readonly string[];
  },
  adapter: ClientAdapter,
): Promise<ResolvedFile[]> {
  const files = resolveFiles(adapter, ctx.options.host, ctx.projects);
  const states = await loadAllStates(join(ctx.options.backupsDir, adapter.id)).catch(() => []);
  for (const { state } of states) {
    if (!state.connected || files.some((file) => file.path === state.configPath)) continue;
    files.push({
      spec: specFor(adapter, state.file),
      path: state.configPath,
      exists: existsSync(state.configPath),
    });
  }
  return files;
}

function dedupe(files: ResolvedFile[]): ResolvedFile[] {
  const seen = new Set<string>();
  return files.filter((file) => !seen.has(file.path) && seen.add(file.path));
}

/** The spec a connected file was written under: its recorded label, else the first. */
export function specFor(adapter: ClientAdapter, label: string | undefined): ConfigFileSpec {
  const spec = adapter.files.find((candidate) => candidate.label === label) ?? adapter.files[0];
  if (!spec) throw new Error(`Internal error: ${adapter.id} describes no config files.`);
  return spec;
}

/**
 * Where one file's backups and state live: the client's folder for its main config (as before
 * clients had several files), `files/<hash of the path>/` for every other one.
 */
export async function stateDirFor(
  backupsDir: string,
  adapter: ClientAdapter,
  primary: string,
  path: string,
): Promise<string> {
  const dir = await clientBackupDir(backupsDir, adapter.id);
  if (path === primary) return dir;
  const nested = join(dir, 'files', sha256(Buffer.from(path, 'utf8')).slice(0, 16));
  await mkdir(nested, { recursive: true, mode: 0o700 });
  return nested;
}
