import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256, writeFileAtomic } from './atomic-write';
import { keepBackup } from './backup-files';
import type { ClientAdapter } from './client-adapter';
import { resolveFiles, specFor } from './config-files';
import { entryKey, planConnect } from './connect-plan';
import { loadAllStates, restoreState, saveState, type ConnectionState } from './connection-state';
import { refOf } from './disconnect-plan';
import { asFileDrift, assessDrift, wrappedValue, type DriftAssessment } from './drift';
import { withFileLock } from './file-lock';
import { errorText, loadClientPolicy } from './reports';
import type { ServiceContext } from './service-context';
import { ConfigParseError } from './types';
import type { FileDrift, RepairResult, ServerSelection, WatchTarget } from './types';

type Connected = { dir: string; state: ConnectionState };

async function connectedFiles(ctx: ServiceContext, adapter: ClientAdapter): Promise<Connected[]> {
  const all = await loadAllStates(join(ctx.options.backupsDir, adapter.id));
  return all.filter(({ state }) => state.connected);
}

/** Read and assess one connected file; undefined when it is gone. Throws when it does not parse. */
async function assessFile(
  ctx: ServiceContext,
  adapter: ClientAdapter,
  state: ConnectionState,
): Promise<{ bytes: Buffer; assessment: DriftAssessment; bom: string } | undefined> {
  const bytes = await readFile(state.configPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!bytes) return undefined;
  const spec = specFor(adapter, state.file);
  const config = spec.format.parse(state.configPath, bytes, spec.maps);
  const assessment = assessDrift({
    client: adapter,
    state,
    config,
    format: spec.format,
    shim: ctx.shimFor(adapter.id),
    policy: await loadClientPolicy(adapter, ctx.options).catch(() => undefined),
    claims: await ctx.existingClaims(adapter),
  });
  return { bytes, assessment, bom: config.bom };
}

/** What drifted in each of a client's connected files. Reads only. */
export async function inspectClient(ctx: ServiceContext, clientId: string): Promise<FileDrift[]> {
  const adapter = ctx.adapterFor(clientId);
  const found: FileDrift[] = [];
  for (const { state } of await connectedFiles(ctx, adapter)) {
    const empty = {
      client: adapter.id,
      configPath: state.configPath,
      reverted: [],
      dropped: [],
      unprotected: [],
      moved: [],
    };
    try {
      const read = await assessFile(ctx, adapter, state);
      found.push(
        read ? asFileDrift(adapter.id, state.configPath, read.assessment) : { ...empty, missing: true },
      );
    } catch (error) {
      found.push({
        ...empty,
        error: { message: errorText(error), parse: error instanceof ConfigParseError },
      });
    }
  }
  return found;
}

/**
 * Put our entries back where a client reverted or dropped them: a reverted entry is wrapped again
 * exactly as connect would, a dropped one is added back as the shim entry built from its original.
 * Dropped entries the person moved to another name are forgotten instead. A file that does not
 * parse is never written (the error says where); one that changes under us is left for next time.
 */
export async function repairClient(
  ctx: ServiceContext,
  clientId: string,
  { servers }: ServerSelection = {},
): Promise<RepairResult> {
  const adapter = ctx.adapterFor(clientId);
  const wanted = servers && new Set(servers);
  const result: RepairResult = { client: adapter.id, files: [] };
  for (const { dir, state } of await connectedFiles(ctx, adapter)) {
    const path = state.configPath;
    try {
      if (!existsSync(path)) continue;
      const file = await withFileLock(path, () => repairFile(ctx, adapter, dir, state, wanted));
      if (file.reapplied.length > 0 || file.forgotten.length > 0) result.files.push(file);
    } catch (error) {
      result.files.push({ configPath: path, reapplied: [], forgotten: [], error: errorText(error) });
    }
  }
  return result;
}

