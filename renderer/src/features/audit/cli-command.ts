import type { AuditExportFormat } from '../../../../shared/audit-query';
import { shellQuote } from '../../../../shared/shell-quote';
import { presetMs, type TimeRange } from '../../components/time-range';
import type { AuditView } from './audit-view';

/**
 * The `portcullis audit` command that exports the same rows as the page, for a terminal (and for
 * the desktop app, whose page has no download). Names come from clients and servers: every value
 * goes through `shellQuote`.
 */
export function auditCommand(view: AuditView, format: AuditExportFormat): string {
  const args = ['npx', 'portcullis', 'audit'];
  const add = (flag: string, value: string | undefined) => {
    if (value !== undefined && value !== '') args.push(flag, shellQuote(value));
  };
  add('--search', view.text.trim() || undefined);
  add('--kind', view.kind);
  add('--client', view.client);
  add('--server', view.server);
  add('--tool', view.tool);
  add('--decision', view.decision);
  add('--outcome', view.outcomes.length > 0 ? view.outcomes.join(',') : undefined);
  add('--session', view.sessionId);
  for (const [flag, value] of rangeFlags(view.range)) add(flag, value);
  args.push('--format', format);
  return `${args.join(' ')} > audit.${format}`;
}

function rangeFlags(range: TimeRange): [string, string][] {
  if (range.kind === 'preset') {
    // `--since` takes a duration in s, m, h or d.
    return [['--since', `${presetMs[range.preset] / 3_600_000}h`]];
  }
  if (range.kind === 'custom') {
    const flags: [string, string][] = [];
    if (range.since !== undefined) flags.push(['--since', new Date(range.since).toISOString()]);
    if (range.until !== undefined) flags.push(['--until', new Date(range.until).toISOString()]);
    return flags;
  }
  return [];
}
