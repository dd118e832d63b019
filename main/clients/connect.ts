import { readFile } from 'node:fs/promises';
import { sha256, writeFileAtomic } from './atomic-write';
import { keepBackup } from './backup-files';
import type { ClientAdapter, ClientPolicy } from './client-adapter';
import { filesInScope, stateDirFor, type ResolvedFile } from './config-files';
import { planConnect } from './connect-plan';
import { loadState, restoreState, saveState } from './connection-state';
import type { ConnectionState } from './connection-state';
import { withFileLock } from './file-lock';
import { errorText, loadClientPolicy } from './reports';
import type { Claims, ServiceContext } from './service-context';
import type { ConnectResult, FileConnectResult, ServerSelection } from './types';

type ConnectOptions = { dryRun?: boolean } & ServerSelection;

export async function connectClient(
  ctx: ServiceContext,
  clientId: string,
  { dryRun = false, servers }: ConnectOptions = {},
): Promise<ConnectResult> {
  const adapter = ctx.adapterFor(clientId);
  const primary = adapter.resolveConfigPath(ctx.options.host).path;
  const files = (await filesInScope(ctx, adapter)).filter((file) => file.exists);
  const result: ConnectResult = {
    client: adapter.id,
    configPath: primary,
    dryRun,
    changed: [],
    skipped: [],
    files: [],
  };
  if (files.length === 0) return { ...result, note: `No config file at ${primary}: nothing to connect.` };
  const policy = await loadClientPolicy(adapter, ctx.options);
  const claims = await ctx.existingClaims(adapter);
  const wanted = servers && new Set(servers);
  let firstError: unknown;
  for (const file of files) {
    try {
      // A dry run takes no lock: creating the lock file would itself be a write.
      const run = () => connectFile(ctx, adapter, primary, file, { policy, claims, dryRun, wanted });
      const fileResult = dryRun ? await run() : await withFileLock(file.path, run);
      if (wanted && fileResult.changed.length === 0 && fileResult.skipped.length === 0) continue;
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
    result.note = wanted
      ? `No server named ${[...wanted].join(', ')} to connect in ${files.map((file) => file.path).join(', ')}.`
      : `No servers in ${files.map((file) => file.path).join(', ')}: nothing to connect.`;
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

interface FileRun {
  policy: ClientPolicy | undefined;
  claims: Claims;
  dryRun: boolean;
  wanted: Set<string> | undefined;
}

async function connectFile(
  ctx: ServiceContext,
  adapter: ClientAdapter,
  primary: string,
  file: ResolvedFile,
  { policy, claims, dryRun, wanted }: FileRun,
): Promise<FileConnectResult & { definitions: ConnectResult['changed'] }> {
  const { spec, path } = file;
  const bytes = await readFile(path);
  const config = spec.format.parse(path, bytes, spec.maps);
  const plan = planConnect({
    client: adapter,
    config,
    format: spec.format,
    dialect: adapter.dialect,
    shim: ctx.shimFor(adapter.id),
    policy,
    claimed: claims,
    file: path,
    ...(wanted ? { select: (entry) => wanted.has(entry.name) } : {}),
  });
  const result = {
    configPath: path,
    changed: plan.changed.map(({ server, scope }) => ({ server, scope })),
    skipped: plan.skipped,
    definitions: plan.changed.map(({ server, definition }) => ({ server, definition })),
  };
  if (plan.changed.length === 0) return result;
  const newBytes = Buffer.from(config.bom + plan.text, 'utf8');
  if (dryRun) return { ...result, newText: config.bom + plan.text, oldText: config.bom + config.text };

  const dir = await stateDirFor(ctx.options.backupsDir, adapter, primary, path);
  const previous = await loadState(dir);
  if (previous?.connected && previous.configPath !== path)
    throw new Error(
      `${adapter.name} is connected through ${previous.configPath}, but its config is now ${path}. ` +
        `Disconnect ${adapter.id} first.`,
    );
  const at = ctx.now();
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
    await ctx.register(plan.changed.map(({ definition }) => definition));
    await writeFileAtomic(path, newBytes, { expectSha: beforeSha });
  } catch (error) {
    await restoreState(dir, previous);
    throw error;
  }
  return { ...result, backupPath: backup.path };
}
