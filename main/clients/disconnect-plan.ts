import { parseConfigDocument } from './config-document';
import type { ConnectionState } from './connection-state';
import { restoreStdioEntry, restoreWholeEntry } from './entry-rewrite';
import { parseShimEntry } from './shim-entry';

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

/**
 * Revert only the entries that are still our shim entries for this client and server, keeping
 * every other edit made since connect. Throws ConfigParseError rather than edit a broken file.
 */
export function planEntriesRestore(
  file: string,
  bytes: Uint8Array,
  state: ConnectionState,
): EntriesRestorePlan {
  const document = parseConfigDocument(file, bytes);
  const byName = new Map(document.entries.map((entry) => [entry.name, entry]));
  const plan: EntriesRestorePlan = { text: document.text, restored: [], leftAlone: [] };
  for (const [server, wrapped] of Object.entries(state.servers)) {
    const entry = byName.get(server);
    if (!entry) {
      plan.leftAlone.push({ server, reason: 'removed from the config since connect' });
      continue;
    }
    if (entry.problem) {
      plan.leftAlone.push({ server, reason: entry.problem });
      continue;
    }
    const shim = parseShimEntry(entry.value);
    if (!shim || shim.client !== state.client || shim.server !== server) {
      plan.leftAlone.push({ server, reason: 'changed since connect; no longer a Portcullis entry' });
      continue;
    }
    plan.text =
      wrapped.kind === 'stdio'
        ? restoreStdioEntry(plan.text, server, wrapped, document.formatting)
        : restoreWholeEntry(plan.text, server, wrapped.originalText);
    plan.restored.push(server);
  }
  return { ...plan, text: document.bom + plan.text };
}
