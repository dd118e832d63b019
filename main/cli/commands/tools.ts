import type { Command } from 'commander';
import { riskLevelSchema, toolCategorySchema } from '../../../shared/tools';
import { jsonText, shown, table } from '../output';
import { CliError, type CliContext } from '../program';
import { withApi } from './policy';

export function registerToolCommands(program: Command, context: CliContext): void {
  const tools = program
    .command('tools')
    .description('every tool seen through Portcullis: its risk, and how the policy decides it')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withApi(context, async (api) => {
        const seen = await api['tools:list']({});
        if (options.json) return void console.log(jsonText(seen, 2));
        if (seen.length === 0)
          return void console.log(
            "No tools seen yet: they are recorded when a client lists a server's tools through Portcullis.",
          );
        console.log(
          table(
            ['client', 'server', 'tool', 'category', 'risk', 'why', 'decision', 'rule'],
            seen.map((t) => [
              t.client,
              t.server,
              t.name,
              t.classification.category,
              t.classification.risk,
              `${t.overridden ? '(set by you) ' : ''}${t.classification.reason}`,
              `${t.decision.action}${t.decision.hidden ? ' (hidden)' : ''}`,
              t.decision.rule,
            ]),
          ),
        );
      });
    });

  tools
    .command('classify <server> <tool>')
    .description("override a tool's risk classification")
    .option('--category <c>', toolCategorySchema.options.join(', '))
    .option('--risk <r>', riskLevelSchema.options.join(', '))
    .option('--reason <text>', 'why (shown with the classification)')
    .option('--clear', 'go back to the automatic classification')
    .action(
      async (
        server: string,
        tool: string,
        options: { category?: string; risk?: string; reason?: string; clear?: boolean },
      ) => {
        if (options.clear && (options.category || options.risk)) throw new CliError('Use --clear alone.');
        if (!options.clear && !options.category && !options.risk)
          throw new CliError('Give --category and/or --risk, or --clear.');
        const category =
          options.category === undefined ? undefined : toolCategorySchema.safeParse(options.category);
        if (category && !category.success)
          throw new CliError(`--category must be one of ${toolCategorySchema.options.join(', ')}.`);
        const risk = options.risk === undefined ? undefined : riskLevelSchema.safeParse(options.risk);
        if (risk && !risk.success)
          throw new CliError(`--risk must be one of ${riskLevelSchema.options.join(', ')}.`);
        await withApi(context, async (api) => {
          await api['tools:classify']({
            server,
            tool,
            ...(category?.success ? { category: category.data } : {}),
            ...(risk?.success ? { risk: risk.data } : {}),
            ...(options.reason ? { reason: options.reason } : {}),
          });
          console.log(
            options.clear
              ? shown`${server}/${tool}: back to the automatic classification.`
              : shown`${server}/${tool}: classification saved.`,
          );
        });
      },
    );
}
