import { visibleText } from './visible-text';

/**
 * Cells a spreadsheet would run as a formula: `=`, `+`, `-`, `@` (and their full-width forms, which
 * some spreadsheets also accept), tab and carriage return.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

/**
 * One CSV field for spreadsheets (RFC 4180 quoting). Text is in its visible form (hidden characters
 * as escapes, as the terminal and the dashboard show them), and text a spreadsheet would read as a
 * formula gets a leading `'` (OWASP's advice): opening an export must not run what a server wrote.
 * Numbers and booleans are ours and stay as they are. `shown` is text already in visible form.
 */
export function csvField(value: string | number | boolean | null | undefined, shown = false): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = shown ? value : visibleText(value);
  const guarded = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}
