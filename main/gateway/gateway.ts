import { mkdir } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { AuditEntry } from '../../shared/audit';
import type { GatewayEvent, LiveCall } from '../../shared/events';
import type { ServerInfo, SessionInfo, UpstreamTransport } from '../../shared/servers';
import { serverPlace } from '../policy/place';
import type { PolicyService } from '../policy/policy-service';
import { serverIdentity } from '../clients/server-identity';
import type { Store } from '../store';
import { redactText } from '../redact';
import { loadsOtherCode } from '../trust/server-warnings';
import { SessionTrust } from '../trust/session-trust';
import type { TrustService } from '../trust/trust-service';
import { EventBus } from './event-bus';
import { resolveCommand, type ResolveOptions } from './resolve-command';
import { ServerLog } from './server-log';
import { Session, type Downstream, type SessionDeps } from './session';
import type { TrustHold, WaitingClient } from './session-types';
import { SHIM_PROTOCOL_VERSION, type ShimHello } from './shim-protocol';
import type { Upstream, UpstreamHandlers } from './upstream';
import { startHttpUpstream } from './upstream-http';
import { startStdioUpstream, type SpawnFn } from './upstream-stdio';

export const shimHelloSchema = z.strictObject({
  type: z.literal('hello'),
  version: z.number().int(),
  token: z.string(),
  client: z.string().min(1).max(200),
  server: z.string().min(1).max(500),
  env: z.record(z.string(), z.string()),
  cwd: z.string(),
  pid: z.number().int(),
});

export interface GatewayOptions {
  store: Store;
  policy: PolicyService;
  /** Where each server's stderr is kept (`<logs>/servers/<client>--<server>.log`). */
  logsDir: string;
  spawn?: SpawnFn;
  loginShellPath?: ResolveOptions['loginShellPath'];
  now?: () => number;
  /** Where sessions, calls and policy changes are announced (the UI listens here). */
  events?: EventBus<GatewayEvent>;
  /** Asks the person about calls the policy sends for approval; without it they are refused. */
  requestApproval?: SessionDeps['requestApproval'];
  /** How long a forwarded tool call may wait for its server (read for each call). */
  callTimeoutMs?: () => number;
  /** How long a call to a tool whose definition waits for review waits for it (without: refused at once). */
  reviewDeadlineMs?: () => number;
  onSessionEnded?(sessionId: string): void;
  /** A call's row, as queued for the audit log (the OpenTelemetry exporter listens here). */
  onCallRecorded?(entry: AuditEntry, via: CallTransport): void;
  /** The gateway's own log: faults that end one session but not the gateway. */
  log?: (line: string) => void;
  /** Server acceptance and tool pins (main/trust); without it, every registered server runs as is. */
  trust?: TrustService;
}

/** How a recorded call reached its server. */
export interface CallTransport {
  transport: UpstreamTransport;
  protocolVersion?: string;
}

const RECENT_CALLS = 500;
const STDERR_TAIL = 16 * 1024;

export class SessionRefused extends Error {}

/**
 * Sessions, the upstreams they run, and the live view of calls. The gateway only ever starts what
 * is registered for the (client, server) a shim names: nothing in a hello can add a command.
 */
export class Gateway {
  readonly events: EventBus<GatewayEvent>;
  private sessions = new Map<string, Session>();
  /** The newest calls by id, oldest first (a Map keeps insertion order and updates in place). */
  private recent = new Map<string, LiveCall>();
  private stderrTails = new Map<string, string>();
  /** One log per (client, server), shared by its sessions. */
  private serverLogs = new Map<string, ServerLog>();
  private readonly now: () => number;

  constructor(private readonly options: GatewayOptions) {
    this.now = options.now ?? Date.now;
    this.events = options.events ?? new EventBus<GatewayEvent>();
    options.policy.onChange((revision) => {
      for (const session of this.sessions.values()) session.policyChanged();
      this.events.emit({ type: 'policy', revision });
    });
    // An accepted or rejected definition changes which tools a client may be shown.
    options.trust?.onChange(() => {
      for (const session of this.sessions.values()) session.policyChanged();
    });
  }

