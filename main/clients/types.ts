import type { HostEnvironment } from '../paths';
import type { ExtensionChange, ExtensionReport } from '../../shared/clients';
import type { ServerDefinition } from '../../shared/servers';
import type { ClientAdapter } from './client-adapter';

/** The command a rewritten config entry runs: `<command> <...args>` (absolute paths). */
export interface ShimCommand {
  command: string;
  args(client: string, server: string): string[];
}

/** What the clients service needs from the store: the servers a person registered by connecting. */
export interface ServerRegistry {
  register(definitions: ServerDefinition[]): void;
  /** What the gateway runs for a protected entry (absent: reports show the shim's command only). */
  get?(client: string, name: string): ServerDefinition | undefined;
}

export interface ClientsServiceOptions {
  host: HostEnvironment;
  /** `<dataDir>/backups`: original bytes and connection state are kept here. */
  backupsDir: string;
  shim: ShimCommand;
  registry: ServerRegistry;
  /**
   * The PATH that stdio servers' commands are looked up in, recorded with each registration: the
   * connecting person's PATH (and their login shell's), never one a shim sends later.
   */
  searchPath?: () => Promise<string>;
  /** Injected clock for backup names and timestamps. */
  now?: () => number;
  /** Project folders whose project and workspace configs are listed and connected too. */
  projectDirs?: string[];
  /** Where administrator-managed files live (`/etc`, `/Library`, …) are looked up under; `/` normally. */
  systemRoot?: string;
  /** Whether Claude Desktop is running: its extensions are only changed while it is not. */
  claudeDesktopRunning?: () => Promise<boolean | undefined>;
  /** The clients to know; every built-in one by default. */
  adapters?: readonly ClientAdapter[];
}

/**
 * `protected`: runs through the shim. `unprotected`: connect would route it. `drifted`: it was
 * protected, and the client (or someone) put the original entry back or dropped it (`drift`).
 * `cannot-protect`: a shape Portcullis cannot run, or one the client would stop loading once
 * rewritten (see `problem` and `remedy`).
 */
export type ServerState = 'protected' | 'unprotected' | 'drifted' | 'cannot-protect';

export interface ServerEntryReport {
  name: string;
  transport: 'stdio' | 'http' | 'sse';
  /** Already runs through the Portcullis shim. */
  protected: boolean;
  state: ServerState;
  /** Which of the client's scopes it is in: `user`, `project`, `local: /path`, `profile: work`. */
  scope: string;
  /** For stdio entries: the exact command line the client would run (the shim, when protected). */
  command?: string;
  args?: string[];
  /** The folder a stdio entry runs in, when the entry says. */
  cwd?: string;
  url?: string;
  /** Why connect would leave this entry alone (a shape Portcullis cannot run), when it would. */
  problem?: string;
  /** What the person can do about `problem`, when there is something. */
  remedy?: string;
  /** For drifted entries: reverted to the original, or gone from the file. */
  drift?: 'reverted' | 'dropped';
  /** For protected entries: what the gateway runs for it, as registered when it was connected. */
  upstream?: { transport: 'stdio' | 'http' | 'sse'; command?: string; args: string[]; url?: string };
}

export interface ConfigFileReport {
  path: string;
  /** `config`, `settings.json (legacy mcp.servers)`, … */
  label: string;
  scope: 'user' | 'project' | 'workspace';
  format: 'JSON' | 'JSONC' | 'YAML' | 'TOML';
  exists: boolean;
  servers: ServerEntryReport[];
  /** Set when the file exists but cannot be read or parsed. */
  error?: string;
}

export interface ClientReport {
  id: string;
  name: string;
  /** The config file in use, or the first place it would be looked for when none exists. */
  configPath: string;
  exists: boolean;
  servers: ServerEntryReport[];
  /** Set when the file exists but cannot be read or parsed. */
  error?: string;
  /** Every config file of the client that exists, or its user file when none does. */
  files: ConfigFileReport[];
  /** What the person must do after connecting for the client to pick the change up. */
  restart: 'restart' | 'reload' | 'automatic';
  /** Servers installed as extensions (Claude Desktop). */
  extensions?: ExtensionReport[];
}

export interface ConnectChange {
  server: string;
  /** The definition registered for the gateway, exactly what it will run. */
  definition: ServerDefinition;
}

export interface ConnectResult {
  client: string;
  configPath: string;
  dryRun: boolean;
  changed: ConnectChange[];
  /** Entries left alone, with why (already protected, unsupported shape, …). */
  skipped: SkippedServer[];
  /** Where the original bytes were kept (absent on a dry run or when nothing changed). */
  backupPath?: string;
  /** The file's new text (always present on a dry run when something would change). */
  newText?: string;
  /** Why nothing was done, when that is the whole story (no config file, no servers). */
  note?: string;
  /** Per config file: what changed there. The fields above sum these up. */
  files: FileConnectResult[];
}

