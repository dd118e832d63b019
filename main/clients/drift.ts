import type { ServerDefinition } from '../../shared/servers';
import type { ClientAdapter, ClientPolicy } from './client-adapter';
import { entryKey, planConnect, sameServer, type ConnectPlan } from './connect-plan';
import type { ConnectionState, WrappedEntry } from './connection-state';
import type { Dialect, ShimInvocation } from './dialects';
import { refOf } from './disconnect-plan';
import type { ConfigFormat, ParsedConfig } from './formats/types';
import { isRecord } from './formats/types';
import { definitionFor } from './server-entry';
import type { Claims } from './service-context';
import type { DriftEntry, FileDrift } from './types';

export interface DriftInput {
  client: ClientAdapter;
  state: ConnectionState;
  config: ParsedConfig;
  format: ConfigFormat;
  shim: (server: string) => ShimInvocation;
  policy: ClientPolicy | undefined;
  /** Names routed so far; the names this file routes are added, as connect does. */
  claims: Claims;
}

/** A drifted entry with the state key it is kept under. */
export type Tracked = DriftEntry & { key: string; wrapped: WrappedEntry };

export interface DriftAssessment {
  reverted: Tracked[];
  dropped: Tracked[];
  moved: Tracked[];
  unprotected: DriftEntry[];
  /** What connect would do with each entry now (outcomes only: no text is worked out). */
  plan: ConnectPlan;
}

/**
 * Compare a connected file with what Portcullis wrote into it. An entry connect would route again
 * is `reverted` when it is what we wrapped (same command, arguments and folder, or URL) and
 * `unprotected` otherwise: an edit into something else is the person's new server, not a revert.
 * Our entry gone from the file is `dropped`, unless the same server is now under another name in
 * the file (`moved`): the person renamed it, and putting the old name back would fight them.
 */
export function assessDrift(input: DriftInput): DriftAssessment {
  const { client, state, config } = input;
  const plan = planConnect({
    client,
    config,
    format: input.format,
    dialect: client.dialect,
    shim: input.shim,
    policy: input.policy,
    claimed: input.claims,
    file: state.configPath,
    edit: false,
  });
  const result: DriftAssessment = { reverted: [], dropped: [], moved: [], unprotected: [], plan };
  let wrapped = 0;
  config.entries.forEach((entry, index) => {
    if (plan.outcomes[index]?.kind !== 'wrap') return;
    const change = plan.changed[wrapped++];
    if (!change) return;
    const key = entryKey(entry);
    const ours = state.servers[key];
    const original = ours && originalDefinition(ours, key, client.dialect, client.id);
    const found = { server: entry.name, scope: entry.scope, definition: change.definition };
    if (ours && original && sameServer(original, change.definition))
      result.reverted.push({ ...found, key, wrapped: ours });
    else result.unprotected.push(found);
  });
  const present = new Set(config.entries.map((entry) => entryKey(entry)));
  for (const [key, ours] of Object.entries(state.servers)) {
    if (present.has(key)) continue;
    const ref = refOf(key, ours);
    const definition = originalDefinition(ours, key, client.dialect, client.id);
    const tracked: Tracked = {
      server: ref.name,
      scope: ours.scope ?? '',
      key,
      wrapped: ours,
      ...(definition ? { definition } : {}),
    };
    const elsewhere =
      definition &&
      result.unprotected.some((entry) => entry.definition && sameServer(entry.definition, definition));
    (elsewhere ? result.moved : result.dropped).push(tracked);
  }
  return result;
}

export function asFileDrift(client: string, configPath: string, assessment: DriftAssessment): FileDrift {
  const strip = ({ server, scope, definition }: DriftEntry): DriftEntry => ({
    server,
    scope,
    ...(definition ? { definition } : {}),
  });
  return {
    client,
    configPath,
    reverted: assessment.reverted.map(strip),
    dropped: assessment.dropped.map(strip),
    unprotected: assessment.unprotected.map(strip),
    moved: assessment.moved.map(strip),
  };
}

/** What a wrapped entry ran before connect: its recorded definition, or (older states) its original. */
function originalDefinition(
  wrapped: WrappedEntry,
  key: string,
  dialect: Dialect,
  client: string,
): ServerDefinition | undefined {
  if (wrapped.definition) return wrapped.definition;
  const shape = dialect.classify(wrapped.original);
  if (shape.kind !== 'stdio' && shape.kind !== 'remote') return undefined;
  return definitionFor(client, wrapped.name ?? key, shape);
}

/** The shim entry for a wrapped server, built from its original value: what re-adding it writes. */
export function wrappedValue(
  wrapped: WrappedEntry,
  dialect: Dialect,
  invocation: ShimInvocation,
): Record<string, unknown> {
  const original = isRecord(wrapped.original) ? wrapped.original : {};
  if (wrapped.kind === 'remote') return dialect.wrapRemote(original, invocation);
  const value = structuredClone(original);
  for (const { path, value: next } of dialect.wrapStdio(original, invocation)) setPath(value, path, next);
  return value;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!isRecord(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path.at(-1);
  if (last === undefined) return;
  if (value === undefined) delete node[last];
  else node[last] = value;
}
