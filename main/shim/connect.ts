import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import type { DataPaths } from '../paths';

/** How to start a gateway in the background: the same program that runs this shim, with `serve`. */
export interface GatewayLauncher {
  command: string;
  args: string[];
}

/** Exit code of a background `serve` that found another gateway already running: not a failure. */
export const EXIT_ALREADY_RUNNING = 0;

export function connectSocket(path: string): Promise<Socket> {
  return new Promise((done, fail) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.off('error', fail);
      done(socket);
    });
    socket.once('error', fail);
  });
}

/**
 * Connect to the gateway; when none answers, start one in the background and wait for it, at most
 * `timeoutMs`. Throws with the reason (and the gateway log's last lines) when there is still none.
 */
export async function connectOrStart(
  paths: DataPaths,
  launcher: GatewayLauncher | undefined,
  timeoutMs: number,
): Promise<Socket> {
  try {
    return await connectSocket(paths.socket);
  } catch (error) {
    if (!launcher) throw new Error(`no gateway is listening (${(error as Error).message})`);
  }

  mkdirSync(paths.logs, { recursive: true, mode: 0o700 });
  const logFile = join(paths.logs, 'gateway.log');
  const log = openSync(logFile, 'a', 0o600);
  const child = spawn(launcher.command, launcher.args, {
    detached: true,
    stdio: ['ignore', log, log],
    windowsHide: true,
  });
  closeSync(log);
  let failure: string | undefined;
  child.once('error', (error) => (failure = `could not run ${launcher.command}: ${error.message}`));
  child.once('exit', (code, signal) => {
    if (code !== EXIT_ALREADY_RUNNING)
      failure = `the gateway exited with ${signal ?? `code ${code}`}${tail(logFile)}`;
  });
  child.unref();

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await connectSocket(paths.socket);
    } catch {
      if (failure) throw new Error(failure);
      if (Date.now() > deadline)
        throw new Error(`the gateway did not start within ${timeoutMs / 1000} s${tail(logFile)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function tail(file: string): string {
  try {
    const lines = readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' | ');
    return lines ? `: ${lines.slice(-600)}` : '';
  } catch {
    return '';
  }
}
