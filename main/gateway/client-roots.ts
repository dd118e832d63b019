import { fileURLToPath } from 'node:url';
import { field, idKey, isValidId, type JsonRpcMessage } from './jsonrpc';

/** Server requests remembered until the client answers them; a server cannot grow this past it. */
const MAX_ASKED = 256;

/**
 * The folders a client declares as its roots, read from its answers to the server's `roots/list`:
 * where a file server resolves relative paths, so path conditions must know them too.
 */
export class ClientRoots {
  private asked = new Set<string>();
  private uris: string[] = [];

  /** A request from the server to the client. */
  serverAsked(m: JsonRpcMessage): void {
    if (m.method !== 'roots/list' || !isValidId(m.id)) return;
    this.asked.add(idKey(m.id));
    if (this.asked.size > MAX_ASKED) this.asked.delete(this.asked.values().next().value!);
  }

  /** An answer from the client to a request of the server's. */
  clientAnswered(m: JsonRpcMessage): void {
    if (!isValidId(m.id) || !this.asked.delete(idKey(m.id))) return;
    const roots = field(m.result, 'roots');
    if (!Array.isArray(roots)) return;
    this.uris = roots
      .map((root) => field(root, 'uri'))
      .filter((uri): uri is string => typeof uri === 'string' && uri.length <= 4096)
      .slice(0, 256);
  }

  /** The declared roots that are local folders. */
  paths(): string[] {
    return this.uris.flatMap((uri) => {
      try {
        return [fileURLToPath(uri)];
      } catch {
        return [];
      }
    });
  }
}
