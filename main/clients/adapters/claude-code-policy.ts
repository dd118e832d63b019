import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import type { ClientPolicy, PolicyContext } from '../client-adapter';
import { isRecord } from '../formats/types';
import { envVar } from '../path-candidates';

/**
 * Where an administrator puts Claude Code's managed files on this OS. Windows moved from
 * ProgramData to Program Files; both are read, the newer first.
 */
function managedDirs({ host, systemRoot }: PolicyContext): string[] {
  switch (host.platform) {
    case 'darwin':
      return [join(systemRoot, 'Library', 'Application Support', 'ClaudeCode')];
    case 'win32':
      return [
        join(envVar(host, 'ProgramFiles') ?? join(systemRoot, 'Program Files'), 'ClaudeCode'),
        join(envVar(host, 'ProgramData') ?? join(systemRoot, 'ProgramData'), 'ClaudeCode'),
      ];
    default:
      return [join(systemRoot, 'etc', 'claude-code')];
  }
}

/** The first of these files that exists, and its bytes. */
async function firstFile(
  context: PolicyContext,
  paths: string[],
): Promise<{ path: string; bytes: Buffer } | undefined> {
  for (const path of paths) {
    const bytes = await context.readFile(path);
    if (bytes) return { path, bytes };
  }
  return undefined;
}

interface Matcher {
  serverName?: string;
  serverCommand?: string[];
  serverUrl?: string;
}

function jsonObject(bytes: Buffer | undefined): Record<string, unknown> | undefined {
  if (!bytes) return undefined;
  const value = parse(bytes.toString('utf8')) as unknown;
  return isRecord(value) ? value : {};
}

function matchers(value: unknown): Matcher[] | undefined {
  return Array.isArray(value) ? value.filter(isRecord).map((item) => item as Matcher) : undefined;
}

/**
 * Claude Code's own rules for which servers load: a `managed-mcp.json` replaces every other
 * source; `deniedMcpServers` always wins; `allowedMcpServers` (from managed settings, and from
 * the person's settings unless `allowManagedMcpServersOnly`) matches a stdio server by its exact
 * command array whenever it lists any command, and by name only when it lists none.
 */
export async function loadClaudeCodePolicy(context: PolicyContext): Promise<ClientPolicy | undefined> {
  const dirs = managedDirs(context);
  const managedMcp = (
    await firstFile(
      context,
      dirs.map((dir) => join(dir, 'managed-mcp.json')),
    )
  )?.path;
  if (managedMcp) {
    return {
      check: () => ({
        reason: `Claude Code loads only the servers in ${managedMcp}; entries in your own files do not run`,
        remedy: 'Nothing to protect here: your administrator decides which servers run.',
      }),
    };
  }
  const managedFile = await firstFile(
    context,
    dirs.map((dir) => join(dir, 'managed-settings.json')),
  );
  const managed = jsonObject(managedFile?.bytes);
  const userPath = join(context.host.home, '.claude', 'settings.json');
  const user = jsonObject(await context.readFile(userPath));
  const sources = [managed, user].filter((source) => source !== undefined);
  const denied = sources.flatMap((source) => matchers(source.deniedMcpServers) ?? []);
  const allowLists =
    managed?.allowManagedMcpServersOnly === true
      ? [matchers(managed.allowedMcpServers)]
      : sources.map((source) => matchers(source.allowedMcpServers));
  const defined = allowLists.filter((list) => list !== undefined);
  const allowed = defined.length > 0 ? defined.flat() : undefined;
  if (denied.length === 0 && allowed === undefined) return undefined;
  const where = managedFile?.path ?? userPath;
  return {
    check(entry, shim) {
      const command = [shim.command, ...shim.args];
      const suggestion = `{"serverCommand": ${JSON.stringify(command)}}`;
      const sameCommand = (m: Matcher) =>
        Array.isArray(m.serverCommand) &&
        m.serverCommand.length === command.length &&
        m.serverCommand.every((part, i) => part === command[i]);
      if (denied.some((m) => m.serverName === entry.name || sameCommand(m)))
        return {
          reason: `deniedMcpServers in Claude Code's settings blocks "${entry.name}"`,
          remedy: 'Claude Code would not run it at all; remove the deny rule to use it.',
        };
      if (allowed === undefined) return undefined;
      const byCommand = allowed.some((m) => m.serverCommand !== undefined);
      const ok = byCommand ? allowed.some(sameCommand) : allowed.some((m) => m.serverName === entry.name);
      if (ok) return undefined;
      return {
        reason: byCommand
          ? `allowedMcpServers in ${where} lists stdio servers by their exact command, and the Portcullis shim is not one of them, so Claude Code would stop loading "${entry.name}"`
          : `allowedMcpServers in ${where} does not list "${entry.name}"`,
        remedy: `Ask your administrator to add ${suggestion} to allowedMcpServers; until then "${entry.name}" is left as it is.`,
      };
    },
  };
}
