/** Plain-text tables and CSV for terminal output. */
export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = rows.map((row) => row.map((c) => (c === null || c === undefined ? '' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...cells.map(line)].join('\n');
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
