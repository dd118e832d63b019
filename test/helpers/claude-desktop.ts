import { join } from 'node:path';
import type { PolicyDocument } from '../../shared/policy';
import { everythingServer } from './paths';
import { runCli, writeFile, type CliResult, type ConfigEntry, type World } from './world';

/** The registry's server-everything as a person would add it to a client config. */
export function everythingEntry(): ConfigEntry {
  return { command: 'node', args: [everythingServer] };
}

/** A Claude Desktop config in the world's home, with these servers and one unrelated setting. */
export function writeClaudeDesktopConfig(world: World, servers: Record<string, ConfigEntry>): Buffer {
  return writeFile(
    world.claudeConfigPath,
    `${JSON.stringify({ globalShortcut: 'Ctrl+Space', mcpServers: servers }, null, 2)}\n`,
  );
}

/** A policy.json outside the data folder, as a person would keep it; returns its path. */
export function writePolicyFile(world: World, name: string, policy: PolicyDocument): string {
  const path = join(world.root, name);
  writeFile(path, JSON.stringify(policy, null, 2));
  return path;
}

/**
 * A person who uses Claude Desktop with server-everything runs `portcullis connect claude-desktop`.
 * Returns the CLI's result; the config then runs the shim.
 */
export async function connectClaudeDesktop(world: World): Promise<CliResult> {
  writeClaudeDesktopConfig(world, { everything: everythingEntry() });
  return runCli(world, ['connect', 'claude-desktop']);
}
