import { join } from 'node:path';
import type { ServerDefinition } from '../../shared/servers';
import type { ClientAdapter } from './client-adapter';
import { locationOf, type Claim } from './connect-plan';
import { loadAllStates } from './connection-state';
import type { ShimInvocation } from './dialects';
import { UnknownClientError, type ClientsServiceOptions } from './types';

export type Claims = Map<string, Claim>;

/** What connect, disconnect and repair share: the options, the adapters and a few helpers over them. */
export interface ServiceContext {
  options: ClientsServiceOptions;
  adapters: readonly ClientAdapter[];
  now: () => number;
  projects: readonly string[];
  shimFor(client: string): (server: string) => ShimInvocation;
  adapterFor(clientId: string): ClientAdapter;
  /** What this client already routes, by server name, from every connected file's state. */
  existingClaims(adapter: ClientAdapter): Promise<Claims>;
  /**
   * Register what the gateway may run. This happens only when a connect or repair writes: what
   * the gateway runs is what was written, found in the PATH recorded now.
   */
  register(definitions: ServerDefinition[]): Promise<void>;
}

export function createServiceContext(
  options: ClientsServiceOptions,
  adapters: readonly ClientAdapter[],
): ServiceContext {
  const adapterFor = (clientId: string) => {
    const adapter = adapters.find((candidate) => candidate.id === clientId);
    if (!adapter)
      throw new UnknownClientError(
        clientId,
        adapters.map((known) => known.id),
      );
    return adapter;
  };
  return {
    options,
    adapters,
    now: options.now ?? Date.now,
    projects: options.projectDirs ?? [],
    shimFor: (client) => (server) => ({
      command: options.shim.command,
      args: options.shim.args(client, server),
    }),
    adapterFor,
    async existingClaims(adapter) {
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
    },
    async register(definitions) {
      if (definitions.length === 0) return;
      const searchPath = await options.searchPath?.();
      options.registry.register(
        definitions.map((definition) =>
          definition.transport === 'stdio' && searchPath !== undefined
            ? { ...definition, searchPath }
            : definition,
        ),
      );
    },
  };
}
