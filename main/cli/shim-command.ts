import { parseArgs } from 'node:util';
import { currentHost, dataPaths, resolveDataDir } from '../paths';
import type { GatewayLauncher } from '../shim/connect';
import { runShim } from '../shim/shim';
import { visibleText } from '../../shared/visible-text';

const DEFAULT_START_TIMEOUT_MS = 10_000;

/** `portcullis shim --client ID --server NAME [--data-dir DIR] [--no-autostart]`, from the Node CLI. */
export function shimCommand(argv: string[], cliPath: string): Promise<number> {
  return runShimCommand(argv, (dataDir) => ({
    command: process.execPath,
    args: [cliPath, 'serve', '--background', '--data-dir', dataDir],
  }));
}

/**
 * The shim, whoever runs it: the Node CLI, or the desktop app's executable in shim mode. The
 * caller says how to start a gateway for a data folder when none is running.
 */
export async function runShimCommand(
  argv: string[],
  gatewayLauncher: (dataDir: string) => GatewayLauncher,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        client: { type: 'string' },
        server: { type: 'string' },
        'data-dir': { type: 'string' },
        'no-autostart': { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    // The options come from a client's config file: shown escaped, like any text we did not write.
    process.stderr.write(`portcullis shim: ${visibleText((error as Error).message)}\n`);
    return 2;
  }
  if (!values.client || !values.server) {
    process.stderr.write('portcullis shim: --client and --server are required.\n');
    return 2;
  }
  const dataDir = resolveDataDir(currentHost(), values['data-dir']);
  const timeout = Number(process.env.PORTCULLIS_SHIM_START_TIMEOUT_MS) || DEFAULT_START_TIMEOUT_MS;
  return runShim({
    client: values.client,
    server: values.server,
    paths: dataPaths(dataDir),
    launcher: values['no-autostart'] ? undefined : gatewayLauncher(dataDir),
    startTimeoutMs: timeout,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
}
