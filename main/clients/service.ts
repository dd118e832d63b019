import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { builtInAdapters } from './adapters';
import { sha256, writeFileAtomic } from './atomic-write';
import { keepBackup, readVerifiedBackup } from './backup-files';
import type { ClientAdapter, ClientPolicy } from './client-adapter';
import { resolveFiles, specFor, stateDirFor, type ResolvedFile } from './config-files';
import { locationOf, planConnect, type Claim } from './connect-plan';
import { loadAllStates, loadState, restoreState, saveState } from './connection-state';
import type { ConnectionState } from './connection-state';
import { canRestoreExactly, planEntriesRestore } from './disconnect-plan';
import { withFileLock } from './file-lock';
import { describeFile, errorText, loadClientPolicy } from './reports';
import { UnknownClientError } from './types';
import type {
  ClientReport,
  ClientsService,
  ClientsServiceOptions,
  ConnectResult,
  DisconnectResult,
  FileConnectResult,
} from './types';

type Claims = Map<string, Claim>;

export function createClientsService(
  options: ClientsServiceOptions,
  adapters: readonly ClientAdapter[] = options.adapters ?? builtInAdapters,
): ClientsService {
  const now = options.now ?? Date.now;
  const projects = options.projectDirs ?? [];
  const shimFor = (client: string) => (server: string) => ({
    command: options.shim.command,
    args: options.shim.args(client, server),
  });

  function adapterFor(clientId: string): ClientAdapter {
    const adapter = adapters.find((candidate) => candidate.id === clientId);
    if (!adapter)
      throw new UnknownClientError(
        clientId,
        adapters.map((known) => known.id),
      );
    return adapter;
  }

  async function describe(adapter: ClientAdapter): Promise<ClientReport> {
    const primary = adapter.resolveConfigPath(options.host);
    const resolved = resolveFiles(adapter, options.host, projects);
    const policy = await loadClientPolicy(adapter, options).catch(() => undefined);
    const shown = resolved.filter((file) => file.exists);
    const claimed = await existingClaims(adapter);
    const files = [];
    // In order, like connect: a name one file takes is taken for the files after it.
    for (const file of shown.length > 0 ? shown : resolved.slice(0, 1)) {
      files.push(
        await describeFile(adapter, file, {
          shim: shimFor(adapter.id),
          policy,
          claimed,
          file: file.path,
        }),
      );
    }
    const error = files.find((file) => file.error)?.error;
    return {
      id: adapter.id,
      name: adapter.name,
      configPath: primary.path,
      exists: files.some((file) => file.exists),
      servers: files.flatMap((file) => file.servers),
      ...(error ? { error } : {}),
      files,
      restart: adapter.restart,
    };
  }

  async function connect(clientId: string, { dryRun = false } = {}): Promise<ConnectResult> {
    const adapter = adapterFor(clientId);
    const primary = adapter.resolveConfigPath(options.host).path;
    const files = resolveFiles(adapter, options.host, projects).filter((file) => file.exists);
    const result: ConnectResult = {
      client: adapter.id,
      configPath: primary,
      dryRun,
      changed: [],
      skipped: [],
      files: [],
    };
    if (files.length === 0) return { ...result, note: `No config file at ${primary}: nothing to connect.` };
    const policy = await loadClientPolicy(adapter, options);
    const claims = await existingClaims(adapter);
    let firstError: unknown;
    for (const file of files) {
      try {
        // A dry run takes no lock: creating the lock file would itself be a write.
        const run = () => connectFile(adapter, primary, file, policy, claims, dryRun);
        const fileResult = dryRun ? await run() : await withFileLock(file.path, run);
        merge(result, fileResult, file.path === primary || files.length === 1);
      } catch (error) {
        firstError ??= error;
        result.files.push({ configPath: file.path, changed: [], skipped: [], error: errorText(error) });
      }
    }
    // One file, or none that could be read: the error is the whole story.
    if (firstError !== undefined && result.files.every((file) => file.error)) throw firstError;
    if (
      result.changed.length === 0 &&
      result.files.every((file) => file.changed.length === 0 && file.skipped.length === 0 && !file.error)
    )
      result.note = `No servers in ${files.map((file) => file.path).join(', ')}: nothing to connect.`;
    return result;
  }

  function merge(
    result: ConnectResult,
    file: FileConnectResult & { definitions: ConnectResult['changed'] },
    main: boolean,
  ) {
    const { definitions, ...rest } = file;
    result.files.push(rest);
    result.changed.push(...definitions);
    result.skipped.push(
      ...file.skipped.map(({ server, reason, remedy }) => ({
        server,
        reason,
        ...(remedy ? { remedy } : {}),
      })),
    );
    if (main || result.backupPath === undefined) {
      if (file.backupPath) result.backupPath = file.backupPath;
    }
    if (file.newText !== undefined && (main || result.newText === undefined)) result.newText = file.newText;
  }

  /** What this client already routes, by server name, from every connected file's state. */
  async function existingClaims(adapter: ClientAdapter): Promise<Claims> {
    const claims: Claims = new Map();
    for (const { state } of await loadAllStates(join(options.backupsDir, adapter.id))) {
      if (!state.connected) continue;
      for (const wrapped of Object.values(state.servers)) {
        if (wrapped.definition && wrapped.name)
          claims.set(wrapped.name, {
            definition: wrapped.definition,
            where: wrapped.scope ? `${state.configPath}, ${wrapped.scope}` : state.configPath,
            location: locationOf(state.configPath, wrapped.map ?? ['mcpServers'], wrapped.name),
          });
      }
    }
    return claims;
  }

  async function connectFile(
    adapter: ClientAdapter,
    primary: string,
    file: ResolvedFile,
    policy: ClientPolicy | undefined,
    claims: Claims,
    dryRun: boolean,
  ): Promise<FileConnectResult & { definitions: ConnectResult['changed'] }> {
    const { spec, path } = file;
    const bytes = await readFile(path);
    const config = spec.format.parse(path, bytes, spec.maps);
    const plan = planConnect({
      client: adapter,
      config,
      format: spec.format,
      dialect: adapter.dialect,
      shim: shimFor(adapter.id),
      policy,
      claimed: claims,
      file: path,
    });
    const result = {
      configPath: path,
      changed: plan.changed.map(({ server, scope }) => ({ server, scope })),
      skipped: plan.skipped,
      definitions: plan.changed.map(({ server, definition }) => ({ server, definition })),
    };
    if (plan.changed.length === 0) return result;
    const newBytes = Buffer.from(config.bom + plan.text, 'utf8');
    if (dryRun) return { ...result, newText: config.bom + plan.text };

    const dir = await stateDirFor(options.backupsDir, adapter, primary, path);
    const previous = await loadState(dir);
    if (previous?.connected && previous.configPath !== path)
      throw new Error(
        `${adapter.name} is connected through ${previous.configPath}, but its config is now ${path}. ` +
          `Disconnect ${adapter.id} first.`,
      );
    const at = now();
    const backup = await keepBackup(dir, path, bytes, at);
    const base: ConnectionState =
      previous?.connected === true
        ? previous
        : {
            version: 1,
            client: adapter.id,
            configPath: path,
            ...(spec === adapter.files[0] ? {} : { file: spec.label }),
            connected: true,
            writes: [],
            servers: {},
          };
    const beforeSha = sha256(bytes);
    const next: ConnectionState = {
      ...base,
      connected: true,
      writes: [...base.writes, { at, beforeSha, afterSha: sha256(newBytes), backup: backup.file }],
      servers: { ...base.servers, ...plan.wrapped },
    };
    // The state goes first: if the process dies after the config write, the originals are on disk.
    await saveState(dir, next);
    try {
      // Registration happens here and only here: what the gateway may run is what connect wrote,
      // found in the PATH recorded now.
      const searchPath = await options.searchPath?.();
      options.registry.register(
        plan.changed.map(({ definition }) =>
          definition.transport === 'stdio' && searchPath !== undefined
            ? { ...definition, searchPath }
            : definition,
        ),
      );
      await writeFileAtomic(path, newBytes, { expectSha: beforeSha });
    } catch (error) {
      await restoreState(dir, previous);
      throw error;
    }
    return { ...result, backupPath: backup.path };
  }

  async function disconnect(clientId: string): Promise<DisconnectResult> {
    const adapter = adapterFor(clientId);
    const primary = adapter.resolveConfigPath(options.host).path;
    const connected = (await loadAllStates(join(options.backupsDir, adapter.id))).filter(
      ({ state }) => state.connected,
    );
    const result: DisconnectResult = {
      client: adapter.id,
      configPath: connected.length === 1 ? connected[0]!.state.configPath : primary,
      mode: 'nothing',
      restored: [],
      leftAlone: [],
      files: [],
    };
    if (connected.length === 0)
      return { ...result, note: `${adapter.name} is not connected: nothing to restore.` };
    let firstError: unknown;
    for (const { dir, state } of connected) {
      try {
        // The file we wrote, even if the client has since moved to another location. When it is
        // gone (perhaps with its folder, where the lock would live) there is nothing to write.
        const run = () => disconnectFile(adapter, dir, state);
        const one = existsSync(state.configPath) ? await withFileLock(state.configPath, run) : await run();
        result.files.push({ configPath: one.configPath, mode: one.mode, restored: one.restored });
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
    adapter: ClientAdapter,
    dir: string,
    state: ConnectionState,
  ): Promise<Omit<DisconnectResult, 'client' | 'files'>> {
    const path = state.configPath;
    const spec = specFor(adapter, state.file);
    const result: Omit<DisconnectResult, 'client' | 'files'> = {
      configPath: path,
      mode: 'nothing',
      restored: [],
      leftAlone: [],
    };
    const servers = Object.entries(state.servers).map(([key, wrapped]) => wrapped.name ?? key);
    const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    const at = now();
    if (!bytes) {
      await saveState(dir, { ...state, connected: false, lastDisconnect: { at, mode: 'nothing' } });
      return {
        ...result,
        leftAlone: servers.map((server) => ({ server, reason: 'the config file no longer exists' })),
        note: `${path} no longer exists: nothing to restore.`,
      };
    }
    const currentSha = sha256(bytes);
    let newBytes: Buffer | undefined;
    const first = state.writes[0];
    if (first && canRestoreExactly(state, currentSha)) {
      newBytes = await readVerifiedBackup(dir, first.backup, first.beforeSha);
      if (newBytes) Object.assign(result, { mode: 'exact', restored: servers });
    }
    if (!newBytes) {
      const plan = planEntriesRestore(path, bytes, state, spec.format, spec.maps, adapter.dialect);
      newBytes = Buffer.from(plan.text, 'utf8');
      Object.assign(result, { mode: 'entries', restored: plan.restored, leftAlone: plan.leftAlone });
    }
    let backupFile: string | undefined;
    if (!newBytes.equals(bytes)) {
      backupFile = (await keepBackup(dir, path, bytes, at)).file;
      await writeFileAtomic(path, newBytes, { expectSha: currentSha });
    }
    await saveState(dir, {
      ...state,
      connected: false,
      lastDisconnect: { at, mode: result.mode, ...(backupFile ? { backup: backupFile } : {}) },
    });
    return result;
  }

  return {
    list: () => Promise.all(adapters.map(describe)),
    connect,
    disconnect,
    ids: () => adapters.map((adapter) => adapter.id),
  };
}
