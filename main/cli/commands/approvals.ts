import type { Command } from 'commander';
import { approvalScopeSchema, describeAlways, type Approval } from '../../../shared/approvals';
import { jsonCell, jsonText, shown, table } from '../output';
import { CliError, type CliContext } from '../program';
import { withApi } from './policy';

export function registerApprovalCommands(program: Command, context: CliContext): void {
  const approvals = program
    .command('approvals')
    .description('calls waiting for your approval')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withApi(context, async (api) => {
        const waiting = await api['approvals:list']({});
        if (options.json) return void console.log(jsonText(waiting, 2));
        if (waiting.length === 0) return void console.log('No calls are waiting for approval.');
        const now = Date.now();
        console.log(
          table(
            ['id', 'client', 'server', 'tool', 'risk', 'args', 'rule', 'left'],
            waiting.map((a) => [
              a.id,
              a.askedBy ? `${a.client} (${a.askedBy})` : a.client,
              a.server,
              a.tool,
              `${a.risk.category}/${a.risk.risk}`,
              jsonCell(a.args, 60),
              a.rule,
              `${Math.max(0, Math.round((a.deadline - now) / 1000))} s`,
            ]),
          ),
        );
        for (const approval of waiting) console.log(`\n${answersText(approval)}`);
        console.log(
          '\nAnswer with: npx portcullis approvals allow ID [--scope once|session|always]  or  approvals deny ID [--reason TEXT]',
        );
      });
    });

  approvals
    .command('allow <id>')
    .description('let a waiting call go ahead')
    .option(
      '--scope <scope>',
      'once, session (what its rule asks about, for the rest of the session) or always (writes the rule `approvals` shows)',
      'once',
    )
    .action(async (id: string, options: { scope: string }) => {
      const scope = approvalScopeSchema.safeParse(options.scope);
      if (!scope.success)
        throw new CliError(`--scope must be one of ${approvalScopeSchema.options.join(', ')}.`);
      await withApi(context, async (api, running) => {
        if (!running) throw new CliError('The gateway is not running, so no call is waiting.');
        // What the person was shown for this call is what the gateway checks the answer against.
        const asked = (await api['approvals:list']({})).find((a) => a.id === id);
        const { revision } = await api['approvals:answer']({ id, decision: 'allow', scope: scope.data });
        const always = asked?.grants.always;
        console.log(
          {
            once: shown`Allowed ${id} once.`,
            session: shown`Allowed ${id}, and for the rest of its session: ${asked?.grants.session.offered ? asked.grants.session.covers : 'the calls its rule asks about.'}`,
            always: shown`Allowed ${id}, and wrote policy revision ${revision ?? '?'}: ${always?.offered ? describeAlways(always) : 'a rule for this call.'}`,
          }[scope.data],
        );
      });
    });

  approvals
    .command('deny <id>')
    .description('refuse a waiting call')
    .option('--reason <text>', 'said to the agent and kept in the audit log')
    .action(async (id: string, options: { reason?: string }) => {
      await withApi(context, async (api, running) => {
        if (!running) throw new CliError('The gateway is not running, so no call is waiting.');
        await api['approvals:answer']({
          id,
          decision: 'deny',
          ...(options.reason ? { reason: options.reason } : {}),
        });
        console.log(shown`Denied ${id}.`);
      });
    });

  program
    .command('pause')
    .description('let every call through (still audited) for a while')
    .option('--minutes <n>', 'how long (default: the pauseMinutes setting, 15)')
    .action(async (options: { minutes?: string }) => {
      const minutes = options.minutes === undefined ? undefined : Number(options.minutes);
      if (minutes !== undefined && !(Number.isInteger(minutes) && minutes >= 1 && minutes <= 240)) {
        throw new CliError('--minutes must be a whole number from 1 to 240.');
      }
      await withApi(context, async (api, running) => {
        if (!running) throw new CliError('The gateway is not running: there is nothing to pause.');
        const { pausedUntil } = await api['protection:pause'](minutes === undefined ? {} : { minutes });
        console.log(
          `Protection is PAUSED until ${new Date(pausedUntil).toLocaleTimeString()}: every new call goes through, unchecked (still audited); calls already waiting still wait for your answer.\nResume early with: npx portcullis resume`,
        );
      });
    });

  program
    .command('resume')
    .description('end a pause: calls are decided by the policy again')
    .action(async () => {
      await withApi(context, async (api, running) => {
        if (!running) throw new CliError('The gateway is not running.');
        await api['protection:resume']({});
        console.log('Protection resumed.');
      });
    });
}

/** What each answer does for one waiting call, as the card says it. */
function answersText(approval: Approval): string {
  const { always, session } = approval.grants;
  const lines = [
    shown`${approval.id}  ${approval.tool} on ${approval.server}, asked by ${approval.rule}`,
    `  allow --scope once      this call only`,
    shown`  allow --scope session   ${session.offered ? session.covers : `not offered: ${session.why}`}`,
  ];
  if (!always.offered)
    return [...lines, shown`  allow --scope always    not offered: ${always.why}`].join('\n');
  lines.push(shown`  allow --scope always    writes ${describeAlways(always)}`);
  if (always.replaces) lines.push(shown`                          in place of ${always.replaces}`);
  if (always.kept.length > 0) {
    lines.push(
      shown`                          after copies of ${always.kept.join(', ')}, which decide some ${approval.tool} calls first`,
    );
  }
  return lines.join('\n');
}
