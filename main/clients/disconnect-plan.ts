import type { ConnectionState, WrappedEntry } from './connection-state';
import type { Dialect } from './dialects';
import { editEntries } from './entry-windows';
import type { ConfigFormat, EntryRef, MapSpec, SourceRestore } from './formats/types';

export interface EntriesRestorePlan {
  /** The file's new text including any BOM; equal to the input when nothing could be restored. */
  text: string;
  restored: string[];
  leftAlone: { server: string; reason: string }[];
}

/**
 * True when the file is exactly what our last write left and no one wrote in between our writes:
 * then the first backup is the person's file as it was, and putting it back loses nothing.
 */
export function canRestoreExactly(state: ConnectionState, currentSha: string): boolean {
  const last = state.writes.at(-1);
  if (!last || last.afterSha !== currentSha) return false;
  return state.writes.every((write, i) => i === 0 || write.beforeSha === state.writes[i - 1]?.afterSha);
}

/** Where a wrapped entry is; states from before nested maps only knew `mcpServers`. */
export function refOf(key: string, wrapped: WrappedEntry): EntryRef {
  return { map: wrapped.map ?? ['mcpServers'], kind: wrapped.mapKind ?? 'object', name: wrapped.name ?? key };
}

/**
 * Revert only the entries that are still our shim entries for this client and server, keeping
 * every other edit made since connect. Throws ConfigParseError rather than edit a broken file.
 */
export function planEntriesRestore(
  file: string,
  bytes: Uint8Array,
  state: ConnectionState,
  format: ConfigFormat,
  maps: readonly MapSpec[],
  dialect: Dialect,
): EntriesRestorePlan {
  const config = format.parse(file, bytes, maps);
  const plan: EntriesRestorePlan = { text: config.text, restored: [], leftAlone: [] };
  const restoring: { ref: EntryRef; wrapped: WrappedEntry }[] = [];
  for (const [key, wrapped] of Object.entries(state.servers)) {
    const ref = refOf(key, wrapped);
    const server = ref.name;
    const entry = config.entries.find(
      (candidate) => candidate.name === ref.name && JSON.stringify(candidate.map) === JSON.stringify(ref.map),
    );
    if (!entry) {
      plan.leftAlone.push({ server, reason: 'removed from the config since connect' });
      continue;
    }
    if (entry.problem) {
      plan.leftAlone.push({ server, reason: entry.problem });
      continue;
    }
    const shape = dialect.classify(entry.value);
    if (shape.kind !== 'shim' || shape.client !== state.client || shape.server !== server) {
      plan.leftAlone.push({ server, reason: 'changed since connect; no longer a Portcullis entry' });
      continue;
    }
    restoring.push({ ref, wrapped });
    plan.restored.push(server);
  }
  const { text } = editEntries(
    plan.text,
    format,
    restoring.map(({ ref, wrapped }) => ({
      ref,
      run: (text, windowRef, windowFormat) => ({
        text: restoreEntry(text, windowRef, wrapped, windowFormat),
        result: undefined,
      }),
    })),
  );
  return { ...plan, text: config.bom + text };
}

function restoreEntry(text: string, ref: EntryRef, wrapped: WrappedEntry, format: ConfigFormat): string {
  const current = format.entrySource(text, ref);
  if (wrapped.kind === 'remote') {
    if (current !== undefined && wrapped.originalText !== '')
      return format.spliceEntry(text, ref, wrapped.originalText);
    return format.replaceEntry(text, ref, wrapped.original as Record<string, unknown>);
  }
  // Untouched since our wrap: the whole entry goes back byte for byte.
  if (current !== undefined && current === wrapped.wrappedText && wrapped.originalText !== '')
    return format.spliceEntry(text, ref, wrapped.originalText);
  return format.restoreValues(text, ref, restoresOf(wrapped));
}

function restoresOf(wrapped: Extract<WrappedEntry, { kind: 'stdio' }>): SourceRestore[] {
  if (wrapped.restores) return wrapped.restores;
  return [
    { path: ['command'], source: wrapped.commandText ?? null },
    { path: ['args'], source: wrapped.argsText ?? null },
  ];
}
