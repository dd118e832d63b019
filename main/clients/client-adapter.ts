import type { HostEnvironment } from '../paths';
import type { Dialect, ShimInvocation } from './dialects';
import type { ConfigFormat, MapSpec, ParsedEntry } from './formats/types';

/** Where a client's config file is, as far as the file system can tell. */
export interface ResolvedConfigPath {
  /** The file in use, or the first place the client would create it when none exists yet. */
  path: string;
  exists: boolean;
}

/** The scopes clients know: the person's own file, a project's, a workspace's. */
export type ConfigScope = 'user' | 'project' | 'workspace';

/**
 * One kind of config file a client reads. `paths` lists where it may be: with `pick: 'first'`
 * the first that exists is the one the client uses (Claude Desktop's MSIX and classic
 * locations); with `pick: 'all'` every existing one is read (Cline inside several editors).
 */
export interface ConfigFileSpec {
  /** Names the file kind, for people: `config`, `settings.json (legacy mcp.servers)`. */
  label: string;
  scope: ConfigScope;
  format: ConfigFormat;
  maps: MapSpec[];
  pick: 'first' | 'all';
  /** User files take the host; project files also a project folder. */
  paths(host: HostEnvironment, project?: string): string[];
}

/** What a client enforces about which servers load, read from its own managed files. */
export interface ClientPolicy {
  /** Why the rewritten entry would not load, and what the person can do; undefined when it would. */
  check(entry: ParsedEntry, shim: ShimInvocation): { reason: string; remedy: string } | undefined;
}

/** Where a client keeps files that only an administrator writes (tests point this elsewhere). */
export interface PolicyContext {
  host: HostEnvironment;
  /** The root that system paths (`/etc`, `/Library`, `C:\ProgramData`) are under: `/` normally. */
  systemRoot: string;
  readFile(path: string): Promise<Buffer | undefined>;
}

/**
 * One MCP client, described: its config files per OS and scope, their format and where the
 * servers live in them, and its dialect for one entry. The generic engine (list, connect,
 * disconnect, and later watching) works from this description alone.
 */
export interface ClientAdapter {
  id: string;
  name: string;
  files: ConfigFileSpec[];
  dialect: Dialect;
  /** The client's user config, as before: the first user file's location. */
  resolveConfigPath(host: HostEnvironment): ResolvedConfigPath;
  /** Reads what the client enforces (managed server sets, allow and deny lists). */
  loadPolicy?(context: PolicyContext): Promise<ClientPolicy | undefined>;
  /** Whether the person must restart the client before a rewritten entry takes effect. */
  restart: 'restart' | 'reload' | 'automatic';
  /** Servers installed as MCPB extensions, kept in a folder next to the config file (Claude Desktop). */
  extensions?: { folder(configPath: string): string };
}