async function repairFile(
  ctx: ServiceContext,
  adapter: ClientAdapter,
  dir: string,
  state: ConnectionState,
  wanted: Set<string> | undefined,
): Promise<RepairResult['files'][number]> {
  const path = state.configPath;
  const file: RepairResult['files'][number] = { configPath: path, reapplied: [], forgotten: [] };
  const read = await assessFile(ctx, adapter, state);
  if (!read) return file;
  const { assessment, bytes, bom } = read;
  const pick = <T extends { server: string }>(list: T[]) =>
    list.filter((e) => !wanted || wanted.has(e.server));
  const reverted = pick(assessment.reverted);
  const dropped = pick(assessment.dropped);
  const moved = pick(assessment.moved);
  if (reverted.length + dropped.length + moved.length === 0) return file;

  const spec = specFor(adapter, state.file);
  const shim = ctx.shimFor(adapter.id);
  const again = new Set(reverted.map((entry) => entry.key));
  const config = spec.format.parse(path, bytes, spec.maps);
  const plan = planConnect({
    client: adapter,
    config,
    format: spec.format,
    dialect: adapter.dialect,
    shim,
    policy: await loadClientPolicy(adapter, ctx.options).catch(() => undefined),
    claimed: await ctx.existingClaims(adapter),
    file: path,
    select: (entry) => again.has(entryKey(entry)),
  });
  let text = plan.text;
  const servers = { ...state.servers, ...plan.wrapped };
  for (const { key, wrapped } of dropped) {
    const ref = refOf(key, wrapped);
    const value = wrappedValue(wrapped, adapter.dialect, shim(ref.name));
    const shape = adapter.dialect.classify(value);
    if (shape.kind !== 'shim' || shape.client !== adapter.id || shape.server !== ref.name)
      throw new Error(
        `Internal error: the entry re-added for ${ref.name} would not run the Portcullis shim.`,
      );
    text = spec.format.insertEntry(text, ref, value);
    servers[key] = {
      ...wrapped,
      ...(wrapped.kind === 'stdio' ? { wrappedText: spec.format.entrySource(text, ref) ?? '' } : {}),
    };
  }
  for (const { key } of moved) delete servers[key];
  file.reapplied = [
    ...plan.changed.map(({ server }) => ({ server, how: 'rewrapped' as const })),
    ...dropped.map(({ server }) => ({ server, how: 're-added' as const })),
  ];
  file.forgotten = moved.map(({ server }) => server);

  const newBytes = Buffer.from(bom + text, 'utf8');
  const at = ctx.now();
  const changed = !newBytes.equals(bytes);
  const backup = changed ? await keepBackup(dir, path, bytes, at) : undefined;
  const next: ConnectionState = {
    ...state,
    servers,
    writes: backup
      ? [...state.writes, { at, beforeSha: sha256(bytes), afterSha: sha256(newBytes), backup: backup.file }]
      : state.writes,
  };
  await saveState(dir, next);
  try {
    await ctx.register([
      ...plan.changed.map(({ definition }) => definition),
      ...dropped.flatMap(({ definition }) => (definition ? [definition] : [])),
    ]);
    if (changed) await writeFileAtomic(path, newBytes, { expectSha: sha256(bytes) });
  } catch (error) {
    await restoreState(dir, state);
    throw error;
  }
  return file;
}

/** Every config file of every client (where it would be, when it does not exist) and every connected file. */
export async function watchTargets(ctx: ServiceContext): Promise<WatchTarget[]> {
  const targets = new Map<string, WatchTarget>();
  for (const adapter of ctx.adapters) {
    for (const file of resolveFiles(adapter, ctx.options.host, ctx.projects))
      targets.set(`${adapter.id}\u0000${file.path}`, {
        client: adapter.id,
        path: file.path,
        connected: false,
      });
    for (const { state } of await connectedFiles(ctx, adapter))
      targets.set(`${adapter.id}\u0000${state.configPath}`, {
        client: adapter.id,
        path: state.configPath,
        connected: true,
      });
  }
  return [...targets.values()];
}
