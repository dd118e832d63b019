import { applyEdits, findNodeAtLocation, modify, parseTree } from 'jsonc-parser';
import type { FormattingOptions, JSONPath, Node } from 'jsonc-parser';
import { SERVERS_KEY } from './config-document';

/** The env key through which a remote entry's headers reach the shim (and from it, the gateway). */
const REMOTE_HEADERS_ENV = 'PORTCULLIS_REMOTE_HEADERS';

export interface ShimInvocation {
  command: string;
  args: string[];
}

/** The source text of what a stdio wrap replaced, so that restoring brings back the exact bytes. */
export interface StdioOriginal {
  /** The whole entry before and after the wrap: when it is untouched since, it is swapped back whole. */
  originalText: string;
  wrappedText: string;
  commandText: string;
  /** `null` when the entry had no `args` (connect added one). */
  argsText: string | null;
}

/** Replace `command` and `args` only; `env`, `cwd` and anything else stay exactly as they are. */
export function wrapStdioEntry(
  text: string,
  server: string,
  shim: ShimInvocation,
  formatting: FormattingOptions,
): { text: string; original: StdioOriginal } {
  const entry = requireNode(text, [SERVERS_KEY, server]);
  const command = requireNode(text, [SERVERS_KEY, server, 'command']);
  const args = nodeAt(text, [SERVERS_KEY, server, 'args']);
  const entryText = sourceOf(text, entry);
  let next = splice(text, command, JSON.stringify(shim.command));
  const commandNow = requireNode(next, [SERVERS_KEY, server, 'command']);
  const argsNow = nodeAt(next, [SERVERS_KEY, server, 'args']);
  if (argsNow && !sourceOf(next, argsNow).includes('\n')) {
    next = splice(next, argsNow, inlineArray(shim.args, arrayStyle(sourceOf(next, argsNow))));
  } else if (!argsNow && !entryText.includes('\n')) {
    // A one-line entry stays on one line: the formatter would spread it over several.
    const compact = !/[:,]\s/.test(entryText);
    const space = compact ? '' : ' ';
    const property = `,${space}"args":${space}${inlineArray(shim.args, { compact, padded: false })}`;
    const end = commandNow.offset + commandNow.length;
    next = next.slice(0, end) + property + next.slice(end);
  } else {
    next = setValue(next, [SERVERS_KEY, server, 'args'], shim.args, formatting);
  }
  const original: StdioOriginal = {
    originalText: entryText,
    wrappedText: sourceOf(next, requireNode(next, [SERVERS_KEY, server])),
    commandText: sourceOf(text, command),
    argsText: args ? sourceOf(text, args) : null,
  };
  return { text: next, original };
}

/** Put back the `command` and `args` a stdio wrap replaced, keeping later edits to the rest of the entry. */
export function restoreStdioEntry(
  text: string,
  server: string,
  original: StdioOriginal,
  formatting: FormattingOptions,
): string {
  const entry = requireNode(text, [SERVERS_KEY, server]);
  if (sourceOf(text, entry) === original.wrappedText) return splice(text, entry, original.originalText);
  let next = splice(text, requireNode(text, [SERVERS_KEY, server, 'command']), original.commandText);
  const args = nodeAt(next, [SERVERS_KEY, server, 'args']);
  if (original.argsText === null) {
    if (args) next = setValue(next, [SERVERS_KEY, server, 'args'], undefined, formatting);
  } else if (args) {
    next = splice(next, args, original.argsText);
  } else {
    next = setValue(
      next,
      [SERVERS_KEY, server, 'args'],
      JSON.parse(original.argsText) as unknown,
      formatting,
    );
  }
  return next;
}

/**
 * Turn a remote entry into a stdio shim entry. `url`, `headers` and `type` go; the headers travel
 * as JSON in the env so their values stay in the client's file, like a stdio server's env does.
 * Other keys keep their place; `command`/`args` take the place of `url`.
 */
export function wrapRemoteEntry(
  text: string,
  server: string,
  entry: Record<string, unknown>,
  shim: ShimInvocation,
  formatting: FormattingOptions,
): { text: string; originalText: string } {
  const node = requireNode(text, [SERVERS_KEY, server]);
  const headers = entry.headers as Record<string, string> | undefined;
  const env = headers
    ? {
        ...((entry.env as Record<string, string> | undefined) ?? {}),
        [REMOTE_HEADERS_ENV]: JSON.stringify(headers),
      }
    : entry.env;
  const replacement: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (key === 'url') {
      replacement.command = shim.command;
      replacement.args = shim.args;
      if (env !== undefined && !('env' in entry)) replacement.env = env;
    } else if (key === 'env') {
      replacement.env = env;
    } else if (!['headers', 'type', 'command', 'args'].includes(key)) {
      replacement[key] = value;
    }
  }
  return {
    text: setValue(text, [SERVERS_KEY, server], replacement, formatting),
    originalText: sourceOf(text, node),
  };
}

/** Put a whole entry back from its original source text. */
export function restoreWholeEntry(text: string, server: string, originalText: string): string {
  return splice(text, requireNode(text, [SERVERS_KEY, server]), originalText);
}

function nodeAt(text: string, path: JSONPath): Node | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  return root ? findNodeAtLocation(root, path) : undefined;
}

function requireNode(text: string, path: JSONPath): Node {
  const node = nodeAt(text, path);
  if (!node) throw new Error(`Internal error: ${path.join('.')} is missing from the config.`);
  return node;
}

function sourceOf(text: string, node: Node): string {
  return text.slice(node.offset, node.offset + node.length);
}

function splice(text: string, node: Node, replacement: string): string {
  return text.slice(0, node.offset) + replacement + text.slice(node.offset + node.length);
}

function setValue(text: string, path: JSONPath, value: unknown, formatting: FormattingOptions): string {
  return applyEdits(text, modify(text, path, value, { formattingOptions: formatting }));
}

interface ArrayStyle {
  compact: boolean;
  padded: boolean;
}

/** How a one-line array is spaced: `["a","b"]`, `["a", "b"]` or `[ "a", "b" ]`. */
function arrayStyle(existing: string): ArrayStyle {
  const inner = existing.slice(1, -1);
  return {
    compact: /,\S/.test(inner) && !/,\s/.test(inner),
    padded: inner.trim() !== '' && /^\s/.test(inner),
  };
}

function inlineArray(items: string[], style: ArrayStyle): string {
  const pad = style.padded ? ' ' : '';
  const body = items.map((item) => JSON.stringify(item)).join(style.compact ? ',' : ', ');
  return `[${pad}${body}${pad}]`;
}
