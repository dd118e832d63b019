import { readFile } from 'node:fs/promises';
import type { ClientAdapter, ClientPolicy } from './client-adapter';
import type { ResolvedFile } from './config-files';
import type { ShimInvocation } from './dialects';
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

/** One config file as `clients` shows it: each server, its state, and what it runs. */
export async function describeFile(
  adapter: ClientAdapter,
  file: ResolvedFile,
  policy: ClientPolicy | undefined,
  shim: (server: string) => ShimInvocation,
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
    report.servers = config.entries.map((entry) => describeEntry(entry, adapter, policy, shim));
  } catch (error) {
    report.error = errorText(error);
  }
  return report;
}

function describeEntry(
  entry: ParsedEntry,
  adapter: ClientAdapter,
  policy: ClientPolicy | undefined,
  shim: (server: string) => ShimInvocation,
): ServerEntryReport {
  const report: ServerEntryReport = {
    name: entry.name,
    transport: 'stdio',
    protected: false,
    state: 'unprotected',
    scope: entry.scope,
  };
  const cannot = (problem: string, remedy?: string): ServerEntryReport => ({
    ...report,
    state: 'cannot-protect',
    problem,
    ...(remedy ? { remedy } : {}),
  });
  if (entry.problem) return cannot(entry.problem);
  const shape = adapter.dialect.classify(entry.value);
  if (shape.kind === 'shim') {
    const view = shimView(entry.value);
    return { ...report, protected: true, state: 'protected', ...view };
  }
  if (shape.kind === 'unsupported') return { ...cannot(shape.reason), transport: shape.transport };
  const runs =
    shape.kind === 'stdio'
      ? { command: shape.command, args: shape.args }
      : { transport: shape.transport, url: shape.url };
  if (shape.kind === 'remote' && !adapter.dialect.runsRemote)
    return { ...cannot(`${adapter.name} does not run "url" entries`), ...runs };
  const blocked = policy?.check(entry, shim(entry.name));
  if (blocked) return { ...cannot(blocked.reason, blocked.remedy), ...runs };
  return { ...report, ...runs };
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
