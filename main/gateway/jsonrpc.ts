/** Just enough JSON-RPC to route messages without caring about their content. */
export type JsonRpcId = string | number;

export interface JsonRpcMessage {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: unknown;
  result?: unknown;
  error?: unknown;
}

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
/** Implementation-defined server error: Portcullis itself could not serve the request. */
export const GATEWAY_ERROR = -32000;
/** The request took too long (the code the MCP SDK uses for its own request timeouts). */
export const REQUEST_TIMEOUT = -32001;

export function parseMessage(line: string): JsonRpcMessage | JsonRpcMessage[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (Array.isArray(value)) return value.every(isObject) ? (value as JsonRpcMessage[]) : undefined;
  return isObject(value) ? (value as JsonRpcMessage) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isValidId(id: unknown): id is JsonRpcId {
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
}

/** A request expects an answer: it has a method and an id. */
export function isRequest(m: JsonRpcMessage): m is JsonRpcMessage & { id: JsonRpcId; method: string } {
  return typeof m.method === 'string' && isValidId(m.id);
}

export function isResponse(m: JsonRpcMessage): m is JsonRpcMessage & { id: JsonRpcId } {
  return m.method === undefined && isValidId(m.id) && ('result' in m || 'error' in m);
}

/** Ids are compared by type and value: the number 1 and the string "1" are different requests. */
export function idKey(id: JsonRpcId): string {
  return typeof id === 'number' ? `n:${id}` : `s:${id}`;
}

export function errorResponse(id: JsonRpcId | null, code: number, message: string, data?: unknown): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    error: { code, message, ...(data === undefined ? {} : { data }) },
  });
}

export function resultResponse(id: JsonRpcId, result: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', id, result });
}

/** A member of a value that may not be an object at all. */
export function field(value: unknown, key: string): unknown {
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}
