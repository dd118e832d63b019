import { builtInAdapters } from './adapters';
import type { ClientAdapter } from './client-adapter';
import { connectClient } from './connect';
import { disconnectClient } from './disconnect';
import { protectExtension, unprotectExtension } from './extensions/protect-extension';
import { inspectClient, repairClient, watchTargets } from './repair';
import { describeClient } from './reports';
import { createServiceContext } from './service-context';
import type { ClientsService, ClientsServiceOptions } from './types';

export function createClientsService(
  options: ClientsServiceOptions,
  adapters: readonly ClientAdapter[] = options.adapters ?? builtInAdapters,
): ClientsService {
  const ctx = createServiceContext(options, adapters);
  return {
    list: () => Promise.all(adapters.map((adapter) => describeClient(ctx, adapter))),
    connect: (clientId, connectOptions) => connectClient(ctx, clientId, connectOptions),
    disconnect: (clientId, disconnectOptions) => disconnectClient(ctx, clientId, disconnectOptions),
    inspect: (clientId) => inspectClient(ctx, clientId),
    repair: (clientId, selection) => repairClient(ctx, clientId, selection),
    watchTargets: () => watchTargets(ctx),
    protectExtension: (clientId, id, changeOptions) => protectExtension(ctx, clientId, id, changeOptions),
    unprotectExtension: (clientId, id, changeOptions) => unprotectExtension(ctx, clientId, id, changeOptions),
    ids: () => adapters.map((adapter) => adapter.id),
    clientName: (clientId) => adapters.find((adapter) => adapter.id === clientId)?.name ?? clientId,
  };
}
