import type { Socket } from 'node:net';
import type { DataPaths } from '../paths';
import { readToken } from '../secrets';
import { SHIM_PROTOCOL_VERSION, type GatewayAnswer, type ShimHello } from '../gateway/shim-protocol';
import { connectOrStart, type GatewayLauncher } from './connect';
import { failClosed } from './fail-closed';

export interface ShimOptions {
  client: string;
  server: string;
  paths: DataPaths;
  /** How to start a gateway when none is running; undefined never starts one. */
  launcher: GatewayLauncher | undefined;
  startTimeoutMs: number;
  stdin: NodeJS.ReadableStream & { pause(): void };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * The stdio bridge a rewritten client config runs: client stdio ⇄ gateway socket. After a one-line
 * handshake it only copies bytes, so it adds next to nothing to each message.
 */
export async function runShim(options: ShimOptions): Promise<void> {
  // Hold the client's first messages until the gateway is there to take them.
  options.stdin.pause();
  let socket: Socket;
  try {
    socket = await connectOrStart(options.paths, options.launcher, options.startTimeoutMs);
  } catch (error) {
    return failClosed(
      `Portcullis is not running and could not be started (${(error as Error).message}). ` +
        `Start it with \`npx portcullis serve\` or open the Portcullis app, then restart ${options.client}.`,
      options.stdin,
      options.stdout,
      options.stderr,
    );
  }

  let answer: GatewayAnswer;
  let rest: Buffer;
  try {
    const hello: ShimHello = {
      type: 'hello',
      version: SHIM_PROTOCOL_VERSION,
      token: readToken(options.paths.token),
      client: options.client,
      server: options.server,
      env: stringEnv(options.env),
      cwd: options.cwd,
      pid: process.pid,
    };
    socket.write(`${JSON.stringify(hello)}\n`);
    [answer, rest] = await readAnswer(socket);
  } catch (error) {
    socket.destroy();
    return failClosed(
      `Portcullis: ${(error as Error).message}`,
      options.stdin,
      options.stdout,
      options.stderr,
    );
  }
  if (answer.type !== 'welcome') {
    socket.destroy();
    return failClosed(answer.message, options.stdin, options.stdout, options.stderr);
  }

  if (rest.length > 0) options.stdout.write(rest);
  socket.pipe(options.stdout);
  options.stdin.pipe(socket);
  await new Promise<void>((done) => {
    socket.on('close', () => done());
    socket.on('error', () => done());
  });
}

function readAnswer(socket: Socket): Promise<[GatewayAnswer, Buffer]> {
  return new Promise((done, fail) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const nl = buffered.indexOf(10);
      if (nl === -1) return;
      cleanup();
      try {
        done([
          JSON.parse(buffered.subarray(0, nl).toString('utf8')) as GatewayAnswer,
          buffered.subarray(nl + 1),
        ]);
      } catch {
        fail(new Error('the gateway sent an unreadable answer'));
      }
    };
    const onEnd = () => {
      cleanup();
      fail(new Error('the gateway closed the connection during the handshake'));
    };
    const cleanup = () => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onEnd);
    };
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('error', onEnd);
  });
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}
