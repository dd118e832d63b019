import { existsSync } from 'node:fs';
import type { ProtectionIssue, ProtectionNotice, ProtectionStatus } from '../../../shared/clients';
import type { Settings } from '../../../shared/settings';
import { errorText } from '../reports';
import type { ClientsService, DriftEntry, FileDrift, RepairResult } from '../types';
import { createFileWatcher, type FileWatcher } from './file-watcher';
import { createRepairGuard } from './repair-guard';

type ProtectionSettings = Pick<Settings, 'repairMode' | 'protectNewServers'>;

const STATUS_EVERY_MS = 1000;

export interface MonitorOptions {
  service: ClientsService;
  settings(): ProtectionSettings;
  /** The client's name for people (`Claude Desktop`). */
  clientName(client: string): string;
  /** Something to tell the person: a repair, drift waiting for an answer, a new unprotected server. */
  onNotice(notice: ProtectionNotice): void;
  /** The status changed (or a config file did): dashboards should read it again. */
  onStatus(): void;
  /** An admin event for the audit log. */
  audit(event: 'client.repaired' | 'client.connected', detail: string, client: string): void;
  log?(line: string): void;
  now?(): number;
  debounceMs?: number;
  pollMs?: number;
  /** A file that does not parse may be half written: look again after this long, a few times. */
  retryMs?: number;
  parseRetries?: number;
}

