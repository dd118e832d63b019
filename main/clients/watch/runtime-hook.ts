import type { GatewayEvent } from '../../../shared/events';
import { connectSearchPath, type ResolveOptions } from '../../gateway/resolve-command';
import { currentHost } from '../../paths';
import { adminEntry } from '../../../shared/audit';
import type { Store } from '../../store';
import type { SettingsStore } from '../../store/settings';
import { createClientsService } from '../service';
import type { ClientsService, ShimCommand } from '../types';
import { createClientsMonitor, type ClientsMonitor } from './monitor';

export interface WatchClientsOptions {
  shim: ShimCommand;
  backupsDir: string;
  store: Store;
  settings: SettingsStore;
  loginShell: ResolveOptions['loginShellPath'];
  emit(event: GatewayEvent): void;
  log(line: string): void;
}

export interface WatchedClients {
  clients: ClientsService;
  clientsFor(projects: readonly string[]): ClientsService;
  monitor: ClientsMonitor;
}

/**
 * The clients service as the running gateway (serve, the desktop app) has it, and the watcher that
 * keeps connected configs protected while it runs: its notices become `clients` events (the
 * dashboard and the tray listen) and its repairs admin rows in the audit log.
 */
export async function watchClients(options: WatchClientsOptions): Promise<WatchedClients> {
  const clientsFor = (projects: readonly string[]) =>
    createClientsService({
      host: currentHost(),
      backupsDir: options.backupsDir,
      registry: options.store.servers,
      searchPath: connectSearchPath(process.env, options.loginShell),
      shim: options.shim,
      projectDirs: [...projects],
    });
  const clients = clientsFor([]);
  const monitor = createClientsMonitor({
    service: clients,
    settings: () => options.settings.get(),
    clientName: (id) => clients.clientName(id),
    onNotice: (notice) => {
      options.log(`[portcullis] ${notice.message}`);
      options.emit({ type: 'clients', notice });
    },
    onStatus: () => options.emit({ type: 'clients' }),
    audit: (event, detail, client) => options.store.audit.appendNow(adminEntry(event, detail, client)),
    log: options.log,
  });
  await monitor.start();
  return { clients, clientsFor, monitor };
}
