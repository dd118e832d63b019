import { adminEntry } from '../shared/audit';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayEvent } from '../shared/events';
import { createDispatch, type Dispatch } from './api/dispatch';
import { createHandlers } from './api/handlers';
import { startHttpBridge } from './api/http-server';
import { ApprovalBroker, systemClock } from './approvals/broker';
import { classificationOf } from './api/handlers/tools';
import { EventBus } from './gateway/event-bus';
import { Gateway } from './gateway/gateway';
import { loginShellPathProbe } from './gateway/resolve-command';
import { createShimServer, listenShimServer } from './gateway/socket-server';
import { tightenDataFolder } from './data-folder';
import { auditDownload } from './audit/download';
import { recoverAudit, scheduleRetention, STARTED, STOPPED } from './audit/lifecycle';
import { OtelExporter } from './audit/otel';
import { acquireInstanceLock } from './instance-lock';
import { type ShimCommand } from './clients';
import { policyNames } from './clients/server-identity';
import { watchClients } from './clients/watch/runtime-hook';
import { dataPaths } from './paths';
import { PolicyService } from './policy/policy-service';
import { removeRuntimeInfo, writeRuntimeInfo } from './runtime-file';
import { readOrCreateToken } from './secrets';
import { openStore } from './store';
import { openSettings, type SettingsStore } from './store/settings';
import { trustHost } from './api/handlers/trust';
import { TrustService } from './trust/trust-service';
import { version } from './version';

/** What `portcullis serve` and the Electron shell both start: gateway, store, control API, dashboard. */
export interface RuntimeOptions {
  dataDir: string;
  /** Dashboard/API port on 127.0.0.1; defaults to the settings' `dashboardPort`. 0 picks a free one. */
  port?: number;
  /** The built renderer (out/renderer) served to browsers. */
  rendererDir: string;
  mode?: 'desktop' | 'headless';
  /** electron-store in the desktop app; conf otherwise. */
  settings?: SettingsStore;
  /** How rewritten client configs start the shim; enables connecting clients through the API. */
  shim?: ShimCommand;
  log?: (line: string) => void;
}

export interface Runtime {
  dataDir: string;
  /** The control API, validated: what IPC, HTTP and in-process callers all go through. */
  dispatch: Dispatch;
  onEvent(listener: (event: GatewayEvent) => void): () => void;
  /** http://127.0.0.1:PORT/ */
  dashboardUrl: string;
  /** The dashboard address with the login token. */
  loginUrl: string;
  socketPath: string;
  stop(): Promise<void>;
}

/** How often the audit chain's head is checkpointed outside the database while calls stream in. */
const AUDIT_CHECKPOINT_EVERY_MS = 1000;

