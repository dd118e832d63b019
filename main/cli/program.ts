import { Command, Option } from 'commander';
import { ApiError } from '../../shared/api';
import { currentHost, resolveDataDir } from '../paths';
import { version } from '../version';
import { shown } from './output';
import { registerApprovalCommands } from './commands/approvals';
import { registerAuditCommands } from './commands/audit';
import { registerClientCommands } from './commands/clients';
import { registerPolicyCommands } from './commands/policy';
import { registerServeCommand } from './commands/serve';
import { registerStatusCommand } from './commands/status';
import { registerToolCommands } from './commands/tools';
import { registerTrustCommands } from './commands/trust';

/** What every command needs to know about how the CLI was started. */
export interface CliContext {
  /** Absolute path of out/main/cli.js: what rewritten configs and background gateways run. */
  cliPath: string;
  dataDir(): string;
}

/** A failure the person can act on: printed without a stack, with this exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export async function runCli(argv: string[], cliPath: string): Promise<void> {
  const program = new Command('portcullis')
    .version(version)
    .description('A local policy gateway for the MCP servers your AI clients use.')
    .addOption(
      new Option('--data-dir <dir>', 'data folder (default: PORTCULLIS_HOME or the OS app-data folder)').env(
        'PORTCULLIS_HOME',
      ),
    )
    .showHelpAfterError();

  const context: CliContext = {
    cliPath,
    dataDir: () => resolveDataDir(currentHost(), program.opts<{ dataDir?: string }>().dataDir),
  };

  registerServeCommand(program, context);
  registerStatusCommand(program, context);
  registerClientCommands(program, context);
  registerPolicyCommands(program, context);
  registerAuditCommands(program, context);
  registerToolCommands(program, context);
  registerTrustCommands(program, context);
  registerApprovalCommands(program, context);

  // The shim is handled before commander loads (see index.ts); listed here for --help.
  program
    .command('shim')
    .description('stdio bridge that rewritten client configs run (not for direct use)')
    .requiredOption('--client <id>')
    .requiredOption('--server <name>');

  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = report(error);
  }
}

function report(error: unknown): number {
  if (error instanceof CliError) {
    console.error(shown`portcullis: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof ApiError) {
    console.error(shown`portcullis: ${error.message}`);
    if (Array.isArray(error.details)) {
      for (const issue of error.details as { pointer?: string; message?: string }[]) {
        console.error(shown`  ${issue.pointer || '(document)'}: ${issue.message}`);
      }
    }
    return 1;
  }
  console.error(shown`portcullis: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
}
