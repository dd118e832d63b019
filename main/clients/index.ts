export { createClientsService } from './service';
export { parseShimEntry } from './shim-entry';
export { ConfigParseError, UnknownClientError } from './types';
export type { ClientsService, ConnectResult, ShimCommand } from './types';
