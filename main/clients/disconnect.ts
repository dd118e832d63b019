import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256, writeFileAtomic } from './atomic-write';
import { keepBackup, readVerifiedBackup } from './backup-files';
import type { ClientAdapter } from './client-adapter';
import { specFor } from './config-files';
import { loadAllStates, saveState, type ConnectionState } from './connection-state';
import { canRestoreExactly, planEntriesRestore } from './disconnect-plan';
import { withFileLock } from './file-lock';
import { errorText } from './reports';
import type { ServiceContext } from './service-context';
import type { DisconnectResult, ServerSelection } from './types';

type FileResult = DisconnectResult['files'][number];
type Outcome = Omit<DisconnectResult, 'client' | 'files'> & { file: FileResult };

export interface DisconnectOptions extends ServerSelection {
  dryRun?: boolean;
}

/**
 * Restore the original entries of a client's connected files: all of them, or only the named
 * servers (the rest stay protected). A dry run returns each file's text before and after.
 */
export async function disconnectClient(
  ctx: ServiceContext,
  clientId: string,
  options: DisconnectOptions = {},
): Promise<DisconnectResult> {
  const adapter = ctx.adapterFor(clientId);
  const primary = adapter.resolveConfigPath(ctx.options.host).path;
  const wanted = options.servers && new Set(options.servers);
  const connected = (await loadAllStates(join(ctx.options.backupsDir, adapter.id))).filter(
    ({ state }) =>
      state.connected &&
      (!wanted || Object.entries(state.servers).some(([key, w]) => wanted.has(w.name ?? key))),
  );
  const result: DisconnectResult = {
    client: adapter.id,
    configPath: connected.length === 1 ? connected[0]!.state.configPath : primary,
    ...(options.dryRun ? { dryRun: true } : {}),
    mode: 'nothing',
    restored: [],
    leftAlone: [],
    files: [],
  };
  if (connected.length === 0)
    return {
      ...result,
      note: wanted
        ? `${[...wanted].join(', ')} ${wanted.size === 1 ? 'is' : 'are'} not protected in ${adapter.name}: nothing to restore.`
        : `${adapter.name} is not connected: nothing to restore.`,
    };
  let firstError: unknown;
  for (const { dir, state } of connected) {
    try {
      // The file we wrote, even if the client has since moved to another location. When it is
      // gone (perhaps with its folder, where the lock would live) there is nothing to write. A dry
      // run takes no lock: creating the lock file would itself be a write.
      const run = () => disconnectFile(ctx, adapter, dir, state, options);
      const one =
        existsSync(state.configPath) && !options.dryRun
          ? await withFileLock(state.configPath, run)
          : await run();
      result.files.push(one.file);
      result.restored.push(...one.restored);
      result.leftAlone.push(...one.leftAlone);
      if (one.note) result.note = result.note ? `${result.note} ${one.note}` : one.note;
    } catch (error) {
      firstError ??= error;
      result.files.push({
        configPath: state.configPath,
        mode: 'nothing',
        restored: [],
        error: errorText(error),
      });
    }
  }
  if (firstError !== undefined && result.files.every((file) => file.error)) throw firstError;
  const modes = new Set(result.files.filter((file) => !file.error).map((file) => file.mode));
  result.mode = modes.has('entries') ? 'entries' : modes.has('exact') ? 'exact' : 'nothing';
  return result;
}

async function disconnectFile(
  ctx: ServiceContext,
  adapter: ClientAdapter,
  dir: string,
  state: ConnectionState,
  { dryRun = false, servers }: DisconnectOptions,
): Promise<Outcome> {
  const path = state.configPath;
  const spec = specFor(adapter, state.file);
  const wanted = servers && new Set(servers);
  const selected = Object.entries(state.servers).filter(([key, w]) => !wanted || wanted.has(w.name ?? key));
  const remaining = Object.fromEntries(
    Object.entries(state.servers).filter(([key, w]) => wanted && !wanted.has(w.name ?? key)),
  );
  const partial = Object.keys(remaining).length > 0;
  const names = selected.map(([key, wrapped]) => wrapped.name ?? key);
  const outcome = (mode: FileResult['mode'], restored: string[], extra: Partial<Outcome> = {}): Outcome => ({
    configPath: path,
    mode,
    restored,
    leftAlone: [],
    ...extra,
    file: { configPath: path, mode, restored },
  });
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const at = ctx.now();
  if (!bytes) {
    if (!dryRun) await saveState(dir, afterDisconnect(state, remaining, partial, { at, mode: 'nothing' }));
    return outcome('nothing', [], {
      leftAlone: names.map((server) => ({ server, reason: 'the config file no longer exists' })),
      note: `${path} no longer exists: nothing to restore.`,
    });
  }
  const currentSha = sha256(bytes);
  let newBytes: Buffer | undefined;
  let mode: FileResult['mode'] = 'entries';
  let restored = names;
  let leftAlone: Outcome['leftAlone'] = [];
  const first = state.writes[0];
  if (!partial && first && canRestoreExactly(state, currentSha)) {
    newBytes = await readVerifiedBackup(dir, first.backup, first.beforeSha);
    if (newBytes) mode = 'exact';
  }
  if (!newBytes) {
    const only: ConnectionState = { ...state, servers: Object.fromEntries(selected) };
    const plan = planEntriesRestore(path, bytes, only, spec.format, spec.maps, adapter.dialect);
    newBytes = Buffer.from(plan.text, 'utf8');
    restored = plan.restored;
    leftAlone = plan.leftAlone;
  }
  const changed = !newBytes.equals(bytes);
  if (dryRun) {
    const result = outcome(mode, restored, { leftAlone });
    if (changed)
      Object.assign(result.file, { oldText: bytes.toString('utf8'), newText: newBytes.toString('utf8') });
    return result;
  }
  let backupFile: string | undefined;
  if (changed) {
    backupFile = (await keepBackup(dir, path, bytes, at)).file;
    await writeFileAtomic(path, newBytes, { expectSha: currentSha });
  }
  const write = backupFile && { at, beforeSha: currentSha, afterSha: sha256(newBytes), backup: backupFile };
  await saveState(
    dir,
    afterDisconnect(
      state,
      remaining,
      partial,
      { at, mode, ...(backupFile ? { backup: backupFile } : {}) },
      write,
    ),
  );
  return outcome(mode, restored, { leftAlone });
}

/** The state after a disconnect: still connected with the servers left when only some went. */
function afterDisconnect(
  state: ConnectionState,
  remaining: ConnectionState['servers'],
  partial: boolean,
  record: NonNullable<ConnectionState['lastDisconnect']>,
  write?: ConnectionState['writes'][number] | '' | undefined,
): ConnectionState {
  if (!partial) return { ...state, connected: false, lastDisconnect: record };
  return { ...state, servers: remaining, writes: write ? [...state.writes, write] : state.writes };
}
