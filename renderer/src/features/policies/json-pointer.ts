import { parseTree, type Node } from 'jsonc-parser';
import type { PolicyIssue } from '../../../../shared/policy';

/** A stretch of the editor's text to select. */
export interface TextRange {
  offset: number;
  length: number;
}

/** RFC 6901: `/tools/a~1b` → `['tools', 'a/b']`. Undefined for text that is not a pointer. */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/**
 * Where a JSON pointer points in the text. A member of an object selects `"key": value`, since an
 * issue about an unknown key and one about a wrong value both read best with the key in view. When
 * the pointer goes past what the text has (a required key that is missing), the deepest part that
 * exists is selected instead, and `exact` is false.
 */
export function locatePointer(
  text: string,
  pointer: string,
): { range: TextRange; exact: boolean } | undefined {
  const segments = parsePointer(pointer);
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!segments || !root) return undefined;
  let node: Node = root;
  // The node to select if the walk stops here: an object member, an array item, or the root's first character.
  let selection: TextRange = { offset: root.offset, length: Math.min(1, root.length) };
  for (const segment of segments) {
    const next = child(node, segment);
    if (!next) return { range: selection, exact: false };
    node = next.value;
    selection = { offset: next.select.offset, length: next.select.length };
  }
  return { range: selection, exact: true };
}

function child(node: Node, segment: string): { value: Node; select: Node } | undefined {
  if (node.type === 'object') {
    // The last duplicate key wins in JSON.parse, so that is the one the server validated.
    const member = node.children?.findLast((property) => property.children?.[0]?.value === segment);
    const value = member?.children?.[1];
    return member && value ? { value, select: member } : undefined;
  }
  if (node.type === 'array' && /^(0|[1-9]\d*)$/.test(segment)) {
    const item = node.children?.[Number(segment)];
    return item ? { value: item, select: item } : undefined;
  }
  return undefined;
}

/** The offset of a 1-based line and column, clamped to the text. */
export function offsetOfLineColumn(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const newline = text.indexOf('\n', offset);
    if (newline < 0) return text.length;
    offset = newline + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  const end = lineEnd < 0 ? text.length : lineEnd;
  return Math.min(offset + Math.max(0, column - 1), end);
}

export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const syntaxPosition = /line (\d+), column (\d+)/i;

/**
 * Where an issue from `policy:check` is in the text: by its pointer, or, for a syntax error (which
 * has the empty pointer), by the line and column its message names.
 */
export function locateIssue(text: string, issue: PolicyIssue): TextRange | undefined {
  if (issue.pointer === '') {
    const match = syntaxPosition.exec(issue.message);
    if (match) return { offset: offsetOfLineColumn(text, Number(match[1]), Number(match[2])), length: 0 };
  }
  return locatePointer(text, issue.pointer)?.range;
}