export interface SkippedServer {
  server: string;
  reason: string;
  /** What the person can do, when the client's own rules are what stands in the way. */
  remedy?: string;
}

export interface FileConnectResult {
  configPath: string;
  changed: { server: string; scope: string }[];
  skipped: (SkippedServer & { scope: string })[];
  backupPath?: string;
  newText?: string;
  /** On a dry run that would change the file: its current text, for a diff. */
  oldText?: string;
  error?: string;
}

export interface DisconnectResult {
  client: string;
  configPath: string;
  dryRun?: boolean;
  /** `exact`: the original bytes were put back; `entries`: only our entries were reverted. */
  mode: 'exact' | 'entries' | 'nothing';
  restored: string[];
  /** Entries we had wrapped that were no longer ours to restore (removed or edited since). */
  leftAlone: { server: string; reason: string }[];
  /** Why nothing was done, when that is the whole story (never connected, file gone). */
  note?: string;
  /** Per config file that was connected; on a dry run with the texts before and after. */
  files: {
    configPath: string;
    mode: 'exact' | 'entries' | 'nothing';
    restored: string[];
    error?: string;
    oldText?: string;
    newText?: string;
  }[];
}

/** Which servers an action is about; every server of the client when absent. */
export interface ServerSelection {
  servers?: string[];
}

/** One connected file as the watcher sees it: what drifted, and what is not protected. */
export interface FileDrift {
  client: string;
  configPath: string;
  /** Our entries that are back to what they were before connect. */
  reverted: DriftEntry[];
  /** Our entries that are gone from the file. */
  dropped: DriftEntry[];
  /** Entries connect would route that are not ours: added, or edited into something else. */
  unprotected: DriftEntry[];
  /** Dropped entries whose server is in the file under another name: the person moved it. */
  moved: DriftEntry[];
  /** The file exists but does not parse (perhaps mid-write), or cannot be read. */
  error?: { message: string; parse: boolean };
  /** The file is gone. */
  missing?: boolean;
}

export interface DriftEntry {
  server: string;
  scope: string;
  /** What it runs (unprotected entries) or ran before connect (drifted ones). */
  definition?: ServerDefinition;
}

export interface RepairResult {
  client: string;
  files: {
    configPath: string;
    /** Put back as our shim entry: `rewrapped` where the original had returned, `re-added` where it was gone. */
    reapplied: { server: string; how: 'rewrapped' | 're-added' }[];
    /** Dropped entries Portcullis stopped tracking because the person moved the server. */
    forgotten: string[];
    error?: string;
  }[];
}

/** A file the watcher keeps an eye on: every config file of every client, connected or not. */
export interface WatchTarget {
  client: string;
  path: string;
  connected: boolean;
}

export interface ClientsService {
  list(): Promise<ClientReport[]>;
  connect(clientId: string, options?: { dryRun?: boolean } & ServerSelection): Promise<ConnectResult>;
  /** The ids of every client this service knows. */
  ids(): string[];
  /** A client's name for people (`Claude Desktop`); the id when it is not one we know. */
  clientName(clientId: string): string;
  disconnect(clientId: string, options?: { dryRun?: boolean } & ServerSelection): Promise<DisconnectResult>;
  /** What drifted in each of the client's connected files (nothing is written). */
  inspect(clientId: string): Promise<FileDrift[]>;
  /** Re-apply our entries that a client reverted or dropped. */
  repair(clientId: string, options?: ServerSelection): Promise<RepairResult>;
  watchTargets(): Promise<WatchTarget[]>;
  /** Move a Claude Desktop extension's command into a protected config entry and switch the extension off. */
  protectExtension(clientId: string, id: string, options?: { dryRun?: boolean }): Promise<ExtensionChange>;
  /** Give a protected extension back to Claude Desktop. */
  unprotectExtension(clientId: string, id: string, options?: { dryRun?: boolean }): Promise<ExtensionChange>;
}

/** A config file that cannot be parsed. Never written; the message names the file and position. */
export class ConfigParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}:${column}: ${problem}. The file was not changed.`);
    this.name = 'ConfigParseError';
  }
}

export class UnknownClientError extends Error {
  constructor(
    readonly clientId: string,
    known: string[],
  ) {
    super(`Unknown client "${clientId}". Known clients: ${known.join(', ')}.`);
    this.name = 'UnknownClientError';
  }
}
