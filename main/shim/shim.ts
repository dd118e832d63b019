import type { Socket } from 'node:net';
import type { DataPaths } from '../paths';
import { readToken } from '../secrets';
import { SHIM_PROTOCOL_VERSION, type GatewayAnswer, type ShimHello } from '../gateway/shim-protocol';
import { connectOrStart, type GatewayLauncher } from './connect';
import { failClosed } from './fail-closed';
import { RequestTracker } from './request-tracker';

export interface ShimOptions {
  client: string;
  server: string;
  paths: DataPaths;
  /** How to start a gateway when none is running; undefined never starts one. */
  launcher: GatewayLauncher | undefined;
  startTimeoutMs: number;
  stdin: NodeJS.ReadableStream & { pause(): void; resume(): void };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * The stdio bridge a rewritten client config runs: client stdio ⇄ gateway socket. After a one-line
 * handshake it copies bytes as they are, reading copies of them only to know which requests are
 * still unanswered. Resolves with the exit code: 0 when the client hung up, 1 when the gateway did.
 */
export async function runShim(options: ShimOptions): Promise<number> {
  // Hold the client's first messages until the gateway is there to take them.
  options.stdin.pause();
  let socket: Socket;
  try {
    socket = await connectOrStart(options.paths, options.launcher, options.startTimeoutMs);
  } catch (error) {
    return refuseAll(
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
    return refuseAll(
      `Portcullis: ${(error as Error).message}`,
      options.stdin,
      options.stdout,
      options.stderr,
    );
  }
  if (answer.type !== 'welcome') {
    socket.destroy();
    return refuseAll(answer.message, options.stdin, options.stdout, options.stderr);
  }

  return bridge(socket, rest, options);
}

/**
 * Copy bytes both ways with backpressure, noting which requests are unanswered. If the gateway goes
 * away while the client is still there, every unanswered request gets an error naming Portcullis,
 * the reason goes to stderr, and the shim exits non-zero.
 */
function bridge(socket: Socket, rest: Buffer, options: ShimOptions): Promise<number> {
  const { stdin, stdout, stderr } = options;
  const tracker = new RequestTracker();
  let clientGone = false;

  const toClient = (chunk: Buffer) => {
    tracker.fromGateway.push(chunk);
    if (!stdout.write(chunk)) socket.pause();
  };
  if (rest.length > 0) toClient(rest);
  socket.on('data', toClient);
  stdout.on('drain', () => socket.resume());

  stdin.on('data', (chunk: Buffer) => {
    tracker.fromClient.push(chunk);
    if (!socket.write(chunk)) stdin.pause();
  });
  socket.on('drain', () => stdin.resume());
  stdin.on('end', () => {
    clientGone = true;
    socket.end();
  });
  stdin.resume();

  return new Promise<number>((done) => {
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (clientGone) return done(0);
      const message =
        `Portcullis: the gateway closed the connection to the server "${options.server}" ` +
        `(it stopped, or ended this session). Restart ${options.client} once Portcullis is running.`;
      for (const id of tracker.outstanding()) {
        stdout.write(`${JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32000, message } })}\n`);
      }
      stderr.write(`${message}\n`);
      stdin.pause();
      done(1);
    });
  });
}

/** No gateway will serve this client: answer every request with why, until the client hangs up. */
async function refuseAll(...args: Parameters<typeof failClosed>): Promise<number> {
  await failClosed(...args);
  return 0;
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
