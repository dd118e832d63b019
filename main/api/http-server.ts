import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiError, type ApiEnvelope } from '../../shared/api';
import type { GatewayEvent } from '../../shared/events';
import { sameSecret } from '../gateway/socket-server';
import type { Caller, Dispatch } from './dispatch';

export interface HttpBridgeOptions {
  dispatch: Dispatch;
  onEvent(listener: (event: GatewayEvent) => void): () => void;
  token: string;
  /** The built dashboard (out/renderer). */
  rendererDir: string;
  port: number;
  /** When the port is taken, take a free one instead of failing. */
  fallbackToFreePort?: boolean;
  /**
   * Streamed downloads, `GET /api/export/<name>?…`, behind the same login as the API. The function
   * validates the query (throwing an ApiError) before anything is sent.
   */
  exports?: Record<string, (params: URLSearchParams) => Download>;
}

export interface Download {
  filename: string;
  contentType: string;
  body: AsyncIterable<string>;
}

export interface HttpBridge {
  port: number;
  /** http://127.0.0.1:PORT/ */
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;
const EXPORT_PREFIX = '/api/export/';
/** Stop sending live events to a browser that has this much unread. */
const MAX_WS_BACKLOG = 4 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * The control API over HTTP + WebSocket, and the dashboard, on 127.0.0.1 only. Every request must
 * name our own Host (against DNS rebinding); a request that carries an Origin must come from our own
 * pages; every API call and event stream needs the token (Bearer header, or the cookie the login
 * link sets).
 */
export async function startHttpBridge(options: HttpBridgeOptions): Promise<HttpBridge> {
  let port = 0;
  const hosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const cookieName = () => `portcullis_${port}`;
  const cookieValue = createHmac('sha256', options.token)
    .update('portcullis dashboard session')
    .digest('base64url');

  const trusted = (req: IncomingMessage): string | undefined => {
    if (!hosts().has(req.headers.host ?? '')) return 'Host not allowed';
    const origin = req.headers.origin;
    if (origin !== undefined && !origins().has(origin)) return 'Origin not allowed';
    return undefined;
  };

  /** The caller, when the request carries the token: the CLI sends it as a header, browsers as the cookie. */
  const authenticated = (req: IncomingMessage): Caller | undefined => {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer '))
      return sameSecret(auth.slice(7), options.token) ? { via: 'cli' } : undefined;
    const cookie = readCookie(req.headers.cookie, cookieName());
    return cookie !== undefined && sameSecret(cookie, cookieValue) ? { via: 'dashboard' } : undefined;
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `Internal error: ${String(error)}`);
      else res.destroy();
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const refusal = trusted(req);
    if (refusal) return send(res, 403, 'text/plain; charset=utf-8', `${refusal}.`);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    if (url.pathname.startsWith(EXPORT_PREFIX)) {
      if (req.method !== 'GET')
        return send(res, 405, 'text/plain; charset=utf-8', 'Use GET.', { Allow: 'GET' });
      if (!authenticated(req)) return envelope(res, 401, unauthorized);
      const name = decodeURIComponent(url.pathname.slice(EXPORT_PREFIX.length));
      const start = Object.hasOwn(options.exports ?? {}, name) ? options.exports![name] : undefined;
      if (!start)
        return envelope(res, 404, {
          ok: false,
          error: { code: 'not_found', message: `No export "${name}".` },
        });
      let download: Download;
      try {
        download = start(url.searchParams);
      } catch (error) {
        if (error instanceof ApiError)
          return envelope(res, 400, { ok: false, error: { code: error.code, message: error.message } });
        throw error;
      }
      return streamDownload(res, download);
    }

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST')
        return send(res, 405, 'text/plain; charset=utf-8', 'Use POST.', { Allow: 'POST' });
      const caller = authenticated(req);
      if (!caller) return envelope(res, 401, unauthorized);
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return envelope(res, 415, failure('invalid_argument', 'Send the arguments as application/json.'));
      }
      const body = await readBody(req);
      if (body === undefined)
        return envelope(res, 413, failure('invalid_argument', 'Request body too large.'));
      let args: unknown;
      try {
        args = body.length === 0 ? {} : JSON.parse(body);
      } catch {
        return envelope(res, 400, failure('invalid_argument', 'The request body is not valid JSON.'));
      }
      const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
      return envelope(res, 200, await options.dispatch(channel, args, caller));
    }

    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed.');

    const token = url.searchParams.get('token');
    if (token !== null) {
      if (!sameSecret(token, options.token)) {
        return send(
          res,
          401,
          'text/plain; charset=utf-8',
          'This login link is not valid for this Portcullis. Run `npx portcullis status` for the current one.',
        );
      }
      url.searchParams.delete('token');
      // The cookie carries a value derived from the token, not the token itself; the redirect takes
      // the token out of the address bar and the history.
      res.writeHead(303, {
        Location: `${url.pathname}${url.search}`,
        'Set-Cookie': `${cookieName()}=${cookieValue}; HttpOnly; SameSite=Strict; Path=/`,
        'Cache-Control': 'no-store',
      });
      return res.end();
    }
    return serveStatic(res, options.rendererDir, url.pathname, port);
  };

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const refusal =
      trusted(req) ??
      (url.pathname !== '/api/events' ? 'Not found' : undefined) ??
      (authenticated(req) ? undefined : 'Unauthorized');
    if (refusal) {
      socket.end(
        `HTTP/1.1 ${refusal === 'Unauthorized' ? '401' : refusal === 'Not found' ? '404' : '403'} ${refusal}\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => streamEvents(ws, options.onEvent));
  });

  port = await listen(server, options.port, options.fallbackToFreePort ?? false);
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** Write a download as it is produced, waiting while the browser is not reading; stop if it hangs up. */
async function streamDownload(res: ServerResponse, download: Download): Promise<void> {
  res.writeHead(200, {
    'Content-Type': download.contentType,
    'Content-Disposition': `attachment; filename="${download.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  let gone = false;
  res.on('close', () => (gone = true));
  try {
    for await (const chunk of download.body) {
      if (gone) break;
      if (!res.write(chunk)) await new Promise<void>((done) => res.once('drain', done).once('close', done));
    }
  } catch (error) {
    // The status line is sent: the only honest signal left is a connection cut short.
    res.destroy(error instanceof Error ? error : new Error(String(error)));
    return;
  }
  res.end();
}

function streamEvents(ws: WebSocket, onEvent: HttpBridgeOptions['onEvent']): void {
  const off = onEvent((event) => {
    if (ws.readyState === ws.OPEN && ws.bufferedAmount < MAX_WS_BACKLOG) ws.send(JSON.stringify(event));
  });
  ws.on('close', off);
  ws.on('error', off);
}

async function listen(server: Server, port: number, fallback: boolean): Promise<number> {
  const attempt = (p: number) =>
    new Promise<number>((done, fail) => {
      server.once('error', fail);
      server.listen(p, '127.0.0.1', () => {
        server.off('error', fail);
        done((server.address() as AddressInfo).port);
      });
    });
  try {
    return await attempt(port);
  } catch (error) {
    if (fallback && (error as NodeJS.ErrnoException).code === 'EADDRINUSE') return attempt(0);
    throw error;
  }
}

async function serveStatic(res: ServerResponse, root: string, pathname: string, port: number): Promise<void> {
  if (!existsSync(join(root, 'index.html'))) {
    return send(res, 503, 'text/plain; charset=utf-8', 'The dashboard is not built. Run `npm run build`.');
  }
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  let file = join(root, relative);
  if (!file.startsWith(root + sep) && file !== root)
    return send(res, 404, 'text/plain; charset=utf-8', 'Not found.');
  const isFile = await stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  // Anything that is not a built asset is a page of the single-page app.
  if (!isFile) file = join(root, 'index.html');
  const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
  const headers: Record<string, string> = {};
  if (type.startsWith('text/html')) {
    headers['Content-Security-Policy'] = [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'self'",
    ].join('; ');
  }
  send(res, 200, type, await readFile(file), headers);
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'no-cache',
    ...extra,
  });
  res.end(body);
}

function envelope(res: ServerResponse, status: number, body: ApiEnvelope<unknown>): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body), { 'Cache-Control': 'no-store' });
}

const unauthorized = failure(
  'unauthorized',
  'Not logged in: open the login link that `portcullis serve` printed.',
);

function failure(code: 'unauthorized' | 'invalid_argument', message: string): ApiEnvelope<never> {
  return { ok: false, error: { code, message } };
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit, keep draining (so the answer can still be sent) but keep nothing.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => done(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
