import { adminEntry } from '../../shared/audit';
import { createHash } from 'node:crypto';
import { ApiError } from '../../shared/api';
import type { GatewayEvent } from '../../shared/events';
import type { ServerInfo } from '../../shared/servers';
import {
  flagKindSchema,
  type FlagKind,
  type Finding,
  type ServerIdentity,
  type ServerTrust,
  type ToolTrust,
  type TrustOverview,
} from '../../shared/trust';
import type { TrustHold } from '../gateway/session-types';
import type { Store } from '../store';
import type { PinRow } from '../store/trust-store';
import { definitionHash, diffDefinitions, serverIdentity, toolDefinition } from './definition';
import { canonicalize, prettyCanonical } from './jcs';
import { scanTool } from './scanner';
import { serverWarnings, type WarningContext } from './server-warnings';
import {
  accept,
  pinScope,
  present,
  presentedDefinition,
  presentedHash,
  reject,
  stateOf,
  type Presented,
} from './tool-pins';

export interface TrustServiceOptions {
  store: Store;
  /** The `holdNewTools` setting, read at each listing. */
  holdNewTools(): boolean;
  /** For server warnings: the home folder, and whether paths are Windows paths. */
  host: WarningContext;
  now?: () => number;
  /** Where trust events go (the dashboard, notifications). */
  emit?(event: GatewayEvent): void;
}

/** A tool as one listing presented it: its name and hash. */
export type Listed = Map<string, string>;

export const REVIEW_HINT =
  "review it on the Portcullis dashboard's Trust page, or with `npx portcullis tools review`";

/**
 * Trust in servers and tools (docs/trust.md). A server runs only while its definition is the one
 * accepted; a tool's calls go ahead only while its server presents the pinned definition. Every
 * listing is pinned and scanned here; answers from the person (accept, reject) come through here.
 */
export class TrustService {
  private readonly listeners = new Set<(by: string) => void>();
  private readonly now: () => number;

