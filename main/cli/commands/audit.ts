import type { Command } from 'commander';
import type { ApiClient } from '../../../shared/api';
import {
  decisionSchema,
  describeOutcome,
  outcomeDescriptions,
  outcomeLabels,
  outcomeSchema,
  type AuditRow,
} from '../../../shared/audit';
import type { AuditExportFormat, AuditFilter } from '../../../shared/audit-query';
import { openApi } from '../api-access';
import { exportRows } from '../../audit/export';
import { escapeJsonText, jsonText, parseSince, shown, table } from '../output';
import { CliError, type CliContext } from '../program';

interface AuditOptions {
  follow?: boolean;
  since?: string;
  until?: string;
  client?: string;
  server?: string;
  tool?: string;
  decision?: string;
  outcome?: string;
  kind?: string;
  search?: string;
  session?: string;
  limit?: string;
  format: string;
}

const FOLLOW_INTERVAL_MS = 500;
const DEFAULT_LIMIT = 50;
const FORMATS = ['table', 'json', 'jsonl', 'csv'];
const COLUMNS = ['id', 'time', 'client', 'server', 'tool', 'decision', 'rule', 'latency_ms', 'outcome'];

export function registerAuditCommands(program: Command, context: CliContext): void {
  const audit = program
    .command('audit')
    .description(
      'the audit log. table and json: the newest rows (--limit), oldest first; jsonl and csv: every matching row, streamed',
    )
    .option('--follow', 'keep printing new rows as they are written')
    .option('--since <when>', 'only rows since a duration ago (30m, 1h, 7d) or a date')
    .option('--until <when>', 'only rows before a duration ago or a date')
    .option('--client <id>', 'only this client')
    .option('--server <name>', 'only this server')
    .option('--tool <name>', 'only this tool')
    .option('--decision <d>', `only this decision (${decisionSchema.options.join(', ')})`)
    .option('--outcome <o,…>', `only these outcomes (${outcomeSchema.options.join(', ')})`)
    .option('--kind <kind>', 'only tool calls (call) or admin events (admin)')
    .option(
      '--search <words>',
      'full-text search: tool, arguments, result, reasons, errors (word* for a prefix)',
    )
    .option('--session <id>', 'only this session')
    .option('--limit <n>', `table and json: at most this many rows (default ${DEFAULT_LIMIT})`)
    .option('--format <format>', FORMATS.join(', '), 'table')
    .addHelpText(
      'after',
      `\nOutcomes:\n${outcomeSchema.options
        .map((o) => `  ${o.padEnd(18)}${outcomeLabels[o]} — ${outcomeDescriptions[o]}`)
        .join('\n')}`,
    )
    .action(async (options: AuditOptions) => {
      if (!FORMATS.includes(options.format)) {
        throw new CliError(`--format: "${options.format}" is not one of ${FORMATS.join(', ')}.`);
      }
      const filter = toFilter(options);
      const exporting = options.format === 'jsonl' || options.format === 'csv';
      if (exporting && options.limit !== undefined) {
        throw new CliError(
          '--limit applies to table and json; jsonl and csv export every matching row (narrow it with --since/--until).',
        );
      }
      const limit = exporting ? 0 : parseLimit(options.limit);
      const access = openApi(context.dataDir());
      try {
        const { api } = access;
        const last = (await api['audit:query']({ limit: 1 }))[0]?.id ?? 0;
        if (exporting) {
          // JSONL to a terminal: the same values, with hidden characters as \u escapes (jsonText).
          for await (const text of access.exportAudit(filter, options.format as AuditExportFormat, last))
            await write(options.format === 'jsonl' ? escapeJsonText(text) : text);
        } else {
          const rows = (await api['audit:query']({ ...filter, limit, beforeId: last + 1 })).reverse();
          const count = options.follow ? undefined : await api['audit:count'](filter);
          await print(rows, options.format, options.follow === true, true);
          if (count && options.format === 'table' && count.total > rows.length) {
            const total = `${count.exact ? '' : 'more than '}${count.total.toLocaleString('en')}`;
            console.error(`(the newest ${rows.length} of ${total} matching rows; --limit shows more)`);
          }
        }
        if (options.follow) await follow(api, filter, options.format, last);
      } finally {
        access.close();
      }
    });

  audit
    .command('verify')
    .description('check the hash chain and its checkpoint: was any row edited, removed or inserted?')
    .action(async () => {
      const access = openApi(context.dataDir());
      try {
        const result = await access.api['audit:verify']({});
        (result.ok ? console.log : console.error)(shown`${result.message}`);
        if (!result.ok) process.exitCode = 1;
      } finally {
        access.close();
      }
    });
}

