import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClientAdapter, ClientPolicy } from './client-adapter';
import { filesInScope, type ResolvedFile } from './config-files';
import { type Outcome, type PlanInput } from './connect-plan';
import { loadAllStates, type ConnectionState } from './connection-state';
import { assessDrift, type DriftAssessment } from './drift';
import type { ParsedEntry } from './formats/types';
import type { ServiceContext } from './service-context';
import type { ExtensionReport } from '../../shared/clients';
import { assessExtension } from './extensions/assess-extension';
import { extensionStatePath, loadExtensionState } from './extensions/extension-state';
import { readExtensions } from './extensions/read-extensions';
import { ConfigParseError } from './types';
import type { ClientReport, ClientsServiceOptions, ConfigFileReport, ServerEntryReport } from './types';

/** What the client enforces, read from its managed files under `systemRoot` (`/` normally). */
export async function loadClientPolicy(
  adapter: ClientAdapter,
  options: Pick<ClientsServiceOptions, 'host' | 'systemRoot'>,
): Promise<ClientPolicy | undefined> {
  if (!adapter.loadPolicy) return undefined;
  return adapter.loadPolicy({
    host: options.host,
    systemRoot: options.systemRoot ?? '/',
    readFile: (path) => readFile(path).catch(() => undefined),
  });
}

/** One client as `clients` shows it: every config file that exists (or its user file), and their servers. */
export async function describeClient(ctx: ServiceContext, adapter: ClientAdapter): Promise<ClientReport> {
  const primary = adapter.resolveConfigPath(ctx.options.host);
  const resolved = await filesInScope(ctx, adapter);
  const policy = await loadClientPolicy(adapter, ctx.options).catch(() => undefined);
  const states = new Map(
    (await loadAllStates(join(ctx.options.backupsDir, adapter.id)).catch(() => []))
      .filter(({ state }) => state.connected)
      .map(({ state }) => [state.configPath, state]),
  );
  const shown = resolved.filter((file) => file.exists);
  const claimed = await ctx.existingClaims(adapter);
  const files: ConfigFileReport[] = [];
  // In order, like connect: a name one file takes is taken for the files after it.
  for (const file of shown.length > 0 ? shown : resolved.slice(0, 1)) {
    const report = await describeFile(adapter, file, states.get(file.path), {
      shim: ctx.shimFor(adapter.id),
      policy,
      claimed,
      file: file.path,
    });
    for (const server of report.servers) addUpstream(ctx, adapter.id, server);
    files.push(report);
  }
  const error = files.find((file) => file.error)?.error;
  const extensions = adapter.extensions ? await describeExtensions(ctx, adapter, primary.path) : undefined;
  return {
    id: adapter.id,
    name: adapter.name,
    configPath: primary.path,
    exists: files.some((file) => file.exists),
    servers: files.flatMap((file) => file.servers),
    ...(error ? { error } : {}),
    files,
    restart: adapter.restart,
    ...(extensions && extensions.length > 0 ? { extensions } : {}),
  };
}

/** Claude Desktop's extensions, each with what it runs and whether it can be protected. */
async function describeExtensions(
  ctx: ServiceContext,
  adapter: ClientAdapter,
  configPath: string,
): Promise<ExtensionReport[]> {
  const found = await readExtensions(adapter.extensions!.folder(configPath));
  const searchPath = found.length > 0 ? await ctx.options.searchPath?.() : undefined;
  const reports: ExtensionReport[] = [];
  for (const extension of found) {
    const state = await loadExtensionState(
      extensionStatePath(ctx.options.backupsDir, adapter.id, extension.id),
    ).catch(() => undefined);
    reports.push((await assessExtension(extension, ctx.options.host, state, searchPath)).report);
  }
  return reports;
}

/** For a protected entry: what the gateway runs for it, as registered when it was connected. */
function addUpstream(ctx: ServiceContext, client: string, server: ServerEntryReport): void {
  if (server.state !== 'protected') return;
  const registered = ctx.options.registry.get?.(client, server.name);
  if (!registered) return;
  server.upstream = {
    transport: registered.transport,
    args: registered.args,
    ...(registered.command !== undefined ? { command: registered.command } : {}),
    ...(registered.url !== undefined ? { url: registered.url } : {}),
  };
}

/**
 * One config file as `clients` shows it: each server, what it runs, and its state, which is
 * exactly what `connect` would do with it (the same plan, not written). In a connected file, an
 * entry the client put back to its original, or dropped, is `drifted`.
 */
