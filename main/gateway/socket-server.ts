import { createHash, timingSafeEqual } from 'node:crypto';
import { chmodSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { describeZodError } from '../api/dispatch';
import { SessionRefused, shimHelloSchema, type Gateway } from './gateway';
import { LineReader } from './line-reader';
import type { Session } from './session';
import { MAX_HELLO_BYTES, MAX_MESSAGE_BYTES, type GatewayAnswer } from './shim-protocol';

export const HELLO_TIMEOUT_MS = 5000;
/** Connections that have not said hello yet, at most: each may hold a hello-sized buffer. */
export const MAX_UNGREETED = 64;
/** How long a refused peer has to read the refusal before its socket is destroyed. */
const LINGER_MS = 1000;

export interface ShimServerOptions {
  log: (line: string) => void;
  helloTimeoutMs?: number;
}

/**
 * The local socket shims connect to (a Unix socket readable by this user only, or a named pipe).
 * Every connection must open with a hello carrying the data folder's token, within the hello
 * timeout; until then it gets only a small buffer, and only MAX_UNGREETED such connections are kept.
 */
export function createShimServer(gateway: Gateway, token: string, options: ShimServerOptions): Server {
  let ungreeted = 0;
  return createServer((socket) => {
    if (ungreeted >= MAX_UNGREETED) {
      options.log(`[portcullis] refused a connection: ${MAX_UNGREETED} connections have not said hello yet`);
      socket.destroy();
      return;
    }
    ungreeted++;
    let counted = true;
    const greeted = () => {
      if (counted) ungreeted--;
      counted = false;
    };
    handleConnection(socket, gateway, token, options, greeted);
  });
}

export function listenShimServer(server: Server, path: string): Promise<void> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(path, () => {
      server.off('error', fail);
      if (process.platform !== 'win32') chmodSync(path, 0o600);
      done();
    });
  });
}

function handleConnection(
  socket: Socket,
  gateway: Gateway,
  token: string,
  options: ShimServerOptions,
  greeted: () => void,
): void {
  const { log } = options;
  let session: Session | undefined;
  const answer = (a: GatewayAnswer) => socket.write(`${JSON.stringify(a)}\n`);
  const refuse = (message: string) => {
    greeted();
    answer({ type: 'refused', message });
    socket.end();
    // A peer that never reads or hangs up must not keep the socket open.
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };
  const helloTimer = setTimeout(
    () => refuse('No hello received in time.'),
    options.helloTimeoutMs ?? HELLO_TIMEOUT_MS,
  );

  const reader = new LineReader(
    (line, framed) => {
      if (session) return session.fromClient(line, framed);
      if (socket.destroyed || socket.writableEnded) return;
      clearTimeout(helloTimer);
      session = greet(line);
      if (session) reader.maxLineBytes = MAX_MESSAGE_BYTES;
    },
    (bytes, head) => {
      if (!session) return refuse('The hello was too large.');
      session.oversized(bytes, head);
      log(`[portcullis] dropped a ${bytes}-byte message from a client: larger than the limit`);
    },
    // Until the hello is read, keep the limit small: an unauthenticated peer gets no large buffers.
    MAX_HELLO_BYTES,
  );

  const greet = (line: string): Session | undefined => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      refuse('The first message must be a Portcullis hello.');
      return undefined;
    }
    const hello = shimHelloSchema.safeParse(value);
    if (!hello.success) {
      refuse(`Invalid hello: ${describeZodError(hello.error)}`);
      return undefined;
    }
    if (!sameSecret(hello.data.token, token)) {
      refuse('The gateway refused the token. The shim and the gateway must use the same data folder.');
      return undefined;
    }
    try {
      const opened = gateway.open(hello.data, {
        send: (out, framed) => (socket.destroyed ? true : socket.write(framed ?? `${out}\n`)),
        close: () => socket.end(),
        buffered: () => socket.writableLength,
        pauseReading: () => socket.pause(),
        resumeReading: () => socket.resume(),
      });
      greeted();
      answer({ type: 'welcome', session: opened.id });
      return opened;
    } catch (error) {
      if (error instanceof SessionRefused) refuse(error.message);
      else
        refuse(
          `The gateway could not open the session: ${error instanceof Error ? error.message : String(error)}`,
        );
      return undefined;
    }
  };

  socket.on('data', (chunk: Buffer) => {
    try {
      reader.push(chunk);
    } catch (error) {
      // A fault in handling one client's message ends that client's session, never the gateway.
      const why = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`[portcullis] internal error while reading from a client: ${why}`);
      if (session)
        session.abort(`an internal error: ${error instanceof Error ? error.message : String(error)}`);
      socket.destroy();
    }
  });
  socket.on('drain', () => session?.clientDrained());
  socket.on('error', () => undefined);
  socket.on('close', () => {
    clearTimeout(helloTimer);
    greeted();
    if (session) gateway.closed(session);
  });
}

/** Constant-time comparison that does not leak the secret's length. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
