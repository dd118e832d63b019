import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { z } from 'zod';
import { extensionSettingsSchema, installationsSchema, manifestSchema, type Manifest } from './mcpb-manifest';

/**
 * Where Claude Desktop keeps installed extensions, next to its config file (third-party tools
 * agree on this layout; Anthropic documents the manifest, not where the app keeps it):
 * `Claude Extensions/<id>/manifest.json` (the unpacked bundle), `extensions-installations.json`
 * (the install record) and `Claude Extensions Settings/<id>.json` (`isEnabled`, `userConfig`).
 */
export function extensionPaths(claudeDir: string, id?: string) {
  return {
    root: join(claudeDir, 'Claude Extensions'),
    installations: join(claudeDir, 'extensions-installations.json'),
    dir: id === undefined ? '' : join(claudeDir, 'Claude Extensions', id),
    settings: id === undefined ? '' : join(claudeDir, 'Claude Extensions Settings', `${id}.json`),
  };
}

export interface FoundExtension {
  id: string;
  dir: string;
  settingsPath: string;
  manifest?: Manifest;
  /** `isEnabled` from its settings file; undefined when the file or the key is missing. */
  enabled?: boolean;
  userConfig: Record<string, unknown>;
  version?: string;
  source?: string;
  signature?: string;
  /** Why it cannot be read: a manifest or settings file that does not parse. */
  problem?: string;
}

/** Every unpacked extension in Claude Desktop's folder (none when the folder is not there). */
export async function readExtensions(claudeDir: string): Promise<FoundExtension[]> {
  const paths = extensionPaths(claudeDir);
  const entries = await readdir(paths.root, { withFileTypes: true }).catch(() => []);
  const installs = await readJson(paths.installations, installationsSchema);
  const found: FoundExtension[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    found.push(await readExtension(claudeDir, entry.name, installs.value?.extensions?.[entry.name]));
  }
  return found;
}

export async function readExtension(
  claudeDir: string,
  id: string,
  install?: {
    version?: string | undefined;
    source?: string | undefined;
    signatureInfo?: { status?: string | undefined } | undefined;
  },
): Promise<FoundExtension> {
  const paths = extensionPaths(claudeDir, id);
  const extension: FoundExtension = { id, dir: paths.dir, settingsPath: paths.settings, userConfig: {} };
  if (install?.version) extension.version = install.version;
  if (install?.source) extension.source = install.source;
  if (install?.signatureInfo?.status) extension.signature = install.signatureInfo.status;
  const manifest = await readJson(join(paths.dir, 'manifest.json'), manifestSchema);
  if (manifest.value) extension.manifest = manifest.value;
  else extension.problem = `its manifest.json ${manifest.problem ?? 'is missing'}`;
  const settings = await readJson(paths.settings, extensionSettingsSchema);
  if (settings.value) {
    if (settings.value.isEnabled !== undefined) extension.enabled = settings.value.isEnabled;
    extension.userConfig = settings.value.userConfig ?? {};
  } else if (settings.problem) extension.problem ??= `its settings file ${settings.problem}`;
  return extension;
}

/** A JSON file checked against a schema: its value, or why not (nothing when it does not exist). */
async function readJson<T extends z.ZodType>(
  path: string,
  schema: T,
): Promise<{ value?: z.output<T>; problem?: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? { value: parsed.data } : { problem: 'does not have the expected shape' };
  } catch {
    return { problem: 'is not valid JSON' };
  }
}

/**
 * A binary's command is relative to the extension's folder; apps add `.exe` on Windows (MCPB spec).
 * A bare name (`node`, `python`, `npx`) is looked up in the PATH.
 */
export function commandPath(
  manifest: Manifest,
  command: string,
  dir: string,
  platform: NodeJS.Platform,
): string {
  const bare = !command.includes('/') && !command.includes('\\');
  if (bare && manifest.server.type !== 'binary') return command;
  const full = isAbsolute(command) ? command : join(dir, command);
  return platform === 'win32' && manifest.server.type === 'binary' && !/\.exe$/i.test(full)
    ? `${full}.exe`
    : full;
}
