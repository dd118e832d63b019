import type { Finding } from '../../shared/trust';
import type { ToolDefinition } from './definition';
import { findHiddenCharacters } from './hidden-characters';
import { LONG_DESCRIPTION_CHARS, LONG_PROPERTY_DESCRIPTION_CHARS, PADDING, TEXT_PATTERNS } from './patterns';

export interface ScanContext {
  /** The tool names the same client's other servers offer, and which servers. */
  otherTools: ReadonlyMap<string, readonly string[]>;
  /** The names this tool's own server offers: naming them is ordinary ("use read_text_file instead"). */
  ownTools: ReadonlySet<string>;
}

const noContext: ScanContext = { otherTools: new Map(), ownTools: new Set() };

/** Only this much of one text is scanned; anything longer is reported as long on its own. */
const SCAN_CHARS = 64 * 1024;
const EXCERPT_CONTEXT = 60;
const MAX_FINDINGS = 40;

/** Parameter names that are themselves a request for secrets (schema poisoning puts it in the name). */
const SECRET_NAME =
  /\b(?:id (?:rsa|dsa|ecdsa|ed25519)|ssh (?:private )?keys?|private keys?|mcp json|claude desktop config|aws credentials|env file|dotenv|ssh dir(?:ectory)?)\b/;

interface Text {
  field: string;
  text: string;
  /** A description (of the tool or of a property), which may be long and is read by the model. */
  description: 'tool' | 'property' | undefined;
  /** A property name: schema poisoning can put the request for a secret in the name itself. */
  name?: boolean;
}

/**
 * Scan one tool definition for text aimed at the model rather than at describing the tool: its
 * name, title, description, and every string and property name in its input and output schemas.
 * Each finding keeps the text that triggered it.
 */
export function scanTool(definition: ToolDefinition, context: ScanContext = noContext): Finding[] {
  const findings: Finding[] = [];
  const add = (finding: Finding) => {
    const duplicate = findings.some((f) => f.kind === finding.kind && f.field === finding.field);
    if (!duplicate && findings.length < MAX_FINDINGS) findings.push(finding);
  };
  for (const item of textsOf(definition)) scanText(item, context, add);
  return findings;
}

function scanText(item: Text, context: ScanContext, add: (finding: Finding) => void): void {
  const { field, description } = item;
  const text = item.text.length > SCAN_CHARS ? item.text.slice(0, SCAN_CHARS) : item.text;

  if (item.name) {
    const words = text.replace(/[_\-.]+|(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase();
    if (SECRET_NAME.test(words))
      add({
        kind: 'secret-path',
        field,
        text,
        detail: 'a parameter whose name asks for a secret file or key',
      });
  }

  const hidden = findHiddenCharacters(text);
  if (hidden) {
    const smuggled = hidden.tagText ? `; in tag characters it spells: "${hidden.tagText.slice(0, 200)}"` : '';
    add({
      kind: 'hidden-characters',
      field,
      text: excerpt(text, hidden.first, 1),
      detail: `${hidden.count} character${hidden.count === 1 ? '' : 's'} a person would not see (${hidden.codePoints.join(', ')})${smuggled}`,
    });
  }

  // Tag characters spell text no one sees: scan what they spell as well.
  const visible = hidden?.tagText ? `${text}\n${hidden.tagText}` : text;
  for (const { kind, pattern, detail } of TEXT_PATTERNS) {
    const match = pattern.exec(visible);
    if (match) add({ kind, field, text: excerpt(visible, match.index, match[0].length), detail });
  }

  if (description !== undefined) {
    const limit = description === 'tool' ? LONG_DESCRIPTION_CHARS : LONG_PROPERTY_DESCRIPTION_CHARS;
    const padding = PADDING.exec(text);
    if (item.text.length > limit) {
      add({
        kind: 'long-description',
        field,
        text: excerpt(text, limit, 0),
        detail: `${item.text.length} characters; past ${limit} there is room to bury instructions`,
      });
    } else if (padding) {
      add({
        kind: 'long-description',
        field,
        text: excerpt(text, padding.index + padding[0].length, 0),
        detail: 'padded with blank lines or spaces that push the rest out of view',
      });
    }
  }

  for (const { token, index } of tokens(text)) {
    const servers = context.otherTools.get(token);
    if (!servers || context.ownTools.has(token) || !distinctive(token)) continue;
    add({
      kind: 'cross-reference',
      field,
      text: excerpt(text, index, token.length),
      detail: `names "${token}", a tool of ${servers.map((s) => `"${s}"`).join(', ')}`,
    });
    break;
  }
}

/** Every text in a definition the model may read, with where it is. */
function textsOf(definition: ToolDefinition): Text[] {
  const out: Text[] = [{ field: 'name', text: definition.name, description: undefined }];
  for (const key of ['title', 'description'] as const) {
    const value = definition[key];
    if (typeof value === 'string')
      out.push({ field: key, text: value, description: key === 'description' ? 'tool' : undefined });
  }
  const title = (definition.annotations as { title?: unknown } | undefined)?.title;
  if (typeof title === 'string')
    out.push({ field: 'annotations.title', text: title, description: undefined });
  for (const key of ['inputSchema', 'outputSchema'] as const) schemaTexts(definition[key], key, out, 0);
  return out;
}

/** Strings and property names anywhere in a schema (descriptions, titles, defaults, enums, examples). */
function schemaTexts(value: unknown, path: string, out: Text[], depth: number): void {
  if (depth > 64 || out.length > 2000) return;
  if (typeof value === 'string') {
    out.push({
      field: path,
      text: value,
      description: path.endsWith('.description') ? 'property' : undefined,
    });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => schemaTexts(item, `${path}[${i}]`, out, depth + 1));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (path.endsWith('.properties'))
      out.push({ field: `${at} (name)`, text: key, description: undefined, name: true });
    schemaTexts(item, at, out, depth + 1);
  }
}

/** Identifier-like tokens (`send_email`, `github.create_issue`, `sendEmail`). */
function* tokens(text: string): Generator<{ token: string; index: number }> {
  for (const match of text.matchAll(/[A-Za-z][\w-]*/g)) yield { token: match[0], index: match.index };
}

/** A name unlikely to be an ordinary word: `send_email`, `get-env`, `listIssues`, not `search`. */
function distinctive(name: string): boolean {
  return name.length >= 5 && /[_-]|[a-z][A-Z]/.test(name);
}

function excerpt(text: string, index: number, length: number): string {
  const start = Math.max(0, index - EXCERPT_CONTEXT);
  const end = Math.min(text.length, index + length + EXCERPT_CONTEXT);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}
