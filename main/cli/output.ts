import { csvField } from '../../shared/csv';
import { visibleParts, visibleText } from '../../shared/visible-text';
import { displayWidth } from './display-width';

/** A cell already in its visible form: the table prints it as it is. */
export class ShownCell {
  constructor(readonly text: string) {}
}

type Cell = string | number | boolean | null | undefined | ShownCell;

/**
 * Plain-text tables for the terminal. Every cell is shown in its visible form (shared/visible-text):
 * no cell can hold a line break, a tab or an escape sequence, so no value can start a row of its own,
 * push the columns over or restyle the terminal. Columns are padded by display width, so that wide
 * (CJK, emoji) characters keep the grid.
 */
export function table(headers: string[], rows: Cell[][]): string {
  const cells = rows.map((row) => row.map(cellText));
  const widths = headers.map((h, i) =>
    Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (r: string[]) =>
    r
      .map((c, i) => c + ' '.repeat(widths[i]! - displayWidth(c)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...cells.map(line)].join('\n');
}

function cellText(cell: Cell): string {
  if (cell instanceof ShownCell) return cell.text;
  return cell === null || cell === undefined ? '' : visibleText(String(cell));
}

/**
 * JSON text (a call's arguments) as a cell: its own escapes as they are, the characters it holds
 * raw that would not show as themselves written as `\uXXXX`, like `jsonText`, and cut to `width`
 * columns between escapes.
 */
export function jsonCell(json: string, width: number): ShownCell {
  const escaped = escapeJsonText(json).replace(/[\t\n\r]/g, (c) => unitEscapes(c.charCodeAt(0)));
  return new ShownCell(cut(escaped.match(/\\u[0-9a-fA-F]{4}|\\.|[\s\S]/gu) ?? [], width));
}

function cut(pieces: readonly string[], width: number): string {
  const whole = pieces.join('');
  if (displayWidth(whole) <= width) return whole;
  let out = '';
  for (const piece of pieces) {
    if (displayWidth(out + piece) > width - 1) break;
    out += piece;
  }
  return `${out}…`;
}

/**
 * A line of output with every interpolated value in its visible form: `` shown`${server}: ${error}` ``.
 * The literal parts are our own words and are printed as written.
 */
export function shown(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((out, literal, i) => out + visibleText(String(values[i - 1])) + literal);
}

/**
 * JSON for `--json` and `--format json`: the same value `JSON.stringify` writes, with every
 * character that would not show as itself written as a `\uXXXX` escape. Still valid JSON that
 * parses to exactly the same value, but a bidi control or an escape sequence in a server's text
 * cannot act on the terminal it is printed to.
 */
export function jsonText(value: unknown, indent?: number): string {
  return escapeJsonText(JSON.stringify(value, null, indent));
}

/**
 * Escapes what `JSON.stringify` leaves raw in a JSON text (bidi controls, zero-width and other
 * invisible characters, C1 controls). In valid JSON such a character can only be inside a string,
 * where `\uXXXX` means the same character. Tabs and line breaks can only be the layout between
 * values: they stay, except a carriage return that does not end a line, which a terminal would use
 * to print the rest of the line over its start; it becomes a line feed, the same layout to JSON.
 */
const LAYOUT = new Set([0x09, 0x0a, 0x0d]);

export function escapeJsonText(json: string): string {
  return visibleParts(json.replace(/\r(?!\n)/g, '\n'))
    .map((part) => {
      if (part.kind === 'text') return part.text;
      if (LAYOUT.has(part.codePoint)) return String.fromCharCode(part.codePoint);
      return unitEscapes(part.codePoint);
    })
    .join('');
}

function unitEscapes(codePoint: number): string {
  const units =
    codePoint > 0xffff
      ? [0xd800 + ((codePoint - 0x10000) >> 10), 0xdc00 + ((codePoint - 0x10000) & 0x3ff)]
      : [codePoint];
  return units.map((unit) => `\\u${unit.toString(16).padStart(4, '0')}`).join('');
}

/**
 * CSV for spreadsheets: each field as `csvField` writes it (visible form, formula cells guarded);
 * numbers are ours and stay numbers.
 */
export function csv(headers: string[], rows: Cell[][]): string {
  const cell = (c: Cell) => (c instanceof ShownCell ? csvField(c.text, true) : csvField(c));
  return [headers, ...rows].map((r) => r.map(cell).join(',')).join('\n');
}

/** `30s`, `15m`, `1h`, `7d`, or an ISO date → milliseconds since the epoch. */
export function parseSince(value: string, now = Date.now()): number {
  const match = /^(\d+)\s*(s|m|h|d)$/.exec(value.trim());
  if (match) {
    const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
    return now - Number(match[1]) * unit;
  }
  const date = Date.parse(value);
  if (Number.isNaN(date))
    throw new Error(`--since: "${value}" is neither a duration (30m, 1h, 7d) nor a date.`);
  return date;
}