export interface ClientsMonitor {
  /** Watch every config file, and check each connected one now. */
  start(): Promise<void>;
  status(): ProtectionStatus;
  /** Look again now, after a connect or disconnect (every client when none is named). */
  refresh(client?: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Keeps protection from silently disappearing while the gateway runs. Every config file of every
 * client is watched; each connected one is checked when it changes (and every few seconds). What a
 * client reverted or dropped is put back at once (or, with `repairMode: ask`, reported and left for
 * the person); a server added outside Portcullis is reported as unprotected (or, with
 * `protectNewServers`, protected). An entry that keeps being changed back is left alone after a few
 * repairs rather than fought over. A file that does not parse is looked at again shortly (a client
 * may be half way through writing it) and never written.
 */
export function createClientsMonitor(options: MonitorOptions): ClientsMonitor {
  const now = options.now ?? Date.now;
  const retryMs = options.retryMs ?? 400;
  const parseRetries = options.parseRetries ?? 8;
  const guard = createRepairGuard({ now });
  /** Config path → the clients whose file it is; and which clients have a connected file. */
  let targets = new Map<string, { client: string; connected: boolean }[]>();
  let connected = new Set<string>();
  const issues = new Map<string, ProtectionIssue[]>();
  const announced = new Set<string>();
  const retries = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  let checkedAt: number | null = null;
  let stopped = false;
  // A file some client rewrites all the time (Claude Code's ~/.claude.json) must not make every
  // dashboard read every config again each time: at most one "look again" a second.
  let statusTimer: NodeJS.Timeout | undefined;
  let statusAt = 0;
  const statusChanged = () => {
    if (stopped || statusTimer) return;
    const wait = Math.max(0, statusAt + STATUS_EVERY_MS - Date.now());
    statusTimer = setTimeout(() => {
      statusTimer = undefined;
      statusAt = Date.now();
      if (!stopped) options.onStatus();
    }, wait);
    statusTimer.unref();
  };

  const watcher: FileWatcher = createFileWatcher({
    debounceMs: options.debounceMs ?? 250,
    pollMs: options.pollMs ?? 2000,
    onChange: (path) => {
      if ((targets.get(path) ?? []).length > 0) statusChanged();
      // Which files are connected may have changed too (a connect from the command line): look
      // again first, then check the file's connected clients.
      void refreshTargets().then(() => {
        for (const owner of targets.get(path) ?? []) if (owner.connected) schedule(owner.client);
      });
    },
  });
  const sweep = setInterval(() => void refreshTargets(), options.pollMs ?? 2000);
  sweep.unref();

  async function refreshTargets(): Promise<void> {
    if (stopped) return;
    const list = await options.service.watchTargets().catch((error: unknown) => {
      options.log?.(`[portcullis] could not list client config files: ${errorText(error)}`);
      return undefined;
    });
    if (!list || stopped) return;
    const next = new Map<string, { client: string; connected: boolean }[]>();
    for (const target of list) next.set(target.path, [...(next.get(target.path) ?? []), target]);
    const nowConnected = new Set(list.filter((t) => t.connected).map((t) => t.client));
    targets = next;
    await watcher.set([...next.keys()]);
    for (const client of nowConnected) if (!connected.has(client)) schedule(client);
    for (const client of connected) {
      if (nowConnected.has(client)) continue;
      issues.delete(client);
      statusChanged();
    }
    connected = nowConnected;
  }

  /** One check per client at a time; a change during a check runs it once more afterwards. */
  function schedule(client: string): void {
    if (stopped) return;
    if (running.has(client)) {
      again.add(client);
      return;
    }
    const run = check(client)
      .catch((error: unknown) => options.log?.(`[portcullis] checking ${client}: ${errorText(error)}`))
      .finally(() => {
        running.delete(client);
        if (again.delete(client)) schedule(client);
      });
    running.set(client, run);
  }

  function later(client: string): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      schedule(client);
    }, retryMs);
    timer.unref();
    timers.add(timer);
  }

  async function check(client: string): Promise<void> {
    const drifts = await options.service.inspect(client);
    const settings = options.settings();
    const previous = issues.get(client) ?? [];
    const found: ProtectionIssue[] = [];
    let wrote = false;
    for (const file of drifts) {
      const keep = () => found.push(...previous.filter((issue) => issue.configPath === file.configPath));
      // Portcullis itself (the CLI, another request) is writing it: look when it is done.
      if (existsSync(`${file.configPath}.portcullis.lock`)) {
        keep();
        later(client);
        continue;
      }
      if (file.missing) continue;
      const retryKey = `${client}\u0000${file.configPath}`;
      if (file.error) {
        const tries = retries.get(retryKey) ?? 0;
        if (file.error.parse && tries < parseRetries) {
          retries.set(retryKey, tries + 1);
          keep();
          later(client);
          continue;
        }
        found.push(issue(client, file, { server: '', scope: '' }, 'unreadable', file.error.message));
        continue;
      }
      retries.delete(retryKey);
      wrote = (await handleFile(client, file, settings, found)) || wrote;
    }
    const before = JSON.stringify(issues.get(client) ?? []);
    issues.set(client, found);
    forgetResolved(client, found);
    for (const item of found) announce(item, settings);
    checkedAt = now();
    if (JSON.stringify(found) !== before) statusChanged();
    // What we wrote is seen by the watcher too; this makes the status right without waiting.
    if (wrote) again.add(client);
  }

  /** Act on one readable connected file; true when something was written. */
  async function handleFile(
    client: string,
    file: FileDrift,
    settings: ProtectionSettings,
    found: ProtectionIssue[],
  ): Promise<boolean> {
    let wrote = false;
    if (file.moved.length > 0) {
      // The person renamed these servers: stop tracking the old names (a state-only change).
      const result = await options.service.repair(client, {
        servers: file.moved.map((entry) => entry.server),
      });
      wrote = result.files.some((f) => f.forgotten.length > 0);
    }
    const drifted = [
      ...file.reverted.map((entry) => ({ entry, kind: 'reverted' as const })),
      ...file.dropped.map((entry) => ({ entry, kind: 'dropped' as const })),
    ];
    const guardKey = (entry: DriftEntry) => `${client}\u0000${file.configPath}\u0000${entry.server}`;
    const repairable = drifted.filter(({ entry }) => !guard.held(guardKey(entry)));
    let reapplied = new Set<string>();
    if (settings.repairMode === 'auto' && repairable.length > 0) {
      const result = await options.service.repair(client, {
        servers: repairable.map(({ entry }) => entry.server),
      });
      reportRepair(client, result);
      reapplied = new Set(
        result.files
          .filter((f) => f.configPath === file.configPath)
          .flatMap((f) => f.reapplied.map((r) => r.server)),
      );
      wrote = wrote || reapplied.size > 0;
      for (const { entry } of repairable) {
        if (!reapplied.has(entry.server) || !guard.record(guardKey(entry))) continue;
        notice(
          'stopped',
          client,
          file.configPath,
          [entry],
          `${entry.server} in ${options.clientName(client)} keeps being changed back; Portcullis stopped repairing it.`,
        );
      }
    }
    for (const { entry, kind } of drifted) {
      const held = guard.held(guardKey(entry));
      if (reapplied.has(entry.server)) continue;
      found.push({ ...issue(client, file, entry, kind), ...(held ? { held: true } : {}) });
    }
    if (file.unprotected.length === 0) return wrote;
    if (settings.protectNewServers) {
      const names = file.unprotected.map((entry) => entry.server);
      try {
        const result = await options.service.connect(client, { servers: names });
        const done = result.changed.map((change) => change.server);
        wrote = wrote || done.length > 0;
        if (done.length > 0) {
          const where = result.files.filter((f) => f.changed.length > 0).map((f) => f.configPath);
          options.audit(
            'client.connected',
            `${done.join(', ')} in ${where.join(', ')} (new servers, protected automatically)`,
            client,
          );
          notice(
            'protected',
            client,
            file.configPath,
            file.unprotected.filter((e) => done.includes(e.server)),
            `${list(done)} ${done.length === 1 ? 'was' : 'were'} added to ${options.clientName(client)} and now ${done.length === 1 ? 'runs' : 'run'} through Portcullis.`,
          );
        }
        for (const entry of file.unprotected)
          if (!done.includes(entry.server)) found.push(issue(client, file, entry, 'unprotected'));
      } catch (error) {
        options.log?.(`[portcullis] protecting new servers of ${client}: ${errorText(error)}`);
        for (const entry of file.unprotected) found.push(issue(client, file, entry, 'unprotected'));
      }
      return wrote;
    }
    for (const entry of file.unprotected) found.push(issue(client, file, entry, 'unprotected'));
    return wrote;
  }

  function reportRepair(client: string, result: RepairResult): void {
    for (const file of result.files) {
      if (file.error) options.log?.(`[portcullis] repairing ${file.configPath}: ${file.error}`);
      if (file.reapplied.length === 0) continue;
      const how = file.reapplied.map(
        ({ server, how: kind }) =>
          `${server} (${kind === 'rewrapped' ? 'its original entry was back' : 'it was gone'})`,
      );
      options.audit('client.repaired', `re-applied ${how.join(', ')} in ${file.configPath}`, client);
      const names = file.reapplied.map((entry) => entry.server);
      notice(
        'repaired',
        client,
        file.configPath,
        names.map((server) => ({ server, scope: '' })),
        `${options.clientName(client)} took protection away from ${list(names)}; Portcullis put it back.`,
      );
    }
  }

  function issue(
    client: string,
    file: FileDrift,
    entry: { server: string; scope: string },
    kind: ProtectionIssue['kind'],
    detail?: string,
  ): ProtectionIssue {
    return {
      client,
      clientName: options.clientName(client),
      configPath: file.configPath,
      server: entry.server,
      scope: entry.scope,
      kind,
      ...(detail ? { detail } : {}),
    };
  }

  const issueKey = (item: ProtectionIssue) =>
    [item.kind, item.client, item.configPath, item.server, item.scope].join('\u0000');

  /** An issue that went away may be announced again if it comes back. */
  function forgetResolved(client: string, current: ProtectionIssue[]): void {
    const live = new Set(current.map(issueKey));
    for (const key of [...announced])
      if (key.split('\u0000')[1] === client && !live.has(key)) announced.delete(key);
  }

  function announce(item: ProtectionIssue, settings: ProtectionSettings): void {
    const key = issueKey(item);
    if (announced.has(key)) return;
    announced.add(key);
    const name = item.clientName;
    if (item.kind === 'unreadable')
      notice(
        'unreadable',
        item.client,
        item.configPath,
        [],
        `${name}'s config ${item.configPath} cannot be read: ${item.detail ?? ''}`,
      );
    else if (item.kind === 'unprotected')
      notice(
        'unprotected',
        item.client,
        item.configPath,
        [item],
        `${item.server} was added to ${name} and is not protected.`,
      );
    else if (!item.held && settings.repairMode === 'ask')
      notice(
        'drifted',
        item.client,
        item.configPath,
        [item],
        item.kind === 'reverted'
          ? `${name} put back the original entry of ${item.server}: it runs without Portcullis.`
          : `${name} dropped ${item.server} from its config.`,
      );
  }

  function notice(
    kind: ProtectionNotice['kind'],
    client: string,
    configPath: string,
    servers: { server: string; scope: string }[],
    message: string,
  ): void {
    options.onNotice({
      kind,
      client,
      clientName: options.clientName(client),
      configPath,
      servers: servers.map(({ server, scope }) => ({ server, scope })),
      message,
      at: now(),
    });
  }

  return {
    async start() {
      await refreshTargets();
      await Promise.all([...running.values()]);
    },
    status: () => ({
      watching: !stopped,
      checkedAt,
      issues: [...issues.values()].flat(),
      settings: options.settings(),
    }),
    async refresh(client) {
      await refreshTargets();
      for (const id of client ? [client] : connected) schedule(id);
      await Promise.all([...running.values()]);
    },
    async stop() {
      stopped = true;
      clearTimeout(statusTimer);
      watcher.close();
      clearInterval(sweep);
      for (const timer of timers) clearTimeout(timer);
      await Promise.all([...running.values()]);
    },
  };
}

function list(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
