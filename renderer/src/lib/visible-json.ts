import { visibleParts, type VisiblePart } from '../../../shared/visible-text';

const text = (value: string): VisiblePart => ({ kind: 'text', text: value });

/**
 * JSON text pretty-printed for reading, as lines of visible parts: string keys and values as JSON
 * string literals whose hidden characters are marked escapes (a raw bidi control that JSON itself
 * keeps raw included). Undefined when the text is not JSON (a shortened preview, say): show it
 * with `Visible` instead.
 */
export function visibleJsonLines(json: string): VisiblePart[][] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
  const lines: VisiblePart[][] = [];
  writeValue(value, '', [], '', lines);
  return lines;
}

function stringLiteral(value: string): VisiblePart[] {
  return [text('"'), ...visibleParts(value, 'json'), text('"')];
}

function writeValue(
  value: unknown,
  indent: string,
  prefix: VisiblePart[],
  suffix: string,
  lines: VisiblePart[][],
): void {
  if (value !== null && typeof value === 'object') {
    const array = Array.isArray(value);
    const entries: [string | undefined, unknown][] = array
      ? value.map((item: unknown) => [undefined, item])
      : Object.entries(value);
    const [open, close] = array ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0) {
      lines.push([text(indent), ...prefix, text(`${open}${close}${suffix}`)]);
      return;
    }
    lines.push([text(indent), ...prefix, text(open)]);
    entries.forEach(([key, item], index) => {
      const keyParts = key === undefined ? [] : [...stringLiteral(key), text(': ')];
      writeValue(item, `${indent}  `, keyParts, index < entries.length - 1 ? ',' : '', lines);
    });
    lines.push([text(`${indent}${close}${suffix}`)]);
    return;
  }
  const scalar = typeof value === 'string' ? stringLiteral(value) : [text(JSON.stringify(value))];
  lines.push([text(indent), ...prefix, ...scalar, text(suffix)]);
}
