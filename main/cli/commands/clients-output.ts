import type { ServerWarning } from '../../../shared/trust';
import type { ClientReport, ConnectResult, DisconnectResult } from '../../clients/types';
import { escapeJsonText, shown, table } from '../output';

/** What the gateway runs for a protected server, as registered when it was connected. */
export type Registered = (
  client: string,
  server: string,
) => { command?: string; args: string[]; url?: string } | undefined;

/**
 * `clients`: per client that has a config file here, each file and its servers with their state;
 * then, on one line, the clients known but not found (`--json` lists where each was looked for).
 */
export function printClients(reports: ClientReport[], registered: Registered): void {
  const present = (report: ClientReport) =>
    report.files.some((file) => file.exists) || (report.extensions?.length ?? 0) > 0;
  for (const report of reports.filter(present)) {
    const found = report.files.filter((file) => file.exists);
    console.log(shown`${report.name} [${report.id}]`);
    for (const file of found) {
      const error = file.error ? `  cannot be read: ${file.error}` : '';
      console.log(shown`  ${file.path}  (${file.label}, ${file.format})${error}`);
      if (file.error) continue;
      if (file.servers.length === 0) {
        console.log('    no servers');
        continue;
      }
      const rows = file.servers.map((s) => {
        const through = s.state === 'protected' ? registered(report.id, s.name) : undefined;
        const state = {
          protected: 'protected',
          unprotected: 'NOT protected',
          drifted: s.drift === 'dropped' ? 'DRIFTED (gone)' : 'DRIFTED (reverted)',
          'cannot-protect': 'cannot protect',
        }[s.state];
        const runs =
          s.state === 'cannot-protect' || s.drift === 'dropped'
            ? `${s.problem ?? ''}${s.remedy ? ` — ${s.remedy}` : ''}`
            : through
              ? `through Portcullis: ${through.url ?? [through.command, ...through.args].join(' ')}`
              : (s.url ?? [s.command, ...(s.args ?? [])].join(' '));
        return [s.name, s.scope, s.transport, state, runs];
      });
      console.log(indent(table(['server', 'scope', 'transport', 'state', 'runs'], rows), '    '));
    }
    if (report.extensions && report.extensions.length > 0) {
      console.log('  extensions (outside the config file)');
      const rows = report.extensions.map((e) => {
        const state = {
          protected: `protected (as ${e.key ?? '?'})`,
          unprotected: 'NOT protected',
          drifted: 'DRIFTED (switched back on)',
          'cannot-protect': 'cannot protect',
        }[e.state];
        const runs = e.runs ?? e.declared;
        const what = runs ? [runs.command, ...runs.args].join(' ') : '';
        return [e.name, state, e.problem ? `${what} — ${e.problem}` : what];
      });
      console.log(indent(table(['extension', 'state', 'runs'], rows), '    '));
    }
    console.log('');
  }
  const absent = reports.filter((report) => !present(report));
  if (absent.length === reports.length) console.log('No MCP client config was found in this home folder.');
  if (absent.length > 0) {
    console.log(shown`Not found here: ${absent.map((r) => `${r.name} [${r.id}]`).join(', ')}.`);
    console.log('(`portcullis clients --json` lists where each one was looked for.)');
  }
}

const RESTART: Record<ClientReport['restart'], string> = {
  restart: 'Restart it so that it starts its servers through Portcullis.',
  reload: 'Reload its window (or restart it) so that it starts its servers through Portcullis.',
  automatic: 'It picks the change up by itself.',
};

/**
 * `connect`: per file, what was routed; the exact definition of each server the gateway will run,
 * with what deserves a second look in it (`warnings`, by server: a shell running inline code,
 * `sudo`, `curl … | sh`, …), as the Trust page and `servers` show them.
 */
export function printConnect(
  result: ConnectResult,
  restart: ClientReport['restart'] | undefined,
  warnings: ReadonlyMap<string, readonly ServerWarning[]> = new Map(),
): void {
  const verb = result.dryRun ? 'would route' : 'routed';
  if (result.note && result.changed.length === 0 && result.skipped.length === 0) {
    console.log(shown`${result.client}: ${result.note}`);
    return;
  }
  for (const file of result.files) {
    if (file.error) {
      console.error(shown`${result.client}: ${file.configPath} was not changed: ${file.error}`);
      continue;
    }
    if (file.changed.length === 0)
      console.log(shown`${result.client}: nothing to change in ${file.configPath}.`);
    else
      console.log(
        shown`${result.client}: ${verb} ${file.changed.length} server(s) in ${file.configPath} through Portcullis.`,
      );
  }
  if (result.changed.length > 0) {
    console.log('  The gateway will run exactly these, and nothing else:');
    for (const { server, definition: d } of result.changed) {
      const what =
        d.transport === 'stdio' ? [d.command, ...d.args].map(quote).join(' ') : `${d.transport} ${d.url}`;
      console.log(shown`    ${server}: ${what}`);
      for (const warning of warnings.get(server) ?? [])
        console.log(shown`      warning: ${warning.detail}: ${warning.text}`);
    }
  }
  for (const skipped of result.skipped) {
    console.log(shown`  skipped ${skipped.server}: ${skipped.reason}`);
    if (skipped.remedy) console.log(shown`    what you can do: ${skipped.remedy}`);
  }
  for (const file of result.files)
    if (file.backupPath) console.log(shown`  original kept at ${file.backupPath}`);
  if (!result.dryRun && result.changed.length > 0 && restart) console.log(shown`  ${RESTART[restart]}`);
  if (result.dryRun) {
    for (const file of result.files) {
      if (file.newText !== undefined)
        console.log(`${shown`\n--- ${file.configPath} would become:`}\n${escapeJsonText(file.newText)}`);
    }
  }
}

export function printDisconnect(id: string, result: DisconnectResult): void {
  if (result.mode === 'nothing' && result.files.length === 0) {
    console.log(shown`${id}: nothing to restore (not connected).`);
    return;
  }
  const would = result.dryRun ? 'would restore' : 'restored';
  for (const file of result.files) {
    if (file.error) console.error(shown`${id}: ${file.configPath} was not restored: ${file.error}`);
    else if (file.mode === 'exact')
      console.log(shown`${id}: ${would} ${file.configPath} to its original bytes.`);
    else if (file.mode === 'entries')
      console.log(
        shown`${id}: ${would} ${file.restored.length} server entr${file.restored.length === 1 ? 'y' : 'ies'} in ${file.configPath}, keeping the other edits made since.`,
      );
    else console.log(shown`${id}: nothing to restore in ${file.configPath}.`);
    if (file.newText !== undefined)
      console.log(`${shown`\n--- ${file.configPath} would become:`}\n${escapeJsonText(file.newText)}`);
  }
  for (const left of result.leftAlone) console.log(shown`  left alone: ${left.server} (${left.reason})`);
}

function quote(part: string | undefined): string {
  if (part === undefined) return '';
  return /^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replaceAll("'", "'\\''")}'`;
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => `${by}${l}`)
    .join('\n');
}
