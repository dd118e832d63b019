import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { serverDefinitionSchema } from '../../shared/servers';
import { writeFileAtomic } from './atomic-write';

const writeRecordSchema = z.object({
  at: z.number(),
  beforeSha: z.string(),
  afterSha: z.string(),
  /** File name of the backup of the bytes before this write, in the client's backup folder. */
  backup: z.string(),
});

const sourceRestoreSchema = z.object({ path: z.array(z.string()), source: z.string().nullable() });

/** Where the entry is: absent in states written before server maps could be nested. */
const locationFields = {
  map: z.array(z.string()).optional(),
  mapKind: z.enum(['object', 'list']).optional(),
  name: z.string().optional(),
  /** The client's scope it is in (`user`, `local: /path`, …), for people. */
  scope: z.string().optional(),
  /** What was registered for it, so another scope cannot claim the same name for another server. */
  definition: serverDefinitionSchema.optional(),
};

const wrappedEntrySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('stdio'),
    /** The entry's value before connect, for people and tools reading the state. */
    original: z.unknown(),
    /** The whole entry's source before and after; empty where a format has no single span (TOML). */
    originalText: z.string(),
    wrappedText: z.string(),
    /** The source text of each value the wrap replaced (`null`: it was not there). */
    restores: z.array(sourceRestoreSchema).optional(),
    // Written by earlier versions, which only changed `command` and `args`.
    commandText: z.string().optional(),
    argsText: z.string().nullable().optional(),
    ...locationFields,
  }),
  z.object({
    kind: z.literal('remote'),
    original: z.unknown(),
    originalText: z.string(),
    ...locationFields,
  }),
]);
export type WrappedEntry = z.infer<typeof wrappedEntrySchema>;

const disconnectRecordSchema = z.object({
  at: z.number(),
  mode: z.enum(['exact', 'entries', 'nothing']),
  backup: z.string().optional(),
});

const connectionStateSchema = z.object({
  version: z.literal(1),
  client: z.string(),
  configPath: z.string(),
  /** Which of the client's file kinds this is (its `label`); absent: the first one. */
  file: z.string().optional(),
  connected: z.boolean(),
  /** Every write of the current connection, in order. */
  writes: z.array(writeRecordSchema),
  /** Per wrapped server, what it was before connect. */
  servers: z.record(z.string(), wrappedEntrySchema),
  lastDisconnect: disconnectRecordSchema.optional(),
});
export type ConnectionState = z.infer<typeof connectionStateSchema>;

const STATE_FILE = 'state.json';

export async function loadState(dir: string): Promise<ConnectionState | undefined> {
  const file = join(dir, STATE_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const result = connectionStateSchema.safeParse(parsed);
  // Guessing would risk losing the only record of the person's original entries.
  if (!result.success)
    throw new Error(`${file} is damaged, so Portcullis cannot tell what it changed. Fix or remove it.`);
  return result.data;
}

export async function saveState(dir: string, state: ConnectionState): Promise<void> {
  const text = `${JSON.stringify(state, null, 2)}\n`;
  await writeFileAtomic(join(dir, STATE_FILE), Buffer.from(text, 'utf8'), { mode: 0o600 });
}

/** Every state under a client's backup folder: its first file's, and `files/<id>/` for the others. */
export async function loadAllStates(clientDir: string): Promise<{ dir: string; state: ConnectionState }[]> {
  const dirs = [clientDir];
  const nested = join(clientDir, 'files');
  for (const name of await readdir(nested).catch(() => [] as string[])) dirs.push(join(nested, name));
  const found: { dir: string; state: ConnectionState }[] = [];
  for (const dir of dirs) {
    const state = await loadState(dir);
    if (state) found.push({ dir, state });
  }
  return found;
}

/** Put the state back as it was before a write that failed half way. */
export async function restoreState(dir: string, previous: ConnectionState | undefined): Promise<void> {
  if (previous) await saveState(dir, previous);
  else await unlink(join(dir, STATE_FILE)).catch(() => undefined);
}
