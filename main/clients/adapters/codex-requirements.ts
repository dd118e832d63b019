import { join } from 'node:path';
import { getStaticTOMLValue, parseTOML } from 'toml-eslint-parser';
import type { ClientPolicy, PolicyContext } from '../client-adapter';
import { isRecord } from '../formats/types';
import { envVar } from '../path-candidates';

function requirementsPath({ host, systemRoot }: PolicyContext): string {
  if (host.platform === 'win32')
    return join(
      envVar(host, 'ProgramData') ?? join(systemRoot, 'ProgramData'),
      'OpenAI',
      'Codex',
      'requirements.toml',
    );
  return join(systemRoot, 'etc', 'codex', 'requirements.toml');
}

/**
 * Codex's admin-enforced `requirements.toml`: once it has an `[mcp_servers]` table, a server
 * loads only if it is listed by name with an `identity` whose `command` (stdio) or `url` is the
 * one configured. A shim entry's command is Portcullis, so it loads only if the administrator
 * lists that command.
 */
export async function loadCodexPolicy(context: PolicyContext): Promise<ClientPolicy | undefined> {
  const path = requirementsPath(context);
  const bytes = await context.readFile(path);
  if (!bytes) return undefined;
  let data: unknown;
  try {
    data = getStaticTOMLValue(parseTOML(bytes.toString('utf8')));
  } catch {
    // Codex itself refuses to start with a broken requirements file; say so rather than guess.
    return {
      check: () => ({
        reason: `${path} does not parse, so Codex would not start`,
        remedy: 'Ask your administrator to fix it.',
      }),
    };
  }
  const servers = isRecord(data) ? data.mcp_servers : undefined;
  if (!isRecord(servers)) return undefined;
  return {
    check(entry, shim) {
      const requirement = servers[entry.name];
      const identity =
        isRecord(requirement) && isRecord(requirement.identity) ? requirement.identity : undefined;
      if (identity?.command === shim.command) return undefined;
      return {
        reason: identity
          ? `${path} requires "${entry.name}" to run ${JSON.stringify(identity.command ?? identity.url)}, so Codex would disable the Portcullis shim`
          : `${path} does not allow a server named "${entry.name}"`,
        remedy: `Ask your administrator to set [mcp_servers.${entry.name}.identity] command = ${JSON.stringify(shim.command)}; until then it is left as it is.`,
      };
    },
  };
}
