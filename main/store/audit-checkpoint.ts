import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The chain's head as last written, kept outside the database: rows removed from the end of the
 * log, or a history rewritten and chained again, no longer reach it.
 */
export const checkpointSchema = z.object({
  version: z.literal(1),
  /** The newest row when the checkpoint was written, and its hash. */
  id: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** When it was written (milliseconds since the epoch). */
  at: z.number(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

export interface CheckpointStore {
  /** The checkpoint, undefined when there is none; throws when the file is there but unreadable. */
  read(): Checkpoint | undefined;
  write(checkpoint: Checkpoint): void;
}

export class CheckpointFileError extends Error {}

/**
 * A checkpoint file, replaced atomically (a temp file beside it, then rename) and readable by this
 * user only. It only moves forward: another process that wrote a newer one is not overwritten.
 */
export function checkpointFile(path: string): CheckpointStore {
  const read = (): Checkpoint | undefined => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new CheckpointFileError(`The audit checkpoint ${path} is not JSON.`);
    }
    const result = checkpointSchema.safeParse(parsed);
    if (!result.success) throw new CheckpointFileError(`The audit checkpoint ${path} is not a checkpoint.`);
    return result.data;
  };
  return {
    read,
    write(checkpoint) {
      let current: Checkpoint | undefined;
      try {
        current = read();
      } catch {
        current = undefined; // an unreadable file is replaced by a good one
      }
      if (current && current.id > checkpoint.id) return;
      const temp = `${path}.${process.pid}.tmp`;
      // No fsync: it is written after every batch of rows, and the database itself does not sync each
      // commit either (WAL, synchronous=NORMAL). A crash of the process cannot tear it: rename is atomic.
      writeFileSync(temp, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
      renameSync(temp, path);
    },
  };
}