  constructor(private readonly options: TrustServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * One page of a server's tools/list for a client: each tool is pinned on first sight, compared
   * with its pin afterwards, and scanned. `known`: the server had pins before this listing began
   * (its tools are then new tools on a known server). Returns each listed tool's hash.
   */
  recordListing(client: string, server: string, tools: readonly unknown[], known: boolean): Listed {
    const { trust } = this.options.store;
    const scope = pinScope(client);
    const now = this.now();
    const existing = new Map(trust.pins(scope, server).map((row) => [row.name, row]));
    const named = tools.filter(isNamed);
    const context = {
      otherTools: trust.otherTools(scope, server),
      ownTools: new Set([...existing.keys(), ...named.map((t) => t.name)]),
    };
    const listed: Listed = new Map();
    const rows = new Map<string, PinRow>();
    const policy = { holdNewTools: this.options.holdNewTools(), now };
    let budget = SCAN_BUDGET_CHARS;
    for (const tool of named) {
      const definition = toolDefinition(tool);
      const canonical = canonicalize(definition);
      budget -= canonical.length;
      const shown: Presented = {
        canonical,
        hash: createHash('sha256').update(canonical).digest('hex'),
        findings: budget >= 0 ? scanTool(definition, context) : [notScanned(tool.name)],
      };
      const before = rows.get(tool.name) ?? existing.get(tool.name);
      const after = present(before, { client: scope, server, name: tool.name }, shown, known, policy);
      rows.set(tool.name, after);
      listed.set(tool.name, shown.hash);
      this.announceListing(client, before, after);
    }
    trust.savePins([...rows.values()]);
    return listed;
  }

  /** Whether a client's server has pins already (tools first seen on it are then new). */
  knows(client: string, server: string): boolean {
    return this.options.store.trust.pins(pinScope(client), server).length > 0;
  }

  /** Whether a call to a tool is held; `listed` is the hash this session's server presented, if it listed it. */
  toolHold(client: string, server: string, tool: string, listed?: string): TrustHold | undefined {
    const row = this.options.store.trust.pin(pinScope(client), server, tool);
    // Never listed anywhere: there is no definition to pin, and the policy decides.
    if (!row) return undefined;
    const what = `"${tool}" on server "${server}"`;
    switch (stateOf(row, listed)) {
      case 'trusted':
        return undefined;
      case 'changed':
        return {
          waits: true,
          rule: 'trust.changed',
          reason: `the definition of ${what} changed since it was trusted, and the new one waits for review: ${REVIEW_HINT}`,
        };
      case 'new':
        return {
          waits: true,
          rule: 'trust.new',
          reason: `${what} is new on a server already known, and waits for review: ${REVIEW_HINT}`,
        };
      case 'rejected':
        return {
          rule: 'trust.rejected',
          reason: `the person rejected the definition the server gives for ${what}: ${REVIEW_HINT}`,
        };
    }
  }

  /**
   * A call was held: it waits for the person's review (`waiting`), or was refused (`held`): they
   * rejected the definition, or the call could not wait. Say so where the person looks.
   */
  callHeld(client: string, server: string, tool: string, hold: TrustHold): void {
    const why =
      hold.rule === 'trust.rejected'
        ? 'you rejected the definition its server gives, so the call was refused'
        : !hold.waits
          ? 'its definition waits for your review, and the call could not wait for it, so it was refused'
          : hold.rule === 'trust.new'
            ? 'it is new on the server; the call waits until you review it'
            : 'its definition changed; the call waits until you review the change';
    this.options.emit?.({
      type: 'trust',
      change: hold.waits ? 'waiting' : 'held',
      client,
      server,
      tool,
      message: `Portcullis held a call to "${tool}" on "${server}": ${why}.`,
    });
  }

  /** What the policy's `flagged` rules see for a tool: finding kinds the person has not accepted. */
  flags(client: string, server: string, tool: string): FlagKind[] {
    const scope = pinScope(client);
    const row = this.options.store.trust.pin(scope, server, tool);
    if (!row) return [];
    return flagsOf(row, this.options.store.trust.otherServersWith(scope, server, tool).length > 0);
  }

  /**
   * Whether a server may start: its definition must be the one accepted. A refusal is recorded and
   * announced, and its reason says how to accept.
   */
  checkServer(server: ServerInfo): TrustHold | undefined {
    const current = serverIdentity(server);
    const accepted = this.accepted(server.client, server.name);
    if (accepted && canonicalize(accepted.definition) === canonicalize(current)) return undefined;
    const what = accepted
      ? `its definition changed since it was accepted (${describeChanges(accepted.definition, current)})`
      : 'its definition was never accepted';
    const reason =
      `Portcullis is holding the server "${server.name}" of ${server.client}: ${what}. Review it on the ` +
      `dashboard's Trust page, or run \`npx portcullis servers accept ${server.client} ${server.name}\`, ` +
      `then restart ${server.client}.`;
    this.options.store.audit.appendNow({
      ...adminEntry('trust.server_held', reason, server.client),
      server: server.name,
    });
    this.options.emit?.({
      type: 'trust',
      change: 'held',
      client: server.client,
      server: server.name,
      message: reason,
    });
    return { rule: 'trust.server', reason };
  }

  overview(): TrustOverview {
    const { store } = this.options;
    const pins = store.trust.pins();
    const offeredBy = new Map<string, string[]>();
    for (const row of pins) {
      const key = `${row.client}\u0000${row.name}`;
      offeredBy.set(key, [...(offeredBy.get(key) ?? []), row.server]);
    }
    return {
      servers: store.servers.list().map((server) => this.serverTrust(server)),
      tools: pins.map((row) =>
        toolTrust(
          row,
          (offeredBy.get(`${row.client}\u0000${row.name}`) ?? []).filter((s) => s !== row.server),
        ),
      ),
      holdNewTools: this.options.holdNewTools(),
    };
  }

  /** Accept exactly the definition the person was shown (`hash`): it becomes the tool's pin. */
  acceptTool(client: string, server: string, tool: string, hash: string, by: string): void {
    const row = this.shownPin(client, server, tool, hash);
    const kinds = this.flagsWithoutReview(row);
    this.options.store.trust.savePins([accept(row, by, kinds, this.now())]);
    this.answered(
      'accepted',
      client,
      server,
      tool,
      by,
      `accepted the definition of "${tool}" (${short(hash)}) by ${by}`,
    );
  }

  /** Refuse the definition the person was shown: calls stay held until another is accepted. */
  rejectTool(client: string, server: string, tool: string, hash: string, by: string): void {
    const row = this.shownPin(client, server, tool, hash);
    this.options.store.trust.savePins([reject(row)]);
    this.answered(
      'rejected',
      client,
      server,
      tool,
      by,
      `rejected the definition of "${tool}" (${short(hash)}) by ${by}`,
    );
  }

  /** Accept a server's definition exactly as the person was shown it (`fingerprint`). */
  acceptServer(client: string, name: string, fingerprint: string, by: string): void {
    const server = this.options.store.servers.get(client, name);
    if (!server) throw new ApiError('not_found', `No server "${name}" is registered for ${client}.`);
    const definition = serverIdentity(server);
    const current = definitionHash(definition);
    if (current !== fingerprint) {
      throw new ApiError(
        'conflict',
        `The definition of "${name}" changed since it was shown (it is now ${short(current)}, not ${short(fingerprint)}). Nothing was accepted: review it again.`,
      );
    }
    this.options.store.trust.accept(client, name, {
      definition: JSON.stringify(definition),
      acceptedAt: this.now(),
      acceptedBy: by,
    });
    const detail = `accepted the definition of server "${name}" (${short(fingerprint)}) by ${by}`;
    this.options.store.audit.appendNow({
      ...adminEntry('trust.server_accepted', detail, client),
      server: name,
    });
    this.options.emit?.({
      type: 'trust',
      change: 'accepted',
      client,
      server: name,
      message: `Server "${name}" accepted.`,
    });
    for (const listener of this.listeners) listener(by);
  }

  /** Called after the person answers (with where they answered), so sessions can show or hide tools again. */
  onChange(listener: (by: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private serverTrust(server: ServerInfo): ServerTrust {
    const definition = serverIdentity(server);
    const accepted = this.accepted(server.client, server.name);
    const fingerprint = definitionHash(definition);
    const same = accepted !== undefined && canonicalize(accepted.definition) === canonicalize(definition);
    return {
      client: server.client,
      name: server.name,
      state: same ? 'accepted' : 'held',
      definition,
      fingerprint,
      ...(accepted
        ? {
            accepted: {
              definition: accepted.definition,
              fingerprint: definitionHash(accepted.definition),
              at: accepted.at,
              by: accepted.by,
            },
          }
        : {}),
      changes: accepted && !same ? diffDefinitions(accepted.definition, definition) : [],
      warnings: serverWarnings(definition, this.options.host),
      registeredAt: server.registeredAt,
      updatedAt: server.updatedAt,
    };
  }

  private accepted(
    client: string,
    name: string,
  ): { definition: ServerIdentity; at: number; by: string } | undefined {
    const row = this.options.store.trust.acceptance(client, name);
    const definition = row && parseAccepted(row.definition);
    return definition && row && { definition, at: row.acceptedAt, by: row.acceptedBy };
  }

  private shownPin(client: string, server: string, tool: string, hash: string): PinRow {
    const row = this.options.store.trust.pin(pinScope(client), server, tool);
    if (!row)
      throw new ApiError('not_found', `No tool "${tool}" has been seen on server "${server}" for ${client}.`);
    if (presentedHash(row) !== hash) {
      throw new ApiError(
        'conflict',
        `Server "${server}" now presents another definition of "${tool}" (${short(presentedHash(row))}) than the one shown (${short(hash)}). Nothing was changed: review it again.`,
      );
    }
    return row;
  }

  private flagsWithoutReview(row: PinRow): FlagKind[] {
    const shadowed = this.options.store.trust.otherServersWith(row.client, row.server, row.name).length > 0;
    return flagsOf({ ...row, reviewedHash: null }, shadowed);
  }

  private answered(
    change: 'accepted' | 'rejected',
    client: string,
    server: string,
    tool: string,
    by: string,
    detail: string,
  ) {
    this.options.store.audit.appendNow({
      ...adminEntry(`trust.tool_${change}`, detail, client),
      server,
      tool,
    });
    this.options.emit?.({
      type: 'trust',
      change,
      client,
      server,
      tool,
      message: `${tool} on ${server}: ${change}.`,
    });
    for (const listener of this.listeners) listener(by);
  }

  /** A listing put a definition up for review (changed, new and held, or new and flagged). */
  private announceListing(client: string, before: PinRow | undefined, after: PinRow): void {
    const waiting = after.pendingHash !== null && after.pendingHash !== before?.pendingHash;
    const flaggedNew = !before && after.newTool && after.pendingHash === null;
    if (!waiting && !flaggedNew) return;
    const what = flaggedNew
      ? 'is new on this server'
      : after.pinnedHash === null
        ? 'is new on this server and waits for review'
        : 'changed its definition and waits for review';
    const message = `"${after.name}" on "${after.server}" ${what}.`;
    this.options.store.audit.appendNow({
      ...adminEntry(
        flaggedNew ? 'trust.tool_new' : 'trust.tool_changed',
        `${message} (${short(after.pendingHash ?? after.pinnedHash!)})`,
        client,
      ),
      server: after.server,
      tool: after.name,
    });
    this.options.emit?.({
      type: 'trust',
      change: 'review',
      client,
      server: after.server,
      tool: after.name,
      message,
    });
  }
}

/**
 * Text scanned per listing page. A hostile server could list a 64 MB page of tools to keep the
 * gateway busy scanning; past this, tools are pinned but not scanned, and flagged for it.
 */
const SCAN_BUDGET_CHARS = 4 * 1024 * 1024;

function notScanned(name: string): Finding {
  return {
    kind: 'long-description',
    field: '(the listing)',
    text: name,
    detail: `not scanned: the server's listing held more than ${SCAN_BUDGET_CHARS / 1024 / 1024} MB of definitions before this tool`,
  };
}

function isNamed(tool: unknown): tool is { name: string } & Record<string, unknown> {
  return typeof tool === 'object' && tool !== null && typeof (tool as { name?: unknown }).name === 'string';
}

/** Finding kinds a tool carries now, less those the person accepted for this very definition. */
function flagsOf(row: PinRow, shadowed: boolean): FlagKind[] {
  const kinds = new Set<FlagKind>(row.findings.map((f) => f.kind));
  if (shadowed) kinds.add('shadowing');
  if (row.newTool) kinds.add('new-tool');
  if (row.reviewedHash === presentedHash(row)) for (const kind of row.reviewedKinds) kinds.delete(kind);
  return flagKindSchema.options.filter((kind) => kinds.has(kind));
}

function toolTrust(row: PinRow, shadowedBy: string[]): ToolTrust {
  const hash = presentedHash(row);
  const presented = JSON.parse(presentedDefinition(row)) as unknown;
  const findings: Finding[] = [...row.findings];
  if (shadowedBy.length > 0) {
    findings.push({
      kind: 'shadowing',
      field: 'name',
      text: row.name,
      detail: `also offered by ${shadowedBy.map((s) => `"${s}"`).join(', ')} to the same client`,
    });
  }
  if (row.newTool) {
    findings.push({
      kind: 'new-tool',
      field: 'name',
      text: row.name,
      detail: `first seen ${new Date(row.firstSeen).toISOString()}, on a server that was already known`,
    });
  }
  const pinnedDiffers = row.pinned !== null && row.pinnedHash !== hash;
  return {
    client: row.client,
    server: row.server,
    tool: row.name,
    state: stateOf(row),
    definition: prettyCanonical(presented),
    hash,
    ...(pinnedDiffers
      ? {
          pinned: {
            definition: prettyCanonical(JSON.parse(row.pinned!)),
            hash: row.pinnedHash!,
            at: row.pinnedAt!,
            by: row.pinnedBy!,
          },
        }
      : {}),
    changes: pinnedDiffers ? diffDefinitions(JSON.parse(row.pinned!), presented) : [],
    findings,
    flags: flagsOf(row, shadowedBy.length > 0),
    reviewed: row.reviewedHash === hash,
    firstSeen: row.firstSeen,
    lastSeen: row.lastSeen,
    ...(row.pendingSince === null ? {} : { pendingSince: row.pendingSince }),
  };
}

/** An accepted definition as stored; anything unreadable counts as not accepted (the server is held). */
function parseAccepted(text: string): ServerIdentity | undefined {
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    const strings = (value: unknown) =>
      Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
    const args = strings(raw.args);
    const envKeys = strings(raw.envKeys);
    const headerKeys = strings(raw.headerKeys);
    const optional = (value: unknown) => (typeof value === 'string' ? value : undefined);
    if (typeof raw.transport !== 'string' || !args || !envKeys || !headerKeys) return undefined;
    return serverIdentity({
      transport: raw.transport as ServerIdentity['transport'],
      command: optional(raw.command),
      args,
      cwd: optional(raw.cwd),
      url: optional(raw.url),
      envKeys,
      headerKeys,
    });
  } catch {
    return undefined;
  }
}

function describeChanges(before: ServerIdentity, after: ServerIdentity): string {
  return diffDefinitions(before, after)
    .slice(0, 4)
    .map((c) => `${c.path}: ${c.before ?? '(none)'} → ${c.after ?? '(none)'}`)
    .join('; ');
}

function short(hash: string): string {
  return hash.slice(0, 12);
}
