import { isValidId, type JsonRpcId, type JsonRpcMessage } from './jsonrpc';
import { checkToolName } from '../policy/caps';

/** Methods whose messages Portcullis reads and acts on. Everything else passes through untouched. */
const INTERCEPTED = ['initialize', 'tools/list', 'tools/call'] as const;

/** What to do with one message from the client. */
export type Examined =
  /** Not governed: send it on as it is (the session still notes requests it must see answered). */
  | { kind: 'pass' }
  /** A well-formed tools/call: the policy decides it. */
  | {
      kind: 'call';
      id: JsonRpcId;
      tool: string;
      args: Record<string, unknown>;
      params: Record<string, unknown>;
    }
  /**
   * Refused before any policy or server sees it: answered with a JSON-RPC error (`id` null when the
   * message had no usable id) and never forwarded. `tool` is set when the message named a tools/call.
   */
  | { kind: 'refuse'; id: JsonRpcId | null; message: string; call: boolean; tool?: string };

/**
 * The one place that decides whether a client message may reach the server without a policy
 * decision. Any message that names `tools/call` (or a method a lenient server could read as one) is
 * either a well-formed call that the policy decides, or refused: whatever its id, in a batch or not.
 */
export function examine(m: JsonRpcMessage, inFlight: (id: JsonRpcId) => boolean): Examined {
  const hasId = 'id' in m;
  const usableId = isValidId(m.id) ? m.id : null;
  if (m.method === undefined) {
    // A response to a request the server made (sampling, elicitation, roots): it names no method.
    if (hasId && ('result' in m || 'error' in m)) return { kind: 'pass' };
    return refuse(
      usableId,
      'a message must name a method, or answer a request with a result or an error',
      false,
    );
  }
  if (typeof m.method !== 'string') {
    return refuse(usableId, 'the method must be a string', looksLike(String(m.method), 'tools/call'));
  }
  const method = m.method;
  const imitated = INTERCEPTED.find((name) => name !== method && looksLike(method, name));
  if (imitated) {
    return refuse(
      usableId,
      `the method "${method}" is not "${imitated}", but a lenient server could read it as that`,
      imitated === 'tools/call',
    );
  }
  if (method !== 'tools/call') {
    if (hasId && !isValidId(m.id)) return refuse(null, 'a request id must be a string or a number', false);
    if (hasId && inFlight(m.id as JsonRpcId))
      return refuse(null, 'this id is already in use by a request in flight', false);
    return { kind: 'pass' };
  }

  if (!hasId) return refuse(null, 'tools/call must be a request with an id, not a notification', true);
  const idProblem = requestIdProblem(m.id);
  if (idProblem) return refuse(null, idProblem, true);
  const id = m.id as JsonRpcId;
  if (inFlight(id)) return refuse(null, 'this id is already in use by a request in flight', true);
  const params = m.params;
  if (!isPlainObject(params)) return refuse(id, 'tools/call needs params with the tool name', true);
  const name = params.name;
  if (typeof name !== 'string') return refuse(id, 'tools/call needs a tool name (a string)', true);
  const nameProblem = checkToolName(name);
  if (nameProblem) return refuse(id, nameProblem, true, name);
  const args = params.arguments;
  if (args !== undefined && !isPlainObject(args)) {
    return refuse(id, 'the arguments of a tool call must be an object', true, name);
  }
  return { kind: 'call', id, tool: name, args: args ?? {}, params };
}

/** MCP request ids: a string, or an integer a double holds exactly (else two ids could collide). */
function requestIdProblem(id: unknown): string | undefined {
  if (typeof id === 'string')
    return id.length > MAX_ID_LENGTH ? `the id is longer than ${MAX_ID_LENGTH} characters` : undefined;
  if (typeof id === 'number' && Number.isSafeInteger(id)) return undefined;
  if (typeof id === 'number') return 'a numeric id must be a whole number within ±2^53';
  return `the id must be a string or a number, not ${id === null ? 'null' : Array.isArray(id) ? 'an array' : typeof id}`;
}

const MAX_ID_LENGTH = 256;

/**
 * Whether a method name is one a forgiving server might take for `name`: the same after removing
 * invisible and space characters, folding case and compatibility forms, and reading `\` or `.` as `/`.
 */
function looksLike(method: string, name: string): boolean {
  if (method === name) return true;
  if (method.length > 200) return false;
  const loose = method
    .normalize('NFKC')
    .replace(/[\p{Cc}\p{Cf}\p{Z}\s]/gu, '')
    .toLowerCase()
    .replace(/[\\.:_]/g, '/')
    .replace(/\/+/g, '/');
  return loose === name || loose === `/${name}` || loose === `${name}/`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuse(id: JsonRpcId | null, message: string, call: boolean, tool?: string): Examined {
  return { kind: 'refuse', id, message, call, ...(tool === undefined ? {} : { tool }) };
}
