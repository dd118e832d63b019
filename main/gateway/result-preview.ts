import { field } from './jsonrpc';
import { redactText } from '../redact';

/**
 * A readable start of a tool's result, for the audit log: text blocks as text, other blocks by
 * what they are, structured content as JSON. Redacted, then cut at `maxChars`. Slack is read past
 * the cut before redacting, so a secret that straddles it is still recognised whole.
 */
export function resultPreview(result: unknown, maxChars: number): string | null {
  if (result === undefined || result === null) return null;
  const parts: string[] = [];
  let length = 0;
  const budget = maxChars + 1024;
  const content = field(result, 'content');
  for (const block of Array.isArray(content) ? content : []) {
    if (length > budget) break;
    const part = describeBlock(block);
    parts.push(part);
    length += part.length + 1;
  }
  const structured = field(result, 'structuredContent');
  if (parts.length === 0 && structured !== undefined) parts.push(JSON.stringify(structured) ?? '');
  const text = parts.join('\n').slice(0, budget);
  if (text === '') return null;
  const clean = redactText(text);
  return clean.length > maxChars ? `${clean.slice(0, maxChars)}…` : clean;
}

function describeBlock(block: unknown): string {
  const type = field(block, 'type');
  const text = field(block, 'text');
  if (type === 'text' && typeof text === 'string') return text;
  const mime = field(block, 'mimeType');
  if (type === 'image' || type === 'audio') return `[${type}${typeof mime === 'string' ? ` ${mime}` : ''}]`;
  const uri = field(block, 'uri') ?? field(field(block, 'resource'), 'uri');
  if (typeof uri === 'string') return `[${typeof type === 'string' ? type : 'resource'} ${uri}]`;
  return `[${typeof type === 'string' ? type : 'content'}]`;
}
