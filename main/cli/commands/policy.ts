import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { describeLimit } from '../../policy/rate-limiter';
import { openApi } from '../api-access';
import { escapeJsonText, jsonText, shown, table } from '../output';
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
          shown`Imported ${file} as policy revision ${revision}.` +
            (running ? ' The running gateway applies it to the next call.' : ''),
        );
      });
    });

  policy
    .command('export')
    .description('print the active policy (or a revision) as JSON')
    .option('--revision <n>', 'an earlier revision')
    .option('--hosted', "refuse unless the policy fits the hosted gateways' policy.json format")
    .action(async (options: { revision?: string; hosted?: boolean }) => {
      await withApi(context, async (api) => {
        const { document } = await api['policy:export']({
          ...(options.revision === undefined ? {} : { revision: revisionNumber(options.revision) }),
          format: options.hosted ? 'hosted' : 'portcullis',
        });
        printDocument(document);
      });
    });

  policy
    .command('revisions')
    .description('every saved policy revision, newest first')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withApi(context, async (api) => {
        const revisions = await api['policy:revisions']({});
        if (options.json) return void console.log(jsonText(revisions, 2));
        if (revisions.length === 0)
          return void console.log('No policy saved yet: the built-in default (allow, observe) is in effect.');
        console.log(
          table(
            ['revision', 'saved', 'source'],
            revisions.map((r, i) => [
              `${r.revision}${i === 0 ? ' (active)' : ''}`,
              new Date(r.createdAt).toLocaleString(),
              r.source,
            ]),
          ),
        );
      });
    });

  policy
    .command('rollback <revision>')
    .description('make an earlier revision active again (saved as a new revision)')
    .action(async (revision: string) => {
      await withApi(context, async (api) => {
        const result = await api['policy:rollback']({ revision: revisionNumber(revision) });
        console.log(`Revision ${revision} is active again, as revision ${result.revision}.`);
      });
    });

  policy
    .command('suggest')
    .description(
      'a recommended policy from the tools seen so far (Read → allow, Write → 30 a minute, the rest → approve)',
    )
    .option('--output <file>', 'write it to a file instead of printing it')
    .action(async (options: { output?: string }) => {
      await withApi(context, async (api) => {
        const { document, tools } = await api['policy:suggest']({});
        if (tools === 0)
          console.error(
            'No tools seen yet: use your clients through Portcullis first. This suggestion only sets a default.',
          );
        if (!options.output) return void printDocument(document);
        writeFileSync(options.output, document);
        console.log(
          shown`Wrote a suggested policy for ${tools} tool(s) to ${options.output}. Review it, then: npx portcullis policy import ${options.output}`,
        );
      });
    });

  policy
    .command('replay <file>')
    .description('decide the recorded calls again with a policy file, and list the ones that would change')
    .option('--days <n>', 'how far back', '7')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { days: string; json?: boolean }) => {
      const text = readText(file);
      const days = Number(options.days);
      if (!(days > 0)) throw new CliError('--days must be a positive number.');
      await withApi(context, async (api) => {
        const result = await api['policy:replay']({ document: text, days });
        if (options.json) return void console.log(jsonText(result, 2));
        console.log(
          `${result.examined} call(s) since ${new Date(result.since).toLocaleString()}; ${result.changed.length} would be decided differently.`,
        );
        if (result.changed.length === 0) return;
        console.log(
          table(
            ['audit id', 'time', 'client', 'server', 'tool', 'was', 'would be', 'rule'],
            result.changed.map((c) => [
              c.id,
              new Date(c.ts).toISOString(),
              c.client,
              c.server,
              c.tool,
              c.recorded.decision,
              `${c.draft.action}${c.argsIncomplete ? ' (args redacted)' : ''}`,
              c.draft.rule,
            ]),
          ),
        );
      });
    });

  const draft = policy.command('draft').description('a draft policy: try it in shadow before applying it');
  draft
    .command('save <file>')
    .description('keep a policy file as the draft')
    .option('--shadow', 'also run it in shadow: decide every call with it too and record what it would do')
    .action(async (file: string, options: { shadow?: boolean }) => {
      const text = readText(file);
      await withApi(context, async (api) => {
        await api['policy:draft:save']({ document: text, shadow: options.shadow === true });
        console.log(
          shown`Saved ${file} as the draft policy` + (options.shadow ? ', running in shadow.' : '.'),
        );
      });
    });
  draft
    .command('show')
    .description('print the draft policy')
    .action(async () => {
      await withApi(context, async (api) => {
        const current = await api['policy:draft:get']({});
        if (!current) throw new CliError('There is no draft policy.');
        console.error(
          `Draft from ${new Date(current.updatedAt).toLocaleString()}, shadow ${current.shadow ? 'on' : 'off'}:`,
        );
        printDocument(current.document);
      });
    });
  draft
    .command('shadow <on|off>')
    .description('run the draft in shadow, or stop')
    .action(async (state: string) => {
      if (state !== 'on' && state !== 'off') throw new CliError('Say on or off.');
      await withApi(context, async (api) => {
        await api['policy:draft:shadow']({ enabled: state === 'on' });
        console.log(`Shadow mode ${state}.`);
      });
    });
  draft
    .command('apply')
    .description('make the draft the active policy')
    .action(async () => {
      await withApi(context, async (api) => {
        const { revision } = await api['policy:draft:apply']({});
        console.log(`The draft is now the active policy, revision ${revision}.`);
      });
    });
  draft
    .command('discard')
    .description('throw the draft away')
    .action(async () => {
      await withApi(context, async (api) => {
        await api['policy:draft:discard']({});
        console.log('Draft discarded.');
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
          console.log(shown`${file}: valid.`);
          return;
        }
        console.error(
          shown`${file}: ${result.issues.length} problem` + (result.issues.length === 1 ? ':' : 's:'),
        );
        for (const issue of result.issues)
          console.error(shown`  ${issue.pointer || '(document)'}: ${issue.message}`);
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
          if (options.json) return void console.log(jsonText(decision, 2));
          console.log(
            shown`${decision.action}  (rule: ${decision.rule})` +
              (decision.hidden ? '  [hidden from tools/list]' : ''),
          );
          if (decision.reason) console.log(shown`reason: ${decision.reason}`);
          for (const limit of decision.limits) {
            const full =
              limit.retryAfterSeconds === undefined
                ? ''
                : `; full for ${Math.ceil(limit.retryAfterSeconds)} s more`;
            console.log(
              shown`limit ${limit.rule}: ${limit.used}/${limit.max} used, ${describeLimit(limit)}` + full,
            );
          }
        });
      },
    );
}

/** A policy document as stored, on stdout: still the same JSON, with hidden characters as escapes. */
function printDocument(document: string): void {
  const text = escapeJsonText(document);
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function revisionNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`"${value}" is not a revision number.`);
  return n;
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
