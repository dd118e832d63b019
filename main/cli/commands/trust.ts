import type { Command } from 'commander';
import { needsReview, type ToolTrust, type TrustOverview } from '../../../shared/trust';
import { CliError, type CliContext } from '../program';
import { withApi } from './policy';
import { name, serverBlock, toolBlock } from './trust-output';

/**
 * `portcullis tools review|accept|reject` and `portcullis servers [accept]`: what the Trust page
 * shows, in a terminal. Accepting prints exactly what it accepts, and names it by its hash, so a
 * definition that changed in between is refused rather than accepted unseen.
 */
export function registerTrustCommands(program: Command, context: CliContext): void {
  const tools = program.commands.find((command) => command.name() === 'tools');
  if (!tools) throw new Error('The tools command must be registered before the trust commands.');

  tools
    .command('review')
    .description('tools whose definition changed, that are new, or whose description looks poisoned')
    .option('--all', 'every tool, not only those that need review')
    .option('--json', 'print JSON')
    .action(async (_options: unknown, command: Command) => {
      // `tools` has its own --json, which commander gives to the parent: read both.
      const options = command.optsWithGlobals<{ all?: boolean; json?: boolean }>();
      await withApi(context, async (api) => {
        const overview = await api['trust:list']({});
        const shown = overview.tools.filter((tool) => options.all || needsReview(tool));
        if (options.json) return void console.log(JSON.stringify(shown, null, 2));
        if (shown.length === 0) return void console.log('No tool needs review.');
        for (const tool of shown) {
          console.log(
            `${toolBlock(tool)}\n  answer: npx portcullis tools accept|reject ${answerArgs(tool, overview)}\n`,
          );
        }
      });
    });

  for (const answer of ['accept', 'reject'] as const) {
    tools
      .command(`${answer} <server> <tool>`)
      .description(
        answer === 'accept'
          ? 'trust the definition the server presents for a tool now (and its findings), after printing it'
          : 'refuse the definition the server presents for a tool: its calls stay held',
      )
      .option('--client <id>', 'the client, when several have this server')
      .action(async (server: string, toolName: string, options: { client?: string }) => {
        await withApi(context, async (api) => {
          const tool = pick(await api['trust:list']({}), server, toolName, options.client);
          console.log(toolBlock(tool));
          const args = { client: tool.client, server: tool.server, tool: tool.tool, hash: tool.hash };
          await api[answer === 'accept' ? 'trust:tool:accept' : 'trust:tool:reject'](args);
          console.log(
            answer === 'accept'
              ? `\nAccepted definition ${tool.hash.slice(0, 12)} of ${name(tool.tool)}: its calls are decided by the policy.`
              : `\nRejected definition ${tool.hash.slice(0, 12)} of ${name(tool.tool)}: its calls are refused.`,
          );
        });
      });
  }

  const servers = program
    .command('servers')
    .description("every registered server's definition, and whether it is accepted or held")
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withApi(context, async (api) => {
        const overview = await api['trust:list']({});
        if (options.json) return void console.log(JSON.stringify(overview.servers, null, 2));
        if (overview.servers.length === 0)
          return void console.log('No servers registered: connect a client first (npx portcullis connect).');
        for (const server of overview.servers) {
          const hint =
            server.state === 'held'
              ? `\n  accept: npx portcullis servers accept ${name(server.client)} ${name(server.name)}`
              : '';
          console.log(`${serverBlock(server)}${hint}\n`);
        }
      });
    });

  servers
    .command('accept <client> <name>')
    .description("accept a server's definition as it is now, after printing it in full")
    .action(async (client: string, serverName: string) => {
      await withApi(context, async (api) => {
        const server = (await api['trust:list']({})).servers.find(
          (s) => s.client === client && s.name === serverName,
        );
        if (!server) throw new CliError(`No server "${serverName}" is registered for ${client}.`);
        console.log(serverBlock(server));
        await api['trust:server:accept']({ client, name: serverName, fingerprint: server.fingerprint });
        console.log(
          `\nAccepted: ${client} may start "${serverName}" as shown. Restart ${client} if it gave up.`,
        );
      });
    });
}

function pick(overview: TrustOverview, server: string, tool: string, client: string | undefined): ToolTrust {
  const found = overview.tools.filter(
    (t) => t.server === server && t.tool === tool && (client === undefined || t.client === client),
  );
  if (found.length === 0)
    throw new CliError(
      `No tool "${tool}" has been seen on server "${server}"${client ? ` for ${client}` : ''}.`,
    );
  if (found.length > 1)
    throw new CliError(
      `"${tool}" on "${server}" is pinned for several clients (${found.map((t) => t.client).join(', ')}): add --client.`,
    );
  return found[0]!;
}

function answerArgs(tool: ToolTrust, overview: TrustOverview): string {
  const shared = overview.tools.filter((t) => t.server === tool.server && t.tool === tool.tool).length > 1;
  return `${name(tool.server)} ${name(tool.tool)}${shared ? ` --client ${name(tool.client)}` : ''}`;
}