/** How often to look for changes other processes (CLI commands) made to the database. */
const EXTERNAL_CHANGES_MS = 1000;

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const log = options.log ?? (() => undefined);
  const paths = dataPaths(options.dataDir);
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  tightenDataFolder(paths.dir);
  const cleanups: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups.length = 0;
  };

  try {
    cleanups.push(acquireInstanceLock(join(paths.dir, 'gateway.lock')));
    const token = readOrCreateToken(paths.token);
    const events = new EventBus<GatewayEvent>();
    let announcedAuditId = 0;
    const announceAudit = (lastId: number) => {
      if (lastId <= announcedAuditId) return;
      announcedAuditId = lastId;
      events.emit({ type: 'audit', lastId });
    };
    const store = openStore(paths.database, {
      onAuditFlushed: (lastId) => announceAudit(lastId),
      auditCheckpointEveryMs: AUDIT_CHECKPOINT_EVERY_MS,
    });
    cleanups.push(() => store.close());
    // The lock is ours: calls left in flight by an earlier gateway are a crash's, and recorded now.
    const recovered = recoverAudit(store.audit);
    if (recovered > 0)
      log(`[portcullis] ${recovered} calls were at their servers when the last gateway stopped`);
    cleanups.push(() => store.audit.appendNow(adminEntry(STOPPED, `pid ${process.pid}`)));
    const settings = options.settings ?? openSettings(paths.dir);
    if (settings.problem) log(settings.problem);
    cleanups.push(
      scheduleRetention(
        store.audit,
        () => {
          const { auditRetentionDays, auditRetentionRows } = settings.get();
          return { days: auditRetentionDays, rows: auditRetentionRows };
        },
        log,
      ),
    );
    const otel = new OtelExporter({
      settings: () => {
        const { otlpEndpoint, otlpArguments } = settings.get();
        return { endpoint: otlpEndpoint, includeArguments: otlpArguments };
      },
      version,
      log,
    });
    // Spans still queued get a moment to leave; a collector that is away must not hold up quitting.
    cleanups.push(() =>
      Promise.race([otel.flush(), new Promise<void>((done) => setTimeout(done, 2000).unref())]),
    );
    const policy = new PolicyService(store);
    policy.useServerNames((client, server) => policyNames(store.servers.list(), client, server));
    // CLI commands write to the database directly when they run without the API (connect,
    // disconnect, or any command while no gateway answered): pick up their policy revisions and
    // tell the dashboard about their audit rows.
    const watcher = setInterval(() => {
      policy.refresh();
      announceAudit(store.audit.lastId());
      policy.flushCounters();
    }, EXTERNAL_CHANGES_MS);
    watcher.unref();
    cleanups.push(() => {
      clearInterval(watcher);
      policy.flushCounters();
    });

    const trust = new TrustService({
      store,
      holdNewTools: () => settings.get().holdNewTools,
      host: trustHost(),
      emit: (event) => events.emit(event),
    });

    // The gateway's hooks into the broker run only once a call arrives, after both exist.
    const loginShell = loginShellPathProbe();
    const gateway: Gateway = new Gateway({
      store,
      policy,
      trust,
      events,
      logsDir: paths.logs,
      loginShellPath: loginShell,
      callTimeoutMs: () => settings.get().callTimeoutSeconds * 1000,
      // A call to a tool whose definition changed waits for the review as long as for an approval.
      reviewDeadlineMs: () => settings.get().approvalTimeoutSeconds * 1000,
      log,
      onCallRecorded: (entry, via) => otel.record(entry, via),
      requestApproval: (request) => approvals.request(request),
      onSessionEnded: (sessionId) => approvals.sessionEnded(sessionId),
    });
    const approvals: ApprovalBroker = new ApprovalBroker({
      clock: systemClock,
      deadlineMs: () => settings.get().approvalTimeoutSeconds * 1000,
      classify: (server, tool) => classificationOf(store, server, tool),
      askedBy: (sessionId) => {
        const info = gateway.session(sessionId)?.clientInfo;
        return info && `${info.name}${info.version ? ` ${info.version}` : ''}`;
      },
      grants: (call, at) => policy.grantsFor(call, at),
      alwaysAllow: (approval, by) =>
        policy.allowAlways(approval, approval.requestedAt, approval.grants.always, by),
      onEvent: (event) => events.emit(event),
    });
    const live = gateway;
    // Protection resumes by itself when the pause runs out.
    let resumeTimer: NodeJS.Timeout | undefined;
    policy.onPauseChange((until) => {
      clearTimeout(resumeTimer);
      if (until !== null)
        resumeTimer = setTimeout(() => policy.resume(), Math.max(0, until - Date.now())).unref();
      events.emit({ type: 'protection', pausedUntil: until });
    });
    cleanups.push(() => clearTimeout(resumeTimer));

    // The instance lock is ours, so a socket file left here is a crashed gateway's: safe to remove.
    if (process.platform !== 'win32' && existsSync(paths.socket)) rmSync(paths.socket);
    const shimServer = createShimServer(live, token, { log });
    await listenShimServer(shimServer, paths.socket);
    cleanups.push(async () => {
      // Ending the sessions ends their sockets; close() then only waits for shims to hang up.
      await live.stop();
      await new Promise<void>((done) => {
        const timer = setTimeout(done, 1000);
        shimServer.close(() => (clearTimeout(timer), done()));
      });
    });

    const watched = options.shim
      ? await watchClients({
          shim: options.shim,
          backupsDir: paths.backups,
          store,
          settings,
          loginShell,
          emit: (event) => events.emit(event),
          log,
        })
      : undefined;
    if (watched) cleanups.push(() => watched.monitor.stop());

    const startedAt = Date.now();
    const runtimeInfo = { pid: process.pid, startedAt, socketPath: paths.socket, dashboardUrl: '' };
    const dispatch = createDispatch(
      createHandlers({
        store,
        policy,
        settings,
        gateway: live,
        approvals,
        trust,
        emit: (event) => events.emit(event),
        ...(watched ?? {}),
        runtime: runtimeInfo,
        dataDir: paths.dir,
        version,
      }),
    );
    const requestedPort = options.port ?? settings.get().dashboardPort;
    const http = await startHttpBridge({
      dispatch,
      onEvent: (listener) => events.on(listener),
      token,
      rendererDir: options.rendererDir,
      port: requestedPort,
      // A port the person chose on the command line must be honoured or fail; the default may move.
      fallbackToFreePort: options.port === undefined,
      exports: { audit: (params) => auditDownload(store.audit, params) },
    });
    cleanups.push(() => http.close());
    runtimeInfo.dashboardUrl = http.url;

    writeRuntimeInfo(paths.runtime, {
      pid: process.pid,
      version,
      startedAt,
      socketPath: paths.socket,
      port: http.port,
      dashboardUrl: http.url,
      mode: options.mode ?? 'headless',
    });
    cleanups.push(() => removeRuntimeInfo(paths.runtime, process.pid));
    store.audit.appendNow(adminEntry(STARTED, `pid ${process.pid}, dashboard ${http.url}`));

    return {
      dataDir: paths.dir,
      dispatch,
      onEvent: (listener) => events.on(listener),
      dashboardUrl: http.url,
      loginUrl: `${http.url}?token=${encodeURIComponent(token)}`,
      socketPath: paths.socket,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