export async function describeFile(
  adapter: ClientAdapter,
  file: ResolvedFile,
  state: ConnectionState | undefined,
  context: Omit<PlanInput, 'client' | 'config' | 'format' | 'dialect'>,
): Promise<ConfigFileReport> {
  const report: ConfigFileReport = {
    path: file.path,
    label: file.spec.label,
    scope: file.spec.scope,
    format: file.spec.format.name,
    exists: file.exists,
    servers: [],
  };
  if (!file.exists) return report;
  try {
    const config = file.spec.format.parse(file.path, await readFile(file.path), file.spec.maps);
    const drift: DriftAssessment = assessDrift({
      client: adapter,
      state: state ?? {
        version: 1,
        client: adapter.id,
        configPath: file.path,
        connected: true,
        writes: [],
        servers: {},
      },
      config,
      format: file.spec.format,
      shim: context.shim,
      policy: context.policy,
      claims: context.claimed,
    });
    const reverted = new Set(drift.reverted.map((entry) => `${entry.scope}\u0000${entry.server}`));
    report.servers = config.entries.map((entry, i) =>
      describeEntry(
        entry,
        adapter,
        drift.plan.outcomes[i],
        reverted.has(`${entry.scope}\u0000${entry.name}`),
      ),
    );
    for (const dropped of drift.dropped) {
      const definition = dropped.definition;
      report.servers.push({
        name: dropped.server,
        transport: definition?.transport ?? 'stdio',
        protected: false,
        state: 'drifted',
        drift: 'dropped',
        scope: dropped.scope,
        ...(definition?.command !== undefined ? { command: definition.command, args: definition.args } : {}),
        ...(definition?.url !== undefined ? { url: definition.url } : {}),
        problem: 'gone from the config file since Portcullis protected it',
        remedy: 'Repair puts it back; to keep it removed, disconnect this server.',
      });
    }
  } catch (error) {
    report.error = errorText(error);
  }
  return report;
}

function describeEntry(
  entry: ParsedEntry,
  adapter: ClientAdapter,
  outcome: Outcome | undefined,
  reverted: boolean,
): ServerEntryReport {
  const shape = adapter.dialect.classify(entry.value);
  const report: ServerEntryReport = {
    name: entry.name,
    transport: shape.kind === 'remote' || shape.kind === 'unsupported' ? shape.transport : 'stdio',
    protected: false,
    state: 'unprotected',
    scope: entry.scope,
    ...(shape.kind === 'stdio' ? { command: shape.command, args: shape.args } : {}),
    ...(shape.kind === 'stdio' && shape.cwd !== undefined ? { cwd: shape.cwd } : {}),
    ...(shape.kind === 'remote' ? { url: shape.url } : {}),
  };
  if (shape.kind === 'shim' || outcome?.kind === 'protected')
    return { ...report, protected: true, state: 'protected', ...commandView(entry.value) };
  if (outcome?.kind === 'skip')
    return {
      ...report,
      // What it would run, as written, even when Portcullis cannot run it the same way.
      ...(shape.kind === 'unsupported' ? commandView(entry.value) : {}),
      state: 'cannot-protect',
      problem: outcome.reason,
      ...(outcome.remedy ? { remedy: outcome.remedy } : {}),
    };
  if (reverted)
    return {
      ...report,
      state: 'drifted',
      drift: 'reverted',
      problem: 'the original entry is back in the config file: it runs without Portcullis',
      remedy: 'Repair wraps it again.',
    };
  return report;
}

/** The command line an entry runs, in whichever spelling the client uses; nothing when it has none. */
function commandView(value: unknown): { command?: string; args?: string[] } {
  if (typeof value !== 'object' || value === null) return {};
  const entry = value as Record<string, unknown>;
  const command = entry.command ?? entry.cmd;
  const args = (list: unknown) => (Array.isArray(list) ? list.map(String) : []);
  if (Array.isArray(command) && command.length > 0)
    return { command: String(command[0]), args: command.slice(1).map(String) };
  if (typeof command === 'object' && command !== null) {
    const nested = command as { path?: unknown; args?: unknown };
    return typeof nested.path === 'string' ? { command: nested.path, args: args(nested.args) } : {};
  }
  return typeof command === 'string' ? { command, args: args(entry.args) } : {};
}

export function errorText(error: unknown): string {
  if (error instanceof ConfigParseError)
    return `${error.file}:${error.line}:${error.column}: ${error.problem}`;
  return error instanceof Error ? error.message : String(error);
}
