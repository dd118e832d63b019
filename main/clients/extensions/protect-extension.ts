import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applyEdits, findNodeAtLocation, modify, parseTree } from 'jsonc-parser';
import type { ExtensionChange } from '../../../shared/clients';
import { sha256, writeFileAtomic } from '../atomic-write';
import { keepBackup, readVerifiedBackup } from '../backup-files';
import type { ClientAdapter } from '../client-adapter';
import { planConnect } from '../connect-plan';
import { disconnectClient } from '../disconnect';
import { withFileLock } from '../file-lock';
import { loadClientPolicy } from '../reports';
import type { ServiceContext } from '../service-context';
import { connectClient } from '../connect';
import { claudeDesktopRunning } from './app-running';
import { assessExtension } from './assess-extension';
import {
  extensionStateDir,
  loadExtensionState,
  removeExtensionState,
  saveExtensionState,
  type ExtensionState,
} from './extension-state';
import { extensionPaths, readExtensions, type FoundExtension } from './read-extensions';

/** Why an extension was not changed: for the person, with what they can do. */
export class ExtensionRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExtensionRefusal';
  }
}

const MAP = ['mcpServers'];

/**
 * Protect an extension: add its command (variables filled in) to claude_desktop_config.json as an
 * ordinary entry, route that entry through Portcullis like any other (connect: registered, backed
 * up, restorable), and switch the extension off in its settings file, keeping that file's bytes.
 * Only while Claude Desktop is not running, because it rewrites its extension settings on quit.
 * Undone by `unprotectExtension`, which puts both files back. A dry run changes nothing and
 * returns both files' texts before and after.
 */
export async function protectExtension(
  ctx: ServiceContext,
  clientId: string,
  id: string,
  { dryRun = false } = {},
): Promise<ExtensionChange> {
  const { adapter, configPath, claudeDir } = where(ctx, clientId);
  const extension = await findExtension(claudeDir, id);
  const dir = await extensionStateDir(ctx.options.backupsDir, adapter.id, id);
  if (await loadExtensionState(dir)) throw new ExtensionRefusal(`${extension.id} is already protected.`);
  const assessed = await assessExtension(
    extension,
    ctx.options.host,
    undefined,
    await ctx.options.searchPath?.(),
  );
  if (!assessed.entry)
    throw new ExtensionRefusal(
      `${assessed.report.name} cannot be protected: ${assessed.report.problem ?? 'it cannot be run'}.${assessed.report.remedy ? ` ${assessed.report.remedy}` : ''}`,
    );
  const configBytes = await readFile(configPath).catch(() => undefined);
  const configText = configBytes?.toString('utf8') ?? '{}\n';
  const spec = adapter.files[0]!;
  const config = spec.format.parse(configPath, Buffer.from(configText), spec.maps);
  const key = freeKey(extension.manifest?.name ?? id, new Set(config.entries.map((entry) => entry.name)));
  const added = spec.format.insertEntry(config.text, { map: MAP, kind: 'object', name: key }, assessed.entry);
  const settingsBytes = await readFile(extension.settingsPath);
  const settingsText = settingsBytes.toString('utf8');
  const switchedOff = setEnabled(settingsText, false);
  const change: ExtensionChange = {
    client: adapter.id,
    extension: id,
    action: 'protect',
    dryRun,
    key,
    files: [],
  };

  if (dryRun) {
    const plan = planConnect({
      client: adapter,
      config: spec.format.parse(configPath, Buffer.from(config.bom + added), spec.maps),
      format: spec.format,
      dialect: adapter.dialect,
      shim: ctx.shimFor(adapter.id),
      policy: await loadClientPolicy(adapter, ctx.options).catch(() => undefined),
      claimed: await ctx.existingClaims(adapter),
      file: configPath,
      select: (entry) => entry.name === key,
    });
    const definition = plan.changed[0]?.definition;
    return {
      ...change,
      ...(definition ? { definition } : {}),
      files: [
        { path: configPath, oldText: configText, newText: config.bom + plan.text },
        { path: extension.settingsPath, oldText: settingsText, newText: switchedOff },
      ],
      note: 'Claude Desktop must not be running when this is done: it rewrites its extension settings when it quits.',
    };
  }

  await mustNotRun(ctx);
  await withFileLock(configPath, async () => {
    const now = await readFile(configPath).catch(() => undefined);
    if ((now && !configBytes) || (now && configBytes && !now.equals(configBytes)))
      throw new ExtensionRefusal(
        `${configPath} changed while Portcullis was working; nothing was written. Try again.`,
      );
    await writeFileAtomic(configPath, Buffer.from(config.bom + added, 'utf8'), {
      mode: 0o600,
      ...(configBytes ? { expectSha: sha256(configBytes) } : {}),
    });
  });
  const undoEntry = () => removeEntry(configPath, key);
  try {
    const connected = await connectClient(ctx, adapter.id, { servers: [key] });
    const routed = connected.changed.find((c) => c.server === key);
    if (!routed)
      throw new ExtensionRefusal(
        `The entry for ${key} could not be routed through Portcullis: ${connected.skipped.find((s) => s.server === key)?.reason ?? connected.note ?? 'unknown reason'}.`,
      );
    change.definition = routed.definition;
    try {
      const backup = await keepBackup(dir, extension.settingsPath, settingsBytes, ctx.now());
      const after = Buffer.from(switchedOff, 'utf8');
      const state: ExtensionState = {
        version: 1,
        id,
        key,
        configPath,
        settingsPath: extension.settingsPath,
        settingsBackup: backup.file,
        settingsBeforeSha: sha256(settingsBytes),
        settingsAfterSha: sha256(after),
        at: ctx.now(),
      };
      // The record goes first: if the process dies after the write, the original is known.
      await saveExtensionState(dir, state);
      await writeFileAtomic(extension.settingsPath, after, { expectSha: sha256(settingsBytes) });
    } catch (error) {
      await removeExtensionState(dir);
      await disconnectClient(ctx, adapter.id, { servers: [key] });
      throw error;
    }
  } catch (error) {
    await undoEntry();
    throw error;
  }
  return { ...change, files: [{ path: configPath }, { path: extension.settingsPath }] };
}

