import type { HostEnvironment } from '../paths';

/** Where a client's config file is, as far as the file system can tell. */
export interface ResolvedConfigPath {
  /** The file in use, or the first place the client would create it when none exists yet. */
  path: string;
  exists: boolean;
}

/** One MCP client whose config file lists servers under `mcpServers` (JSON or JSONC). */
export interface ClientAdapter {
  id: string;
  name: string;
  resolveConfigPath(host: HostEnvironment): ResolvedConfigPath;
  /**
   * Whether the client itself runs `url` entries. Rewriting one it ignores into a working shim
   * entry would switch on a server the person never had running.
   */
  runsRemoteEntries: boolean;
}
