import type { ServerGroup } from '../../shared/clients';
import type { ServerInfo } from '../../shared/servers';
import { definitionHash } from '../store/server-store';
import { serverIdentity } from './server-identity';
import type { ClientReport, ServerEntryReport } from './types';

/**
 * Every server in every client's configs, one row per server however many clients use it: a
 * protected entry counts as what the gateway runs for it, any other as what it would run. A
 * server that is registered is named as sessions name it (server-identity.ts); one that is not
 * yet, by the first key it is found under.
 */
export function groupServers(
  reports: readonly ClientReport[],
  registered: readonly ServerInfo[],
): ServerGroup[] {
  const groups = new Map<string, ServerGroup>();
  for (const report of reports) {
    for (const file of report.files) {
      for (const entry of file.servers) {
        const definition = definitionOf(report.id, entry, registered);
        if (!definition) continue;
        const id = definitionHash({
          client: report.id,
          name: entry.name,
          envKeys: [],
          headerKeys: [],
          ...definition,
        });
        const group = groups.get(id) ?? {
          id,
          name: entry.name,
          names: [],
          ...definition,
          uses: [],
        };
        group.uses.push({
          client: report.id,
          clientName: report.name,
          key: entry.name,
          scope: entry.scope,
          configPath: file.path,
          state: entry.state,
        });
        groups.set(id, group);
      }
    }
  }
  for (const group of groups.values()) {
    const known = group.uses
      .map((use) => serverIdentity(registered, use.client, use.key))
      .find((identity) => identity?.id === group.id);
    if (known) group.name = known.name;
    group.names = [
      group.name,
      ...new Set(group.uses.map((use) => use.key).filter((key) => key !== group.name)),
    ];
  }
  return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

type Runs = Pick<ServerGroup, 'transport' | 'command' | 'args' | 'cwd' | 'url'>;

function definitionOf(
  client: string,
  entry: ServerEntryReport,
  registered: readonly ServerInfo[],
): Runs | undefined {
  if (entry.state === 'protected') {
    const server = registered.find(
      (candidate) => candidate.client === client && candidate.name === entry.name,
    );
    if (!server) return undefined;
    return pick(server);
  }
  if (entry.url !== undefined) return { transport: entry.transport, args: [], url: entry.url };
  if (entry.command !== undefined) {
    const { command, cwd } = entry;
    return pick({
      transport: 'stdio',
      command,
      args: entry.args ?? [],
      ...(cwd !== undefined ? { cwd } : {}),
    });
  }
  return undefined;
}

function pick(d: {
  transport: ServerGroup['transport'];
  command?: string;
  args: string[];
  cwd?: string;
  url?: string;
}): Runs {
  return {
    transport: d.transport,
    args: d.args,
    ...(d.command !== undefined ? { command: d.command } : {}),
    ...(d.cwd !== undefined ? { cwd: d.cwd } : {}),
    ...(d.url !== undefined ? { url: d.url } : {}),
  };
}
