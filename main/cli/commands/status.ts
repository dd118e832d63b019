import type { Command } from 'commander';
import { dataPaths } from '../../paths';
import { readRuntimeInfo } from '../../runtime-file';
import { readToken } from '../../secrets';
import { openApi } from '../api-access';
import { jsonText, table } from '../output';
import type { CliContext } from '../program';

/** Exit status when no gateway is running (as `systemctl status` does). */
const NOT_RUNNING = 3;

export function registerStatusCommand(program: Command, context: CliContext): void {
  program
    .command('status')
    .description('is the gateway running, where, and with which sessions')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const dataDir = context.dataDir();
      const paths = dataPaths(dataDir);
      if (!readRuntimeInfo(paths.runtime)) {
        if (options.json) console.log(jsonText({ running: false, dataDir }, 2));
        else
          console.log(
            `Portcullis is not running (data folder ${dataDir}).\nStart it with \`npx portcullis serve\`.`,
          );
        process.exitCode = NOT_RUNNING;
        return;
      }
      const access = openApi(dataDir);
      try {
        const status = await access.api['status:get']({});
        const loginUrl = `${status.dashboardUrl}?token=${encodeURIComponent(readToken(paths.token))}`;
        if (options.json) {
          console.log(jsonText({ running: true, ...status, loginUrl }, 2));
          return;
        }
        console.log(`Portcullis ${status.version} is running (pid ${status.pid}, since ${new Date(status.startedAt).toLocaleString()}).

  Dashboard  ${loginUrl}
  Data       ${status.dataDir}
  Policy     revision ${status.policyRevision}${status.pausedUntil ? `, PAUSED until ${new Date(status.pausedUntil).toLocaleTimeString()}` : ''}
  Sessions   ${status.sessions.length}
  Waiting    ${status.pendingApprovals} call(s) for approval${status.pendingApprovals ? ' (npx portcullis approvals)' : ''}`);
        if (status.sessions.length > 0) {
          console.log(
            `\n${table(
              ['client', 'program', 'server', 'transport', 'calls', 'since'],
              status.sessions.map((s) => [
                s.client,
                // What the client program called itself in initialize: its words, shown escaped.
                s.clientInfo && [s.clientInfo.name, s.clientInfo.version].filter(Boolean).join(' '),
                s.server,
                s.transport,
                s.calls,
                new Date(s.startedAt).toLocaleTimeString(),
              ]),
            )}`,
          );
        }
      } finally {
        access.close();
      }
    });
}