  /** Open a session for a shim's hello (token already checked). Throws SessionRefused with a message for the client. */
  open(hello: ShimHello, downstream: Downstream): Session {
    if (hello.version !== SHIM_PROTOCOL_VERSION) {
      throw new SessionRefused(
        `This shim speaks protocol ${hello.version}, the gateway ${SHIM_PROTOCOL_VERSION}. Restart Portcullis after updating it.`,
      );
    }
    const server = this.options.store.servers.get(hello.client, hello.server);
    if (!server) {
      throw new SessionRefused(
        `Portcullis has no registered server "${hello.server}" for client "${hello.client}". ` +
          `Run \`npx portcullis connect ${hello.client}\` to register the client's servers.`,
      );
    }
    const { policy, store, reviewDeadlineMs } = this.options;
    const held = this.options.trust?.checkServer(server);
    if (held) throw new SessionRefused(held.reason);
    const tailKey = `${hello.client}--${hello.server}`;
    const serverLog = this.serverLog(tailKey);
    const place = serverPlace(server, hello);
    // One server however many clients use it: its name is the same for every client, and the
    // other keys it has are scopes too (main/clients/server-identity.ts).
    const identity = serverIdentity(store.servers.list(), hello.client, hello.server);
    const name = identity?.name ?? hello.server;
    const aliases = identity?.names.filter((other) => other !== name) ?? [];
    const trust = this.options.trust && new SessionTrust(this.options.trust, hello.client, name);
    const session: Session = new Session(hello.client, name, server.transport, downstream, {
      // Path conditions resolve against where the server runs and the roots its client declared;
      // the policy's `flagged` rules see what the trust checks found in the tool.
      decide: (call) =>
        policy.decide({
          ...call,
          serverAliases: aliases,
          place: { ...place, roots: session.roots() },
          flags: trust?.flags(call.tool),
        }),
      isHidden: (tool) =>
        policy.isHidden(hello.client, name, tool, { flags: trust?.flags(tool), aliases }) ||
        (trust?.hidden(tool) ?? false),
      onToolsListed: (tools, firstPage) => {
        store.tools.recordListing(hello.client, name, tools);
        trust?.listed(tools, firstPage);
        this.events.emit({ type: 'tools', server: name });
      },
      ...(trust ? { held: (tool: string) => trust.hold(tool) } : {}),
      ...(trust
        ? {
            heldRefused: (tool: string, hold: TrustHold) => trust.refused(tool, hold),
            ...(reviewDeadlineMs
              ? {
                  awaitReview: (tool: string, inform: WaitingClient) =>
                    trust.review(tool, reviewDeadlineMs(), inform),
                }
              : {}),
          }
        : {}),
      ...(this.options.requestApproval ? { requestApproval: this.options.requestApproval } : {}),
      ...(this.options.callTimeoutMs ? { callTimeoutMs: this.options.callTimeoutMs } : {}),
      audit: (entry) => {
        store.audit.append(entry);
        const { protocolVersion } = session.info();
        this.options.onCallRecorded?.(entry, {
          transport: server.transport,
          ...(protocolVersion ? { protocolVersion } : {}),
        });
      },
      begin: (entry) => store.audit.begin(entry),
      onCall: (call) => this.recordCall(call),
      now: this.now,
      clock: () => performance.now(),
      log: (line) => serverLog.write(`${line}\n`),
    });
    this.sessions.set(session.id, session);
    this.events.emit({ type: 'session', state: 'opened', session: session.info() });
    void this.startUpstream(session, server, hello);
    return session;
  }

  /** The session's client went away. */
  closed(session: Session): void {
    session.close();
    if (session.ending)
      this.options.log?.(`[portcullis] ${session.client}/${session.server}: ${session.ending}`);
    this.options.onSessionEnded?.(session.id);
    if (this.sessions.delete(session.id)) {
      this.events.emit({ type: 'session', state: 'closed', session: session.info() });
    }
  }

  session(id: string): SessionInfo | undefined {
    return this.sessions.get(id)?.info();
  }

