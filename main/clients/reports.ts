import { readFile } from 'node:fs/promises';
import type { ClientAdapter, ClientPolicy } from './client-adapter';
import type { ResolvedFile } from './config-files';
import { planConnect, type Outcome, type PlanInput } from './connect-plan';
import type { ParsedEntry } from './formats/types';
import { ConfigParseError } from './types';
import type { ClientsServiceOptions, ConfigFileReport, ServerEntryReport } from './types';

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

/**
 * One config file as `clients` shows it: each server, what it runs, and its state, which is
 * exactly what `connect` would do with it (the same plan, not written).
 */
export async function describeFile(
  adapter: ClientAdapter,
  file: ResolvedFile,
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
    const plan = planConnect({
      ...context,
      client: adapter,
      config,
      format: file.spec.format,
      dialect: adapter.dialect,
    });
    report.servers = config.entries.map((entry, i) => describeEntry(entry, adapter, plan.outcomes[i]));
  } catch (error) {
    report.error = errorText(error);
  }
  return report;
}

function describeEntry(
  entry: ParsedEntry,
  adapter: ClientAdapter,
  outcome: Outcome | undefined,
): ServerEntryReport {
  const shape = adapter.dialect.classify(entry.value);
  const report: ServerEntryReport = {
    name: entry.name,
    transport: shape.kind === 'remote' || shape.kind === 'unsupported' ? shape.transport : 'stdio',
    protected: false,
    state: 'unprotected',
    scope: entry.scope,
    ...(shape.kind === 'stdio' ? { command: shape.command, args: shape.args } : {}),
    ...(shape.kind === 'remote' ? { url: shape.url } : {}),
  };
  if (shape.kind === 'shim' || outcome?.kind === 'protected')
    return { ...report, protected: true, state: 'protected', ...shimView(entry.value) };
  if (outcome?.kind === 'skip')
    return {
      ...report,
      state: 'cannot-protect',
      problem: outcome.reason,
      ...(outcome.remedy ? { remedy: outcome.remedy } : {}),
    };
  return report;
}

/** The command line a shim entry runs, in whichever spelling the client uses. */
function shimView(value: unknown): { command?: string; args?: string[] } {
  const entry = value as Record<string, unknown>;
  const command = entry.command ?? entry.cmd;
  if (Array.isArray(command)) return { command: String(command[0]), args: command.slice(1).map(String) };
  if (typeof command === 'object' && command !== null) {
    const nested = command as { path?: unknown; args?: unknown };
    return { command: String(nested.path), args: Array.isArray(nested.args) ? nested.args.map(String) : [] };
  }
  return { command: String(command), args: Array.isArray(entry.args) ? entry.args.map(String) : [] };
}

export function errorText(error: unknown): string {
  if (error instanceof ConfigParseError)
    return `${error.file}:${error.line}:${error.column}: ${error.problem}`;
  return error instanceof Error ? error.message : String(error);
}
