import type { ServerDefinition } from '../../shared/servers';
import type { ClientPolicy } from './client-adapter';
import type { WrappedEntry } from './connection-state';
import type { Dialect, ShimInvocation } from './dialects';
import type { ConfigFormat, EntryRef, ParsedConfig, ParsedEntry } from './formats/types';
import { isRecord } from './formats/types';
import { editEntries } from './entry-windows';
import { definitionFor, type EntryShape } from './server-entry';
import { parseShimEntry } from './shim-entry';
import type { ConnectChange, SkippedServer } from './types';

export interface ConnectPlan {
  /** The file's text after connecting (without a BOM); equal to the input when nothing changes. */
  text: string;
  changed: (ConnectChange & { scope: string })[];
  skipped: (SkippedServer & { scope: string })[];
  /** Per state key (see `entryKey`), what each wrapped entry was. */
  wrapped: Record<string, WrappedEntry>;
  /** For each of the config's entries, in order: what connect does with it. */
  outcomes: Outcome[];
}

export type Outcome =
  | { kind: 'wrap' }
  | { kind: 'protected' }
  | { kind: 'skip'; reason: string; remedy?: string }
  /** Left out by `select`: neither changed nor reported. */
  | { kind: 'unselected' };

export interface PlanInput {
  client: { id: string; name: string };
  config: ParsedConfig;
  format: ConfigFormat;
  dialect: Dialect;
  shim: (server: string) => ShimInvocation;
  policy: ClientPolicy | undefined;
  /** Definitions already routed for this client, by server name, and where: one name, one server. */
  claimed: Map<string, Claim>;
  /** The file this config is, so that an entry's own earlier claim is not held against it. */
  file: string;
  /** Only these entries are connected (one server protected from the Clients page, a repair). */
  select?: (entry: ParsedEntry) => boolean;
  /**
   * False: work out only what would happen to each entry, not the new text (listing a file with
   * thousands of servers must not rewrite it thousands of times to say what connect would do).
   */
  edit?: boolean;
}

/** A server name routed for a client, where, and for what. */
export interface Claim {
  definition: ServerDefinition;
  /** For people: `path, scope`. */
  where: string;
  /** The entry that holds it: its file, map and name. */
  location: string;
}

export function locationOf(file: string, map: readonly string[], name: string): string {
  return JSON.stringify([file, map, name]);
}

/** Work out the rewrite without touching the disk, so a dry run and a real run cannot differ. */
export function planConnect(input: PlanInput): ConnectPlan {
  const { config } = input;
  const plan: ConnectPlan = { text: config.text, changed: [], skipped: [], wrapped: {}, outcomes: [] };
  const wraps: Wrap[] = [];
  for (const entry of config.entries) {
    const wrap = decide(input, plan, entry);
    if (wrap) wraps.push(wrap);
  }
  if (input.edit === false || wraps.length === 0) return plan;
  const { text, results } = editEntries(
    plan.text,
    input.format,
    wraps.map((wrap) => ({
      ref: wrap.ref,
      run: (text, ref, format) => rewrite(input, wrap, text, ref, format),
    })),
  );
  plan.text = text;
  wraps.forEach((wrap, index) => (plan.wrapped[entryKey(wrap.ref)] = results[index]!));
  return plan;
}

/** An entry connect routes: what it is, and what to put in its place. */
interface Wrap {
  entry: ParsedEntry;
  ref: EntryRef;
  shape: Extract<EntryShape, { kind: 'stdio' | 'remote' }>;
  invocation: ShimInvocation;
  definition: ServerDefinition;
}

/** What connect does with one entry; the entry to rewrite when it routes it. */
function decide(input: PlanInput, plan: ConnectPlan, entry: ParsedEntry): Wrap | undefined {
  const { client, dialect } = input;
  const server = entry.name;
  if (input.select && !input.select(entry)) {
    plan.outcomes.push({ kind: 'unselected' });
    return undefined;
  }
  const skip = (reason: string, remedy?: string) => {
    plan.skipped.push({ server, reason, scope: entry.scope, ...(remedy ? { remedy } : {}) });
    plan.outcomes.push({ kind: 'skip', reason, ...(remedy ? { remedy } : {}) });
    return undefined;
  };
  if (entry.problem) return skip(entry.problem);
  const shape = dialect.classify(entry.value);
  if (shape.kind === 'shim') {
    const as =
      shape.client === client.id && shape.server === server ? '' : ` (as ${shape.client}/${shape.server})`;
    plan.skipped.push({ server, reason: `already protected${as}`, scope: entry.scope });
    plan.outcomes.push({ kind: 'protected' });
    return undefined;
  }
  if (shape.kind === 'unsupported') return skip(shape.reason);
  if (shape.kind === 'remote' && !dialect.runsRemote)
    return skip(`${client.name} does not run "url" entries`);
  // The name travels as one argument after `--server`; one that reads as a flag would not.
  // `__proto__` cannot be a key of the state Portcullis keeps to restore the entry.
  if (server === '' || server.startsWith('--') || server === '__proto__')
    return skip(
      `the name "${server}" cannot be passed to the Portcullis shim`,
      'Rename the server in the config to protect it.',
    );
  const invocation = input.shim(server);
  assertRecognisable(invocation, client.id, server);
  const blocked = input.policy?.check(entry, invocation);
  if (blocked) return skip(blocked.reason, blocked.remedy);
  const definition = definitionFor(client.id, server, shape);
  const location = locationOf(input.file, entry.map, server);
  const claim = input.claimed.get(server);
  if (claim && claim.location !== location && !sameServer(claim.definition, definition))
    return skip(
      `another server named "${server}" is already routed through Portcullis for ${client.name} (${claim.where})`,
      'Rename one of them in the config to protect both.',
    );
  input.claimed.set(server, { definition, where: `${input.file}, ${entry.scope}`, location });
  plan.changed.push({ server, definition, scope: entry.scope });
  plan.outcomes.push({ kind: 'wrap' });
  return { entry, ref: { map: entry.map, kind: entry.kind, name: server }, shape, invocation, definition };
}

/** Rewrite one entry into the shim entry, and record what it was so that disconnect can put it back. */
function rewrite(
  input: PlanInput,
  wrap: Wrap,
  text: string,
  ref: EntryRef,
  format: ConfigFormat,
): { text: string; result: WrappedEntry } {
  const { entry, shape, invocation, definition } = wrap;
  const value = isRecord(entry.value) ? entry.value : {};
  const place = { map: entry.map, mapKind: entry.kind, name: entry.name, scope: entry.scope, definition };
  const originalText = format.entrySource(text, ref) ?? '';
  if (shape.kind === 'remote') {
    const next = format.replaceEntry(text, ref, input.dialect.wrapRemote(value, invocation));
    return { text: next, result: { kind: 'remote', original: entry.value, originalText, ...place } };
  }
  const edits = input.dialect.wrapStdio(value, invocation);
  const restores = edits.map(({ path }) => ({ path, source: format.valueSource(text, ref, path) ?? null }));
  const next = format.setValues(text, ref, edits);
  const wrappedText = format.entrySource(next, ref) ?? '';
  return {
    text: next,
    result: { kind: 'stdio', original: entry.value, originalText, wrappedText, restores, ...place },
  };
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
