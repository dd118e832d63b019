import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { openApi } from '../api-access';
import { CliError, type CliContext } from '../program';

export function registerPolicyCommands(program: Command, context: CliContext): void {
  const policy = program.command('policy').description('the policy that decides every tool call');

  policy
    .command('import <file>')
    .description('validate a policy.json and make it the active policy (a new revision)')
    .action(async (file: string) => {
      const text = readText(file);
      await withApi(context, async (api, running) => {
        const { revision } = await api['policy:save']({ document: text, source: `import ${basename(file)}` });
        console.log(
          `Imported ${file} as policy revision ${revision}.${running ? ' The running gateway applies it to the next call.' : ''}`,
        );
      });
    });

  policy
    .command('export')
    .description('print the active policy as JSON')
    .action(async () => {
      await withApi(context, async (api) => {
        const active = await api['policy:get']({});
        process.stdout.write(active.document.endsWith('\n') ? active.document : `${active.document}\n`);
      });
    });

  policy
    .command('check <file>')
    .description('validate a policy.json without applying it')
    .action(async (file: string) => {
      const text = readText(file);
      await withApi(context, async (api) => {
        const result = await api['policy:check']({ document: text });
        if (result.ok) {
          console.log(`${file}: valid.`);
          return;
        }
        console.error(`${file}: ${result.issues.length} problem${result.issues.length === 1 ? '' : 's'}:`);
        for (const issue of result.issues)
          console.error(`  ${issue.pointer || '(document)'}: ${issue.message}`);
        process.exitCode = 1;
      });
    });

  policy
    .command('test')
    .description('how the active policy decides one call, and the rule that decides it')
    .requiredOption('--client <id>', 'the client, e.g. claude-desktop')
    .requiredOption('--server <name>', 'the server name in the client config')
    .requiredOption('--tool <name>', 'the tool name')
    .option('--args <json>', 'the call arguments as a JSON object', '{}')
    .option('--json', 'print JSON')
    .action(
      async (options: { client: string; server: string; tool: string; args: string; json?: boolean }) => {
        let args: unknown;
        try {
          args = JSON.parse(options.args);
        } catch {
          throw new CliError('--args must be a JSON object, e.g. --args \'{"path":"/tmp"}\'.');
        }
        if (!args || typeof args !== 'object' || Array.isArray(args))
          throw new CliError('--args must be a JSON object.');
        await withApi(context, async (api) => {
          const decision = await api['policy:test']({
            client: options.client,
            server: options.server,
            tool: options.tool,
            args: args as Record<string, unknown>,
          });
          if (options.json) console.log(JSON.stringify(decision, null, 2));
          else
            console.log(
              `${decision.action}  (rule: ${decision.rule})${decision.reason ? `\nreason: ${decision.reason}` : ''}`,
            );
        });
      },
    );
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

export async function withApi(
  context: CliContext,
  run: (api: ReturnType<typeof openApi>['api'], running: boolean) => Promise<void>,
): Promise<void> {
  const access = openApi(context.dataDir());
  try {
    await run(access.api, access.running !== undefined);
  } finally {
    access.close();
  }
}
