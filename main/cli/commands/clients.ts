import type { Command } from 'commander';
import { connectSearchPath } from '../../gateway/resolve-command';
import { createClientsService, shimArgs, type ClientsService, type ConnectResult } from '../../clients';
import { ConfigParseError, UnknownClientError } from '../../clients/types';
import { currentHost, dataPaths } from '../../paths';
import { adminEntry } from '../../policy/policy-service';
import { openStore, type Store } from '../../store';
import { escapeJsonText, jsonText, shown, table } from '../output';
import { CliError, type CliContext } from '../program';

export function registerClientCommands(program: Command, context: CliContext): void {
  program
    .command('clients')
    .description('MCP clients found on this computer, their config files and servers')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withClients(context, async (clients) => {
        const reports = await clients.list();
        if (options.json) {
          console.log(jsonText(reports, 2));
          return;
        }
        for (const report of reports) {
          const state = report.error
            ? shown`cannot be read: ${report.error}`
            : report.exists
              ? ''
              : '(no config file)';
          console.log(`${shown`${report.name} [${report.id}]  ${report.configPath}`} ${state}`.trimEnd());
          if (report.servers.length === 0 && report.exists && !report.error) console.log('  no servers');
          if (report.servers.length > 0) {
            console.log(
              indent(
                table(
                  ['server', 'transport', 'protected', 'runs'],
                  report.servers.map((s) => [
                    s.name,
                    s.transport,
                    s.protected ? 'yes' : 'NO',
                    s.protected ? 'through Portcullis' : (s.url ?? [s.command, ...(s.args ?? [])].join(' ')),
                  ]),
                ),
              ),
            );
          }
          console.log('');
        }
      });
    });

  program
    .command('connect [clients...]')
    .description("reroute clients' servers through Portcullis (the original files are kept)")
    .option('--all', 'every client that has a config file')
    .option('--dry-run', 'show what would change; write nothing')
    .action(async (ids: string[], options: { all?: boolean; dryRun?: boolean }) => {
      await withClients(context, async (clients, store) => {
        const targets = await pickClients(clients, ids, options.all);
        let failed = false;
        for (const id of targets) {
          try {
            const result = await clients.connect(id, { dryRun: options.dryRun === true });
            printConnect(result);
            if (!result.dryRun && result.changed.length > 0) {
              store.audit.appendNow(
                adminEntry(
                  'client.connected',
                  `${result.changed.map((c) => c.server).join(', ')} in ${result.configPath}`,
                  id,
                ),
              );
            }
          } catch (error) {
            failed = true;
            console.error(shown`portcullis: ${describe(error)}`);
          }
        }
        if (failed) process.exitCode = 1;
      });
    });

  program
    .command('disconnect [clients...]')
    .description('restore the original server entries')
    .option('--all', 'every connected client')
    .action(async (ids: string[], options: { all?: boolean }) => {
      await withClients(context, async (clients, store) => {
        const targets = await pickClients(clients, ids, options.all);
        let failed = false;
        for (const id of targets) {
          try {
            const result = await clients.disconnect(id);
            if (result.mode === 'nothing') {
              console.log(shown`${id}: nothing to restore (not connected).`);
              continue;
            }
            console.log(
              result.mode === 'exact'
                ? shown`${id}: restored ${result.configPath} to its original bytes.`
                : shown`${id}: restored ${result.restored.length} server entr${result.restored.length === 1 ? 'y' : 'ies'} in ${result.configPath}, keeping the other edits made since.`,
            );
            for (const left of result.leftAlone)
              console.log(shown`  left alone: ${left.server} (${left.reason})`);
            store.audit.appendNow(
              adminEntry('client.disconnected', `${result.mode} restore of ${result.configPath}`, id),
            );
          } catch (error) {
            failed = true;
            console.error(shown`portcullis: ${describe(error)}`);
          }
        }
        if (failed) process.exitCode = 1;
      });
    });
}

async function withClients(
  context: CliContext,
  run: (clients: ClientsService, store: Store) => Promise<void>,
) {
  const paths = dataPaths(context.dataDir());
  const store = openStore(paths.database);
  try {
    const clients = createClientsService({
      host: currentHost(),
      backupsDir: paths.backups,
      registry: store.servers,
      searchPath: connectSearchPath(),
      shim: {
        command: process.execPath,
        args: (client, server) => [context.cliPath, ...shimArgs(client, server, paths.dir)],
      },
    });
    await run(clients, store);
  } finally {
    store.close();
  }
}

async function pickClients(
  clients: ClientsService,
  ids: string[],
  all: boolean | undefined,
): Promise<string[]> {
  if (all && ids.length > 0) throw new CliError('Name clients or use --all, not both.');
  if (all) return (await clients.list()).filter((c) => c.exists).map((c) => c.id);
  if (ids.length === 0) {
    const known = (await clients.list()).map((c) => c.id).join(', ');
    throw new CliError(`Name the clients to connect (${known}), or use --all.`);
  }
  return ids;
}

function printConnect(result: ConnectResult): void {
  const verb = result.dryRun ? 'would route' : 'routed';
  if (result.changed.length === 0) {
    console.log(shown`${result.client}: nothing to change in ${result.configPath}.`);
  } else {
    console.log(
      shown`${result.client}: ${verb} ${result.changed.length} server(s) in ${result.configPath} through Portcullis.`,
    );
    console.log('  The gateway will run exactly these, and nothing else:');
    for (const { server, definition: d } of result.changed) {
      const what =
        d.transport === 'stdio' ? [d.command, ...d.args].map(quote).join(' ') : `${d.transport} ${d.url}`;
      console.log(shown`    ${server}: ${what}`);
    }
  }
  for (const skipped of result.skipped) console.log(shown`  skipped ${skipped.server}: ${skipped.reason}`);
  if (result.backupPath) console.log(shown`  original kept at ${result.backupPath}`);
  if (result.dryRun && result.newText !== undefined && result.changed.length > 0) {
    console.log(`\n--- ${shown`${result.configPath}`} would become:\n${escapeJsonText(result.newText)}`);
  }
}

function quote(part: string | undefined): string {
  if (part === undefined) return '';
  return /^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replaceAll("'", "'\\''")}'`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

function describe(error: unknown): string {
  if (error instanceof ConfigParseError || error instanceof UnknownClientError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
