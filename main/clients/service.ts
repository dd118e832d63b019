import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { builtInAdapters } from './adapters';
import { sha256, writeFileAtomic } from './atomic-write';
import { clientBackupDir, keepBackup, readVerifiedBackup } from './backup-files';
import type { ClientAdapter } from './client-adapter';
import { parseConfigDocument } from './config-document';
import type { ConfigEntry } from './config-document';
import { planConnect } from './connect-plan';
import { loadState, restoreState, saveState } from './connection-state';
import type { ConnectionState } from './connection-state';
import { canRestoreExactly, planEntriesRestore } from './disconnect-plan';
import { withFileLock } from './file-lock';
import { classifyEntry } from './server-entry';
import { ConfigParseError, UnknownClientError } from './types';
import type {
  ClientReport,
  ClientsService,
  ClientsServiceOptions,
  ConnectResult,
  DisconnectResult,
  ServerEntryReport,
} from './types';

export function createClientsService(
  options: ClientsServiceOptions,
  adapters: readonly ClientAdapter[] = builtInAdapters,
): ClientsService {
  const now = options.now ?? Date.now;

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
    const report: ClientReport = {
      id: adapter.id,
      name: adapter.name,
      configPath: '',
      exists: false,
      servers: [],
    };
    try {
      const { path, exists } = adapter.resolveConfigPath(options.host);
      Object.assign(report, { configPath: path, exists });
      if (!exists) return report;
      const document = parseConfigDocument(path, await readFile(path));
      report.servers = document.entries.map((entry) => describeEntry(entry, adapter));
    } catch (error) {
      report.error =
        error instanceof ConfigParseError
          ? `${error.file}:${error.line}:${error.column}: ${error.problem}`
          : error instanceof Error
            ? error.message
            : String(error);
    }
    return report;
  }

  async function connect(clientId: string, { dryRun = false } = {}): Promise<ConnectResult> {
    const adapter = adapterFor(clientId);
    const { path, exists } = adapter.resolveConfigPath(options.host);
    const result: ConnectResult = { client: adapter.id, configPath: path, dryRun, changed: [], skipped: [] };
    if (!exists) return { ...result, note: `No config file at ${path}: nothing to connect.` };
    // A dry run takes no lock: creating the lock file would itself be a write.
    if (dryRun) return connectLocked(adapter, path, result);
    return withFileLock(path, () => connectLocked(adapter, path, result));
  }

  async function connectLocked(
    adapter: ClientAdapter,
    path: string,
    result: ConnectResult,
  ): Promise<ConnectResult> {
    const bytes = await readFile(path);
    const document = parseConfigDocument(path, bytes);
    const plan = planConnect(document, adapter, options.shim);
    Object.assign(result, { changed: plan.changed, skipped: plan.skipped });
    if (plan.changed.length === 0) {
      return document.entries.length === 0
        ? { ...result, note: `No servers in ${path}: nothing to connect.` }
        : result;
    }
    const newBytes = Buffer.from(document.bom + plan.text, 'utf8');
    if (result.dryRun) return { ...result, newText: document.bom + plan.text };

    const dir = await clientBackupDir(options.backupsDir, adapter.id);
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
        : { version: 1, client: adapter.id, configPath: path, connected: true, writes: [], servers: {} };
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
    const dir = join(options.backupsDir, adapter.id);
    const state = await loadState(dir);
    if (!state?.connected) {
      const { path } = adapter.resolveConfigPath(options.host);
      return {
        client: adapter.id,
        configPath: path,
        mode: 'nothing',
        restored: [],
        leftAlone: [],
        note: `${adapter.name} is not connected: nothing to restore.`,
      };
    }
    // The file we wrote, even if the client has since moved to another location. When it is gone
    // (perhaps with its folder, where the lock would live) there is nothing to write, so no lock.
    if (!existsSync(state.configPath)) return disconnectLocked(dir, state);
    return withFileLock(state.configPath, () => disconnectLocked(dir, state));
  }

  async function disconnectLocked(dir: string, state: ConnectionState): Promise<DisconnectResult> {
    const path = state.configPath;
    const result: DisconnectResult = {
      client: state.client,
      configPath: path,
      mode: 'nothing',
      restored: [],
      leftAlone: [],
    };
    const servers = Object.keys(state.servers);
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
      const plan = planEntriesRestore(path, bytes, state);
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
  };
}

function describeEntry(entry: ConfigEntry, adapter: ClientAdapter): ServerEntryReport {
  const report: ServerEntryReport = { name: entry.name, transport: 'stdio', protected: false };
  if (entry.problem) return { ...report, problem: entry.problem };
  const shape = classifyEntry(entry.value);
  switch (shape.kind) {
    case 'shim': {
      const value = entry.value as { command: string; args: string[] };
      return { ...report, protected: true, command: value.command, args: value.args };
    }
    case 'stdio':
      return { ...report, command: shape.command, args: shape.args };
    case 'remote':
      return {
        ...report,
        transport: shape.transport,
        url: shape.url,
        ...(adapter.runsRemoteEntries ? {} : { problem: `${adapter.name} does not run "url" entries` }),
      };
    case 'unsupported':
      return { ...report, transport: shape.transport, problem: shape.reason };
  }
}
