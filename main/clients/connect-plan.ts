import type { ServerDefinition } from '../../shared/servers';
import type { ClientPolicy } from './client-adapter';
import type { WrappedEntry } from './connection-state';
import type { Dialect, ShimInvocation } from './dialects';
import type { ConfigFormat, EntryRef, ParsedConfig, ParsedEntry } from './formats/types';
import { isRecord } from './formats/types';
import { definitionFor } from './server-entry';
import { parseShimEntry } from './shim-entry';
import type { ConnectChange, SkippedServer } from './types';

export interface ConnectPlan {
  /** The file's text after connecting (without a BOM); equal to the input when nothing changes. */
  text: string;
  changed: (ConnectChange & { scope: string })[];
  skipped: (SkippedServer & { scope: string })[];
  /** Per state key (see `entryKey`), what each wrapped entry was. */
  wrapped: Record<string, WrappedEntry>;
}

export interface PlanInput {
  client: { id: string; name: string };
  config: ParsedConfig;
  format: ConfigFormat;
  dialect: Dialect;
  shim: (server: string) => ShimInvocation;
  policy: ClientPolicy | undefined;
  /** Definitions already routed for this client, by server name, and where: one name, one server. */
  claimed: Map<string, { definition: ServerDefinition; where: string }>;
  where: (entry: ParsedEntry) => string;
}

/** Work out the rewrite without touching the disk, so a dry run and a real run cannot differ. */
export function planConnect(input: PlanInput): ConnectPlan {
  const { client, config, format, dialect } = input;
  const plan: ConnectPlan = { text: config.text, changed: [], skipped: [], wrapped: {} };
  for (const entry of config.entries) {
    const server = entry.name;
    const skip = (reason: string, remedy?: string) =>
      plan.skipped.push({ server, reason, scope: entry.scope, ...(remedy ? { remedy } : {}) });
    if (entry.problem) {
      skip(entry.problem);
      continue;
    }
    const shape = dialect.classify(entry.value);
    if (shape.kind === 'shim') {
      const as =
        shape.client === client.id && shape.server === server ? '' : ` (as ${shape.client}/${shape.server})`;
      skip(`already protected${as}`);
      continue;
    }
    if (shape.kind === 'unsupported') {
      skip(shape.reason);
      continue;
    }
    if (shape.kind === 'remote' && !dialect.runsRemote) {
      skip(`${client.name} does not run "url" entries`);
      continue;
    }
    const invocation = input.shim(server);
    assertRecognisable(invocation, client.id, server);
    const blocked = input.policy?.check(entry, invocation);
    if (blocked) {
      skip(blocked.reason, blocked.remedy);
      continue;
    }
    const definition = definitionFor(client.id, server, shape);
    const claim = input.claimed.get(server);
    if (claim && !sameServer(claim.definition, definition)) {
      skip(
        `another server named "${server}" is already routed through Portcullis for ${client.name} (${claim.where})`,
        'Rename one of them in the config to protect both.',
      );
      continue;
    }
    const value = isRecord(entry.value) ? entry.value : {};
    const ref: EntryRef = { map: entry.map, kind: entry.kind, name: server };
    const location = { map: entry.map, mapKind: entry.kind, name: server, definition };
    const originalText = format.entrySource(plan.text, ref) ?? '';
    if (shape.kind === 'stdio') {
      const edits = dialect.wrapStdio(value, invocation);
      const restores = edits.map(({ path }) => ({
        path,
        source: format.valueSource(plan.text, ref, path) ?? null,
      }));
      plan.text = format.setValues(plan.text, ref, edits);
      const wrappedText = format.entrySource(plan.text, ref) ?? '';
      plan.wrapped[entryKey(ref)] = {
        kind: 'stdio',
        original: entry.value,
        originalText,
        wrappedText,
        restores,
        ...location,
      };
    } else {
      plan.text = format.replaceEntry(plan.text, ref, dialect.wrapRemote(value, invocation));
      plan.wrapped[entryKey(ref)] = { kind: 'remote', original: entry.value, originalText, ...location };
    }
    input.claimed.set(server, { definition, where: input.where(entry) });
    plan.changed.push({ server, definition, scope: entry.scope });
  }
  return plan;
}

/** The key of an entry in the connection state: the bare name for the classic `mcpServers` map. */
export function entryKey(ref: EntryRef): string {
  const classic = ref.kind === 'object' && ref.map.length === 1 && ref.map[0] === 'mcpServers';
  return classic ? ref.name : JSON.stringify([...ref.map, ref.name]);
}

/** The same command, arguments and folder (or URL): then one registration serves both. */
export function sameServer(a: ServerDefinition, b: ServerDefinition): boolean {
  const identity = (d: ServerDefinition) => JSON.stringify([d.transport, d.command, d.args, d.cwd, d.url]);
  return identity(a) === identity(b);
}

/**
 * An entry we write but would not recognise later would be wrapped again on the next connect and
 * never restored on disconnect; a shim command that does not name Portcullis is a setup bug.
 */
function assertRecognisable(invocation: ShimInvocation, client: string, server: string): void {
  const identity = parseShimEntry(invocation);
  if (identity?.client !== client || identity.server !== server)
    throw new Error(
      `The shim command "${[invocation.command, ...invocation.args].join(' ')}" would not be recognised ` +
        `as Portcullis's own entry for ${client}/${server}; nothing was written.`,
    );
}
