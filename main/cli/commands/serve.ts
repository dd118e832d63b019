import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { shimArgs } from '../../clients';
import { AlreadyRunningError } from '../../instance-lock';
import { dataPaths } from '../../paths';
import { readRuntimeInfo } from '../../runtime-file';
import { startRuntime } from '../../runtime';
import { openSettings } from '../../store/settings';
import { version } from '../../version';
import { CliError, type CliContext } from '../program';
import { EXIT_ALREADY_RUNNING } from '../../shim/connect';

interface ServeOptions {
  port?: string;
  open: boolean;
  background?: boolean;
}

export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('run the gateway and the dashboard headless, on 127.0.0.1')
    .option('--port <n>', 'dashboard port (default: the dashboardPort setting, 7345)')
    .option('--no-open', 'do not open the dashboard in a browser')
    .option('--background', 'started by a shim: quiet, no browser, exit 0 if a gateway is already running')
    .action(async (options: ServeOptions) => serve(context, options));
}

async function serve(context: CliContext, options: ServeOptions): Promise<void> {
  const dataDir = context.dataDir();
  const port = options.port === undefined ? undefined : parsePort(options.port);
  let runtime;
  try {
    runtime = await startRuntime({
      dataDir,
      rendererDir: join(dirname(context.cliPath), '..', 'renderer'),
      mode: 'headless',
      shim: {
        command: process.execPath,
        args: (client, server) => [context.cliPath, ...shimArgs(client, server, dataDir)],
      },
      ...(port === undefined ? {} : { port }),
      log: (line) => console.error(line),
    });
  } catch (error) {
    if (error instanceof AlreadyRunningError) {
      const info = readRuntimeInfo(dataPaths(dataDir).runtime);
      if (options.background) {
        process.exitCode = EXIT_ALREADY_RUNNING;
        return;
      }
      throw new CliError(`${error.message}${info ? ` Dashboard: ${info.dashboardUrl}` : ''}`);
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CliError(`Port ${port} is in use. Pick another with --port, or --port 0 for any free port.`);
    }
    throw error;
  }

  const stop = async () => {
    await runtime.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  if (options.background) {
    console.log(
      `${new Date().toISOString()} Portcullis ${version} gateway started (pid ${process.pid}) at ${runtime.dashboardUrl}`,
    );
    return;
  }
  console.log(`Portcullis ${version}: the gateway is running.

  Dashboard  ${runtime.loginUrl}
  Data       ${runtime.dataDir}
  Socket     ${runtime.socketPath}

Keep the dashboard link private: it logs you in. Press Ctrl+C to stop.`);
  if (options.open && openSettings(dataDir).get().openDashboardOnServe && process.stdout.isTTY) {
    openInBrowser(runtime.loginUrl);
  }
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port: "${value}" is not a port number.`);
  return port;
}

function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}
