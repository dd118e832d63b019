import { adminEntry } from '../../../shared/audit';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createClientsService, shimArgs, type ClientsService } from '../../clients';
import { connectSearchPath } from '../../gateway/resolve-command';
import { trustHost } from '../../api/handlers/trust';
import { serverIdentity } from '../../trust/definition';
import { serverWarnings } from '../../trust/server-warnings';
import { ConfigParseError, UnknownClientError } from '../../clients/types';
import { currentHost, dataPaths } from '../../paths';
import { openStore, type Store } from '../../store';
import { jsonText, shown } from '../output';
import { CliError, type CliContext } from '../program';
import { printClients, printConnect, printDisconnect } from './clients-output';

const collect = (value: string, previous: string[]) => [...previous, value];
const PROJECT_HELP = 'also the project and workspace configs in DIR (repeatable)';

export function registerClientCommands(program: Command, context: CliContext): void {
  program
    .command('clients')
    .description(
      'MCP clients found on this computer, their config files, servers and whether each is protected',
    )
    .option('--json', 'print JSON')
    .option('--project <dir>', PROJECT_HELP, collect, [])
    .action(async (options: { json?: boolean; project: string[] }) => {
      await withClients(context, options.project, async (clients, store) => {
        const reports = await clients.list();
        if (options.json) console.log(jsonText(reports, 2));
        else printClients(reports, (client, server) => store.servers.get(client, server));
      });
    });

  program
    .command('connect [clients...]')
    .description("reroute clients' servers through Portcullis (the original files are kept)")
    .option('--all', 'every client that has a config file')
    .option('--dry-run', 'show what would change; write nothing')
    .option('--json', 'print the results as JSON')
    .option('--server <name>', 'only this server (repeatable)', collect, [])
    .option('--project <dir>', PROJECT_HELP, collect, [])
    .action(
      async (
        ids: string[],
        options: { all?: boolean; dryRun?: boolean; json?: boolean; server: string[]; project: string[] },
      ) => {
        await withClients(context, options.project, async (clients, store) => {
          const reports = await clients.list();
          const targets = pickClients(clients, reports, ids, options.all);
          const results = [];
          let failed = false;
          for (const id of targets) {
            try {
              const result = await clients.connect(id, {
                dryRun: options.dryRun === true,
                ...(options.server.length > 0 ? { servers: options.server } : {}),
              });
              const warnings = new Map(
                result.changed.map(({ server, definition }) => [
                  server,
                  serverWarnings(serverIdentity(definition), trustHost()),
                ]),
              );
              results.push({
                ...result,
                changed: result.changed.map((c) => ({ ...c, warnings: warnings.get(c.server) ?? [] })),
              });
              if (!options.json) printConnect(result, reports.find((r) => r.id === id)?.restart, warnings);
              if (!result.dryRun && result.changed.length > 0) {
                const where = result.files.filter((f) => f.changed.length > 0).map((f) => f.configPath);
                store.audit.appendNow(
                  adminEntry(
                    'client.connected',
                    `${result.changed.map((c) => c.server).join(', ')} in ${where.join(', ')}`,
                    id,
                  ),
                );
              }
              if (result.files.some((file) => file.error)) failed = true;
            } catch (error) {
              failed = true;
              if (options.json) results.push({ client: id, error: describe(error) });
              else console.error(shown`portcullis: ${describe(error)}`);
            }
          }
          if (options.json) console.log(jsonText(results, 2));
          if (failed) process.exitCode = 1;
        });
      },
    );

  program
    .command('disconnect [clients...]')
    .description('restore the original server entries')
    .option('--all', 'every connected client')
    .option('--server <name>', 'only this server; the others stay protected (repeatable)', collect, [])
    .option('--dry-run', 'show what would be restored; write nothing')
    .action(async (ids: string[], options: { all?: boolean; server: string[]; dryRun?: boolean }) => {
      await withClients(context, [], async (clients, store) => {
        // Every client for --all: one connected through a file that is gone still has a state.
        const targets =
          options.all && ids.length === 0 ? clients.ids() : pickClients(clients, [], ids, options.all);
        let failed = false;
        for (const id of targets) {
          try {
            const result = await clients.disconnect(id, {
              dryRun: options.dryRun === true,
              ...(options.server.length > 0 ? { servers: options.server } : {}),
            });
            if (!(options.all && result.mode === 'nothing' && result.files.length === 0))
              printDisconnect(id, result);
            if (!options.dryRun && result.mode !== 'nothing') {
              const where = result.files.map((f) => `${f.mode} restore of ${f.configPath}`).join('; ');
              const which = options.server.length > 0 ? `${options.server.join(', ')}: ` : '';
              store.audit.appendNow(adminEntry('client.disconnected', `${which}${where}`, id));
            }
            if (result.files.some((file) => file.error)) failed = true;
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
  projects: string[],
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
      projectDirs: projects.map((dir) => resolve(dir)),
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

function pickClients(
  clients: ClientsService,
  reports: { id: string; exists: boolean }[],
  ids: string[],
  all: boolean | undefined,
): string[] {
  if (all && ids.length > 0) throw new CliError('Name clients or use --all, not both.');
  if (all) return reports.filter((c) => c.exists).map((c) => c.id);
  if (ids.length === 0) throw new CliError(`Name the clients (${clients.ids().join(', ')}), or use --all.`);
  return ids;
}

function describe(error: unknown): string {
  if (error instanceof ConfigParseError || error instanceof UnknownClientError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
