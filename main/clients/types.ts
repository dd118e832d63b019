import type { HostEnvironment } from '../paths';
import type { ServerDefinition } from '../../shared/servers';

/** The command a rewritten config entry runs: `<command> <...args>` (absolute paths). */
export interface ShimCommand {
  command: string;
  args(client: string, server: string): string[];
}

/** What the clients service needs from the store: the servers a person registered by connecting. */
export interface ServerRegistry {
  register(definitions: ServerDefinition[]): void;
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
}

export interface ServerEntryReport {
  name: string;
  transport: 'stdio' | 'http' | 'sse';
  /** Already runs through the Portcullis shim. */
  protected: boolean;
  /** For stdio entries: the exact command line the client would run (the shim, when protected). */
  command?: string;
  args?: string[];
  url?: string;
  /** Why connect would leave this entry alone (a shape Portcullis cannot run), when it would. */
  problem?: string;
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
  skipped: { server: string; reason: string }[];
  /** Where the original bytes were kept (absent on a dry run or when nothing changed). */
  backupPath?: string;
  /** The file's new text (always present on a dry run when something would change). */
  newText?: string;
  /** Why nothing was done, when that is the whole story (no config file, no servers). */
  note?: string;
}

export interface DisconnectResult {
  client: string;
  configPath: string;
  /** `exact`: the original bytes were put back; `entries`: only our entries were reverted. */
  mode: 'exact' | 'entries' | 'nothing';
  restored: string[];
  /** Entries we had wrapped that were no longer ours to restore (removed or edited since). */
  leftAlone: { server: string; reason: string }[];
  /** Why nothing was done, when that is the whole story (never connected, file gone). */
  note?: string;
}

export interface ClientsService {
  list(): Promise<ClientReport[]>;
  connect(clientId: string, options?: { dryRun?: boolean }): Promise<ConnectResult>;
  disconnect(clientId: string): Promise<DisconnectResult>;
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
