import { mkdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { sha256, writeFileAtomic } from '../atomic-write';
import { clientBackupDir } from '../backup-files';

/** What protecting one extension changed, so that undoing it puts both files back. */
const extensionStateSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  /** The key of the entry Portcullis added to claude_desktop_config.json for it. */
  key: z.string(),
  configPath: z.string(),
  settingsPath: z.string(),
  /** The settings file's bytes before (a file in this folder) and their checksum; after, the checksum. */
  settingsBackup: z.string().nullable(),
  settingsBeforeSha: z.string().nullable(),
  settingsAfterSha: z.string(),
  at: z.number(),
});
export type ExtensionState = z.infer<typeof extensionStateSchema>;

/** `<backups>/claude-desktop/extensions/<hash of the id>/`, without creating it. */
export function extensionStatePath(backupsDir: string, client: string, id: string): string {
  return join(backupsDir, client, 'extensions', sha256(Buffer.from(id, 'utf8')).slice(0, 16));
}

/** The same folder, created (user-only) for a change to be recorded in it. */
export async function extensionStateDir(backupsDir: string, client: string, id: string): Promise<string> {
  await clientBackupDir(backupsDir, client);
  const dir = extensionStatePath(backupsDir, client, id);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export async function loadExtensionState(dir: string): Promise<ExtensionState | undefined> {
  const text = await readFile(join(dir, 'state.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = extensionStateSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(
      `${join(dir, 'state.json')} is damaged, so Portcullis cannot tell what it changed. Fix or remove it.`,
    );
  return parsed.data;
}

export async function saveExtensionState(dir: string, state: ExtensionState): Promise<void> {
  await writeFileAtomic(join(dir, 'state.json'), Buffer.from(`${JSON.stringify(state, null, 2)}\n`), {
    mode: 0o600,
  });
}

export async function removeExtensionState(dir: string): Promise<void> {
  await unlink(join(dir, 'state.json')).catch(() => undefined);
}
