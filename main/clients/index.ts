export { createClientsService } from './service';
export { parseShimEntry } from './shim-entry';
export type { ShimIdentity } from './shim-entry';
export { ConfigParseError, UnknownClientError } from './types';
export type {
  ClientReport,
  ClientsService,
  ClientsServiceOptions,
  ConnectChange,
  ConnectResult,
  DisconnectResult,
  ServerEntryReport,
  ServerRegistry,
  ShimCommand,
} from './types';
