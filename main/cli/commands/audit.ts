import type { Command } from 'commander';
import { decisionSchema, type AuditQuery, type AuditRow } from '../../../shared/audit';
import { csv, jsonText, parseSince, shown, table } from '../output';
import { CliError, type CliContext } from '../program';
import { withApi } from './policy';

interface AuditOptions {
  follow?: boolean;
  since?: string;
  client?: string;
  server?: string;
  tool?: string;
  decision?: string;
  kind?: string;
  limit: string;
  format: string;
}

const FOLLOW_INTERVAL_MS = 500;
const COLUMNS = [
  'id',
  'time',
  'client',
  'server',
  'tool',
  'decision',
  'rule',
  'latency_ms',
  'error',
  'detail',
];

export function registerAuditCommands(program: Command, context: CliContext): void {
  const audit = program
    .command('audit')
    .description('the audit log: every tool call and admin event, oldest first')
    .option('--follow', 'keep printing new rows as they are written')
    .option('--since <when>', 'only rows since a duration ago (30m, 1h, 7d) or a date')
    .option('--client <id>', 'only this client')
    .option('--server <name>', 'only this server')
    .option('--tool <name>', 'only this tool')
    .option('--decision <d>', `only this decision (${decisionSchema.options.join(', ')})`)
    .option('--kind <kind>', 'only tool calls (call) or admin events (admin)')
    .option('--limit <n>', 'at most this many rows', '50')
    .option('--format <format>', 'table, json or csv', 'table')
    .action(async (options: AuditOptions) => {
      const query = toQuery(options);
      if (!['table', 'json', 'csv'].includes(options.format)) {
        throw new CliError(`--format: "${options.format}" is not one of table, json, csv.`);
      }
      await withApi(context, async (api) => {
        const rows = (await api['audit:query'](query)).reverse();
        print(rows, options.format, options.follow === true, true);
        if (!options.follow) return;
        let last = rows.at(-1)?.id ?? (await api['audit:query']({ ...query, limit: 1 }))[0]?.id ?? 0;
        for (;;) {
          await new Promise((r) => setTimeout(r, FOLLOW_INTERVAL_MS));
          const fresh = await api['audit:query']({ ...query, afterId: last, limit: 1000 });
          if (fresh.length === 0) continue;
          print(fresh, options.format, true, false);
          last = fresh.at(-1)!.id;
        }
      });
    });

  audit
    .command('verify')
    .description('check the hash chain: was any row edited, removed or inserted?')
    .action(async () => {
      await withApi(context, async (api) => {
        const result = await api['audit:verify']({});
        (result.ok ? console.log : console.error)(shown`${result.message}`);
        if (!result.ok) process.exitCode = 1;
      });
    });
}

function toQuery(o: AuditOptions): AuditQuery {
  const limit = Number(o.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 5000)
    throw new CliError('--limit must be a whole number from 1 to 5000.');
  const decision = o.decision === undefined ? undefined : decisionSchema.safeParse(o.decision);
  if (decision && !decision.success) {
    throw new CliError(`--decision: "${o.decision}" is not one of ${decisionSchema.options.join(', ')}.`);
  }
  if (o.kind !== undefined && o.kind !== 'call' && o.kind !== 'admin')
    throw new CliError('--kind must be call or admin.');
  let since: number | undefined;
  try {
    since = o.since === undefined ? undefined : parseSince(o.since);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  return {
    limit,
    ...(since === undefined ? {} : { since }),
    ...(o.client ? { client: o.client } : {}),
    ...(o.server ? { server: o.server } : {}),
    ...(o.tool ? { tool: o.tool } : {}),
    ...(decision?.success ? { decision: decision.data } : {}),
    ...(o.kind ? { kind: o.kind as 'call' | 'admin' } : {}),
  };
}

/** Following prints JSON as one row per line (JSONL), so a reader can parse each as it comes. */
function print(rows: AuditRow[], format: string, streaming: boolean, first: boolean): void {
  if (format === 'json') {
    if (streaming) for (const row of rows) console.log(jsonText(row));
    else console.log(jsonText(rows, 2));
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
    r.error ?? (r.isError ? 'isError' : null),
    r.detail ?? r.reason,
  ]);
  if (format === 'csv') {
    const text = csv(COLUMNS, cells);
    console.log(first ? text : text.split('\n').slice(1).join('\n'));
    return;
  }
  if (rows.length === 0 && first && !streaming) {
    console.log('No audit rows match.');
    return;
  }
  if (rows.length === 0) return;
  const text = table(COLUMNS, cells);
  console.log(first ? text : text.split('\n').slice(2).join('\n'));
}