  sessionList(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => s.info());
  }

  recentCalls(limit: number): LiveCall[] {
    return [...this.recent.values()].slice(-limit).reverse();
  }

  /**
   * A server's recent diagnostic output, secrets redacted, for showing to people (its log file
   * keeps what the server wrote, as a client's own server logs do).
   */
  stderrTail(client: string, server: string): string {
    return redactText(this.stderrTails.get(`${client}--${server}`) ?? '');
  }

  async stop(): Promise<void> {
    for (const session of [...this.sessions.values()]) {
      // The server may still run what it was sent: how those calls end is not known.
      session.close('Portcullis is shutting down', 'unknown');
      this.closed(session);
    }
    for (const log of this.serverLogs.values()) log.close();
  }

  private recordCall(call: LiveCall): void {
    this.recent.set(call.id, call);
    if (this.recent.size > RECENT_CALLS) this.recent.delete(this.recent.keys().next().value!);
    this.events.emit({ type: 'call', call });
  }

  private serverLog(tailKey: string): ServerLog {
    let log = this.serverLogs.get(tailKey);
    if (!log) {
      log = new ServerLog(join(this.options.logsDir, 'servers', `${safeName(tailKey)}.log`));
      this.serverLogs.set(tailKey, log);
    }
    return log;
  }

  private async startUpstream(session: Session, server: ServerInfo, hello: ShimHello): Promise<void> {
    const tailKey = `${hello.client}--${hello.server}`;
    const serverLog = this.serverLog(tailKey);
    // What a server sends is handled in its session; a fault there ends that session, not the gateway.
    const guarded =
      <A extends unknown[]>(run: (...args: A) => void) =>
      (...args: A) => {
        try {
          run(...args);
        } catch (error) {
          const why = error instanceof Error ? error.message : String(error);
          this.options.log?.(
            `[portcullis] internal error in ${tailKey}: ${error instanceof Error ? error.stack : why}`,
          );
          session.abort(`an internal error: ${why}`);
          this.closed(session);
        }
      };
    const handlers: UpstreamHandlers = {
      onLine: guarded((line: string, framed?: Buffer) => {
        if (!session.fromServer(line, framed)) {
          handlers.onStderr(`[portcullis] dropped output that is not JSON-RPC: ${line.slice(0, 200)}\n`);
        }
      }),
      onOversize: guarded((bytes: number, head: string) => session.serverOversized(bytes, head)),
      onDrain: () => session.serverDrained(),
      onClose: (problem) => {
        const ended = session.upstreamClosed(problem ? `${problem}${this.lastWords(tailKey)}` : undefined);
        if (ended) this.closed(session);
      },
      onStderr: (text) => {
        const tail = (this.stderrTails.get(tailKey) ?? '') + text.slice(-STDERR_TAIL);
        this.stderrTails.set(tailKey, tail.length > STDERR_TAIL ? tail.slice(-STDERR_TAIL) : tail);
        serverLog.write(text);
      },
    };
    try {
      await mkdir(join(this.options.logsDir, 'servers'), { recursive: true, mode: 0o700 });
      session.attach(await this.connectUpstream(server, hello, handlers));
    } catch (error) {
      handlers.onClose(`could not be started: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async connectUpstream(
    server: ServerInfo,
    hello: ShimHello,
    handlers: UpstreamHandlers,
  ): Promise<Upstream> {
    if (server.transport === 'stdio') {
      if (!server.command) throw new Error('its registration has no command');
      const cwd = server.cwd ?? hello.cwd;
      // The command is found with the PATH recorded when the person connected the client, never
      // with one a shim brings: the gateway runs what the person saw.
      const searchPath = server.searchPath ?? (await this.fallbackSearchPath());
      const log = this.serverLog(`${hello.client}--${hello.server}`);
      const env = withPath(withoutUnseenLoaders(hello.env, server.envKeys, log), searchPath);
      const resolved = await resolveCommand(server.command, env, { cwd });
      if (!resolved.path) {
        throw new Error(
          `command "${server.command}" was not found in the PATH recorded when ${hello.client} was connected ` +
            `(searched: ${resolved.searched.join(', ') || 'an empty PATH'}); connect ${hello.client} again`,
        );
      }
      return startStdioUpstream(
        {
          command: resolved.path,
          args: server.args,
          env: resolved.env,
          cwd,
          ...(this.options.spawn ? { spawn: this.options.spawn } : {}),
        },
        handlers,
      );
    }
    if (!server.url) throw new Error('its registration has no URL');
    return startHttpUpstream(
      { url: server.url, transport: server.transport, headers: remoteHeaders(hello.env) },
      handlers,
    );
  }

  /** For servers registered before their PATH was recorded: the gateway's own and the login shell's. */
  private async fallbackSearchPath(): Promise<string> {
    const login = await this.options.loginShellPath?.();
    return [process.env.PATH, login].filter(Boolean).join(delimiter);
  }

  /**
   * What a server said last, for the error its clients and the audit log get. Redacted as a whole
   * before it is cut, so a secret spread over several lines (a private key) is still recognised.
   */
  private lastWords(tailKey: string): string {
    const tail = redactText(this.stderrTails.get(tailKey) ?? '')
      .trim()
      .split('\n')
      .slice(-3)
      .join(' | ');
    return tail ? ` (last output: ${tail.slice(-500)})` : '';
  }
}

/** Headers for a remote server travel in the client's config, in the shim entry's env. */
function remoteHeaders(env: Record<string, string>): Record<string, string> {
  const raw = env.PORTCULLIS_REMOTE_HEADERS;
  if (!raw) return {};
  const parsed = z.record(z.string(), z.string()).safeParse(JSON.parse(raw));
  if (!parsed.success)
    throw new Error('PORTCULLIS_REMOTE_HEADERS in the client config is not an object of strings');
  return parsed.data;
}

/**
 * The client's environment without the variables that make a program load other code (NODE_OPTIONS,
 * LD_PRELOAD, PYTHONSTARTUP, …) unless the server's config entry set them when it was connected and
 * accepted: one added later to the entry's env, or inherited from somewhere else, would run code
 * the person never saw. What was left out is written to the server's log.
 */
function withoutUnseenLoaders(
  env: Record<string, string>,
  seen: readonly string[],
  log: ServerLog,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (loadsOtherCode(key) && !seen.includes(key)) {
      log.write(
        `[portcullis] did not pass ${key} to the server: it was not in its config entry when it was connected\n`,
      );
    } else out[key] = value;
  }
  return out;
}

/** The client's environment with PATH replaced (on Windows, whatever case its key is written in). */
function withPath(env: Record<string, string>, path: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  const windows = process.platform === 'win32';
  for (const [key, value] of Object.entries(env)) {
    if (windows ? key.toUpperCase() !== 'PATH' : key !== 'PATH') out[key] = value;
  }
  out[process.platform === 'win32' ? 'Path' : 'PATH'] = path;
  return out;
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}
