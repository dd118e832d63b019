import { createHash, timingSafeEqual } from 'node:crypto';
import { chmodSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { describeZodError } from '../api/dispatch';
import { SessionRefused, shimHelloSchema, type Gateway } from './gateway';
import { LineReader } from './line-reader';
import type { Session } from './session';
import { MAX_HELLO_BYTES, MAX_MESSAGE_BYTES, type GatewayAnswer } from './shim-protocol';

const HELLO_TIMEOUT_MS = 5000;

/**
 * The local socket shims connect to (a Unix socket readable by this user only, or a named pipe).
 * Every connection must open with a hello carrying the data folder's token.
 */
export function createShimServer(gateway: Gateway, token: string, log: (line: string) => void): Server {
  return createServer((socket) => handleConnection(socket, gateway, token, log));
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
  log: (line: string) => void,
): void {
  let session: Session | undefined;
  const answer = (a: GatewayAnswer) => socket.write(`${JSON.stringify(a)}\n`);
  const refuse = (message: string) => {
    answer({ type: 'refused', message });
    socket.end();
  };
  const helloTimer = setTimeout(() => refuse('No hello received in time.'), HELLO_TIMEOUT_MS);

  const reader = new LineReader(
    (line, framed) => {
      if (session) return session.fromClient(line, framed);
      clearTimeout(helloTimer);
      session = greet(line);
      if (session) reader.maxLineBytes = MAX_MESSAGE_BYTES;
    },
    (bytes) => {
      if (!session) return refuse('The hello was too large.');
      session.oversized(bytes);
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
        send: (out, framed) => {
          if (!socket.destroyed) socket.write(framed ?? `${out}\n`);
        },
        close: () => socket.end(),
      });
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

  socket.on('data', (chunk: Buffer) => reader.push(chunk));
  socket.on('error', () => undefined);
  socket.on('close', () => {
    clearTimeout(helloTimer);
    if (session) gateway.closed(session);
  });
}

/** Constant-time comparison that does not leak the secret's length. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
