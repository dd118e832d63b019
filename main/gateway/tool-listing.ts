import type { SessionInfo } from '../../shared/servers';
import type { ToolDescriptor } from '../../shared/tools';
import { field, type JsonRpcMessage } from './jsonrpc';

/**
 * What the server said about itself and its tools, and what the client was shown of them: the
 * negotiated version, the server's name, and which listed tools the policy hides.
 */
export class ToolListing {
  protocolVersion: string | undefined;
  serverInfo: SessionInfo['serverInfo'];
  /** The tools the server last listed, and which of them the client was not shown. */
  private listed: string[] | undefined;
  private hidden = new Set<string>();

  constructor(
    private readonly isHidden: (tool: string) => boolean,
    private readonly onListed?: (tools: ToolDescriptor[], firstPage: boolean) => void,
  ) {}

  /**
   * The answer to initialize. Portcullis can change what a client may see when the policy changes,
   * so the client is told the tool list can change (`listChanged`): returns the rewritten answer.
   */
  initialized(response: JsonRpcMessage): string | undefined {
    const result = response.result;
    const version = field(result, 'protocolVersion');
    if (typeof version === 'string') this.protocolVersion = version;
    this.serverInfo = pickInfo(field(result, 'serverInfo'));
    const tools = field(field(result, 'capabilities'), 'tools');
    if (!tools || typeof tools !== 'object' || field(tools, 'listChanged') === true) return undefined;
    (tools as Record<string, unknown>).listChanged = true;
    return JSON.stringify(response);
  }

  /** A page of tools/list: record what the server offers; returns the answer without hidden tools. */
  page(response: JsonRpcMessage, firstPage: boolean): string | undefined {
    const tools = field(response.result, 'tools');
    if (!Array.isArray(tools)) return undefined;
    const descriptors = tools.filter((t): t is ToolDescriptor => typeof field(t, 'name') === 'string');
    this.onListed?.(descriptors, firstPage);
    // A paginated listing adds to what the client was shown; the first page starts over.
    const names = descriptors.map((t) => t.name);
    this.listed = firstPage ? names : [...(this.listed ?? []), ...names];
    const hiddenHere = names.filter((name) => this.isHidden(name));
    if (firstPage) this.hidden = new Set(hiddenHere);
    else for (const name of hiddenHere) this.hidden.add(name);
    if (hiddenHere.length === 0) return undefined;
    (response.result as Record<string, unknown>).tools = tools.filter(
      (t) => !this.hidden.has(String(field(t, 'name'))),
    );
    return JSON.stringify(response);
  }

  /** After a policy change: whether the client would now be shown a different set of tools. */
  changed(): boolean {
    if (this.listed === undefined) return false;
    const nowHidden = new Set(this.listed.filter((name) => this.isHidden(name)));
    if (nowHidden.size === this.hidden.size && [...nowHidden].every((x) => this.hidden.has(x))) return false;
    this.hidden = nowHidden;
    return true;
  }
}

/** A peer's name and version, as it gave them, cut to a length a label can hold. */
export function pickInfo(value: unknown): { name: string; version?: string } | undefined {
  const name = field(value, 'name');
  const version = field(value, 'version');
  if (typeof name !== 'string') return undefined;
  return typeof version === 'string' ? { name: clip(name), version: clip(version) } : { name: clip(name) };
}

/** Text a peer chose, kept to a length a row or a label can hold. */
export function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
