export { createClientsService } from './service';
export { parseShimEntry, shimArgs } from './shim-entry';
export { ConfigParseError, UnknownClientError } from './types';
export type { ClientsService, ShimCommand } from './types';