async function follow(api: ApiClient, filter: AuditFilter, format: string, after: number): Promise<void> {
  let last = after;
  for (;;) {
    await new Promise((r) => setTimeout(r, FOLLOW_INTERVAL_MS));
    const fresh = await api['audit:query']({ ...filter, afterId: last, limit: 1000 });
    if (fresh.length === 0) continue;
    await print(fresh, format, true, false);
    last = fresh.at(-1)!.id;
  }
}

function parseLimit(value: string | undefined): number {
  const limit = Number(value ?? DEFAULT_LIMIT);
  if (!Number.isInteger(limit) || limit < 1 || limit > 5000)
    throw new CliError('--limit must be a whole number from 1 to 5000.');
  return limit;
}

function toFilter(o: AuditOptions): AuditFilter {
  const decision = o.decision === undefined ? undefined : decisionSchema.safeParse(o.decision);
  if (decision && !decision.success) {
    throw new CliError(`--decision: "${o.decision}" is not one of ${decisionSchema.options.join(', ')}.`);
  }
  const outcomes = o.outcome
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  for (const outcome of outcomes ?? []) {
    if (!outcomeSchema.safeParse(outcome).success) {
      throw new CliError(`--outcome: "${outcome}" is not one of ${outcomeSchema.options.join(', ')}.`);
    }
  }
  if (o.kind !== undefined && o.kind !== 'call' && o.kind !== 'admin')
    throw new CliError('--kind must be call or admin.');
  const time = (flag: string, value: string | undefined) => {
    try {
      return value === undefined ? undefined : parseSince(value);
    } catch (error) {
      throw new CliError((error as Error).message.replace('--since', flag));
    }
  };
  const since = time('--since', o.since);
  const until = time('--until', o.until);
  if (o.search !== undefined && o.search.trim() === '')
    throw new CliError('--search needs words to look for.');
  return {
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
    ...(o.client ? { client: o.client } : {}),
    ...(o.server ? { server: o.server } : {}),
    ...(o.tool ? { tool: o.tool } : {}),
    ...(decision?.success ? { decision: decision.data } : {}),
    ...(outcomes?.length ? { outcome: outcomes as AuditFilter['outcome'] & string[] } : {}),
    ...(o.kind ? { kind: o.kind as 'call' | 'admin' } : {}),
    ...(o.search ? { text: o.search } : {}),
    ...(o.session ? { sessionId: o.session } : {}),
  };
}

/** Write to stdout, waiting while the reader (a pipe, a file) catches up: memory stays flat. */
function write(text: string): Promise<void> {
  return new Promise((done, fail) => {
    if (process.stdout.write(text)) done();
    else process.stdout.once('drain', done).once('error', fail);
  });
}

/**
 * Rows as a format prints them. Following prints JSON as one row per line (JSONL), so a reader can
 * parse each as it comes; jsonl and csv rows read exactly as the export's.
 */
async function print(rows: AuditRow[], format: string, streaming: boolean, first: boolean): Promise<void> {
  if (format === 'jsonl' || format === 'csv') {
    const text = exportRows(rows, format);
    await write(format === 'jsonl' ? escapeJsonText(text) : text);
    return;
  }
  if (format === 'json') {
    if (streaming) await write(rows.map((r) => `${jsonText(r)}\n`).join(''));
    else await write(`${jsonText(rows, 2)}\n`);
    return;
  }
  const cells = rows.map((r) => [
    r.id,
    new Date(r.ts).toISOString(),
    r.client,
    r.server,
    r.tool ?? r.event,
    r.decision,
    r.rule,
    r.latencyMs === null ? null : r.latencyMs.toFixed(1),
    r.kind === 'admin' ? r.detail : r.outcome ? describeOutcome(r) : (r.error ?? r.reason),
  ]);
  if (rows.length === 0 && first && !streaming) {
    console.log('No audit rows match.');
    return;
  }
  if (rows.length === 0) return;
  const text = table(COLUMNS, cells);
  await write(`${first ? text : text.split('\n').slice(2).join('\n')}\n`);
}
