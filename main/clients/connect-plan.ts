import type { ClientAdapter } from './client-adapter';
import type { ConfigDocument } from './config-document';
import type { WrappedEntry } from './connection-state';
import { wrapRemoteEntry, wrapStdioEntry } from './entry-rewrite';
import { classifyEntry, definitionFor, isRecord } from './server-entry';
import { parseShimEntry } from './shim-entry';
import type { ConnectChange, ShimCommand } from './types';

export interface ConnectPlan {
  /** The file's text after connecting (without a BOM); equal to the input when nothing changes. */
  text: string;
  changed: ConnectChange[];
  skipped: { server: string; reason: string }[];
  wrapped: Record<string, WrappedEntry>;
}

/** Work out the rewrite without touching the disk, so a dry run and a real run cannot differ. */
export function planConnect(
  document: ConfigDocument,
  adapter: ClientAdapter,
  shim: ShimCommand,
): ConnectPlan {
  const plan: ConnectPlan = { text: document.text, changed: [], skipped: [], wrapped: {} };
  for (const entry of document.entries) {
    const server = entry.name;
    if (entry.problem) {
      plan.skipped.push({ server, reason: entry.problem });
      continue;
    }
    const shape = classifyEntry(entry.value);
    if (shape.kind === 'shim') {
      const as =
        shape.client === adapter.id && shape.server === server ? '' : ` (as ${shape.client}/${shape.server})`;
      plan.skipped.push({ server, reason: `already protected${as}` });
      continue;
    }
    if (shape.kind === 'unsupported') {
      plan.skipped.push({ server, reason: shape.reason });
      continue;
    }
    if (shape.kind === 'remote' && !adapter.runsRemoteEntries) {
      plan.skipped.push({ server, reason: `${adapter.name} does not run "url" entries` });
      continue;
    }
    const invocation = { command: shim.command, args: shim.args(adapter.id, server) };
    assertRecognisable(invocation, adapter.id, server);
    if (shape.kind === 'stdio') {
      const result = wrapStdioEntry(plan.text, server, invocation, document.formatting);
      plan.text = result.text;
      plan.wrapped[server] = { kind: 'stdio', original: entry.value, ...result.original };
    } else {
      const record = isRecord(entry.value) ? entry.value : {};
      const result = wrapRemoteEntry(plan.text, server, record, invocation, document.formatting);
      plan.text = result.text;
      plan.wrapped[server] = { kind: 'remote', original: entry.value, originalText: result.originalText };
    }
    plan.changed.push({ server, definition: definitionFor(adapter.id, server, shape) });
  }
  return plan;
}

/**
 * An entry we write but would not recognise later would be wrapped again on the next connect and
 * never restored on disconnect; a shim command that does not name Portcullis is a setup bug.
 */
function assertRecognisable(
  invocation: { command: string; args: string[] },
  client: string,
  server: string,
): void {
  const identity = parseShimEntry(invocation);
  if (identity?.client !== client || identity.server !== server)
    throw new Error(
      `The shim command "${[invocation.command, ...invocation.args].join(' ')}" would not be recognised ` +
        `as Portcullis's own entry for ${client}/${server}; nothing was written.`,
    );
}