/**
 * Give a protected extension back to Claude Desktop: the shim entry is disconnected and removed
 * from the config, and the extension's settings file gets its bytes back (or, if Claude Desktop
 * changed it since, only `isEnabled` back to true).
 */
export async function unprotectExtension(
  ctx: ServiceContext,
  clientId: string,
  id: string,
  { dryRun = false } = {},
): Promise<ExtensionChange> {
  const { adapter } = where(ctx, clientId);
  const dir = await extensionStateDir(ctx.options.backupsDir, adapter.id, id);
  const state = await loadExtensionState(dir);
  if (!state) throw new ExtensionRefusal(`${id} is not protected by Portcullis: there is nothing to undo.`);
  const change: ExtensionChange = {
    client: adapter.id,
    extension: id,
    action: 'unprotect',
    dryRun,
    key: state.key,
    files: [],
  };
  const settingsNow = await readFile(state.settingsPath).catch(() => undefined);
  const original =
    settingsNow &&
    sha256(settingsNow) === state.settingsAfterSha &&
    state.settingsBackup &&
    state.settingsBeforeSha
      ? await readVerifiedBackup(dir, state.settingsBackup, state.settingsBeforeSha)
      : undefined;
  const settingsAfter =
    original ?? Buffer.from(setEnabled(settingsNow?.toString('utf8') ?? '{}', true), 'utf8');
  if (dryRun) {
    const configNow = await readFile(state.configPath, 'utf8').catch(() => '');
    return {
      ...change,
      files: [
        { path: state.configPath, oldText: configNow, newText: withoutEntry(configNow, state.key) },
        {
          path: state.settingsPath,
          oldText: settingsNow?.toString('utf8') ?? '',
          newText: settingsAfter.toString('utf8'),
        },
      ],
      note: 'Claude Desktop must not be running when this is done: it rewrites its extension settings when it quits.',
    };
  }
  await mustNotRun(ctx);
  await disconnectClient(ctx, adapter.id, { servers: [state.key] });
  await removeEntry(state.configPath, state.key);
  await writeFileAtomic(
    state.settingsPath,
    settingsAfter,
    settingsNow ? { expectSha: sha256(settingsNow) } : { mode: 0o600 },
  );
  await removeExtensionState(dir);
  return { ...change, files: [{ path: state.configPath }, { path: state.settingsPath }] };
}

function where(ctx: ServiceContext, clientId: string) {
  const adapter: ClientAdapter = ctx.adapterFor(clientId);
  if (!adapter.extensions) throw new ExtensionRefusal(`${adapter.name} has no extensions.`);
  const configPath = adapter.resolveConfigPath(ctx.options.host).path;
  return { adapter, configPath, claudeDir: adapter.extensions.folder(configPath) };
}

async function findExtension(claudeDir: string, id: string): Promise<FoundExtension> {
  const found = (await readExtensions(claudeDir)).find((extension) => extension.id === id);
  if (!found || !existsSync(join(extensionPaths(claudeDir, id).dir, 'manifest.json')))
    throw new ExtensionRefusal(`There is no extension "${id}" in ${extensionPaths(claudeDir).root}.`);
  return found;
}

async function mustNotRun(ctx: ServiceContext): Promise<void> {
  const running = await (
    ctx.options.claudeDesktopRunning ?? claudeDesktopRunning(ctx.options.host.platform)
  )();
  if (running === true)
    throw new ExtensionRefusal(
      'Quit Claude Desktop first: it rewrites its extension settings when it quits, which would undo this. Nothing was changed.',
    );
  if (running === undefined)
    throw new ExtensionRefusal(
      'Portcullis could not tell whether Claude Desktop is running. Quit it and try again. Nothing was changed.',
    );
}

/** The extension's own name as the config key, unless the config uses it already. */
function freeKey(name: string, taken: Set<string>): string {
  const base =
    name.startsWith('--') || name === '__proto__' || name === ''
      ? `extension-${name.replace(/^-+/, '')}`
      : name;
  if (!taken.has(base)) return base;
  for (let n = 1; ; n++) {
    const key = n === 1 ? `${base}-extension` : `${base}-extension-${n}`;
    if (!taken.has(key)) return key;
  }
}

function setEnabled(text: string, enabled: boolean): string {
  const source = text.trim() === '' ? '{}' : text;
  return applyEdits(
    source,
    modify(source, ['isEnabled'], enabled, { formattingOptions: { insertSpaces: true, tabSize: 2 } }),
  );
}

/**
 * The config without the entry Portcullis added: its bytes cut out, from the end of the entry
 * before it (taking the comma along), so what was there before the entry was added is what stays.
 */
function withoutEntry(text: string, key: string): string {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const map = root && findNodeAtLocation(root, MAP);
  const properties = map?.type === 'object' ? (map.children ?? []) : [];
  const index = properties.findIndex((property) => property.children?.[0]?.value === key);
  const property = properties[index];
  if (!map || !property) return text;
  const end = property.offset + property.length;
  const previous = properties[index - 1];
  if (previous) return text.slice(0, previous.offset + previous.length) + text.slice(end);
  const next = properties[index + 1];
  if (next) return text.slice(0, property.offset) + text.slice(next.offset);
  return `${text.slice(0, map.offset)}{}${text.slice(map.offset + map.length)}`;
}

async function removeEntry(configPath: string, key: string): Promise<void> {
  await withFileLock(configPath, async () => {
    const bytes = await readFile(configPath).catch(() => undefined);
    if (!bytes) return;
    const text = bytes.toString('utf8');
    const next = withoutEntry(text, key);
    if (next !== text)
      await writeFileAtomic(configPath, Buffer.from(next, 'utf8'), { expectSha: sha256(bytes) });
  });
}
