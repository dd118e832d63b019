import type { Database } from 'better-sqlite3';
import type { AuditVerifyResult } from '../../shared/audit';
import { chainHash, fromDb, GENESIS, type DbRow } from './audit-chain';
import type { Checkpoint, CheckpointStore } from './audit-checkpoint';
import { prunedThrough } from './audit-retention';

const CHUNK = 2000;

export interface Anchor {
  throughId: number;
  hash: string;
  prunedAt: number;
}

export function readAnchor(db: Database): Anchor | undefined {
  return db
    .prepare('SELECT through_id AS throughId, hash, pruned_at AS prunedAt FROM audit_anchor WHERE id = 1')
    .get() as Anchor | undefined;
}

/**
 * Recompute the chain from its start (the first row, or the anchor retention left) and hold its
 * head against the checkpoint kept outside the database. Reads in chunks and yields between them,
 * so a gateway verifying a million rows keeps answering calls. Rows written after it starts are
 * left for the next run.
 */
export async function verifyAudit(
  db: Database,
  checkpoints: CheckpointStore | undefined,
): Promise<AuditVerifyResult> {
  const lastId = (db.prepare('SELECT coalesce(max(id), 0) AS id FROM audit').get() as { id: number }).id;
  const anchor = readAnchor(db);
  let checkpoint: Checkpoint | undefined;
  try {
    checkpoint = checkpoints?.read();
  } catch (error) {
    return { ok: false, rows: 0, message: `${(error as Error).message} It may have been tampered with.` };
  }
  const pruned = anchor ? { prunedThrough: anchor.throughId } : {};

  if (anchor) {
    const announced = prunedThrough(db);
    if (announced === undefined || announced < anchor.throughId) {
      return {
        ok: false,
        rows: 0,
        ...pruned,
        message: `The audit log was altered: rows up to #${anchor.throughId} are gone, and no retention run recorded removing them.`,
      };
    }
  }

  let prevHash = anchor?.hash ?? GENESIS;
  let rows = 0;
  let after = anchor?.throughId ?? 0;
  let checkpointHash: string | undefined;
  const read = db.prepare('SELECT * FROM audit WHERE id > ? AND id <= ? ORDER BY id LIMIT ?');
  for (;;) {
    const chunk = read.all(after, lastId, CHUNK) as DbRow[];
    for (const raw of chunk) {
      const row = fromDb(raw);
      if (raw.prev_hash !== prevHash || chainHash(prevHash, row) !== row.hash) {
        return {
          ok: false,
          rows,
          brokenAt: row.id,
          ...pruned,
          message: `The audit log was altered: row ${row.id} does not match the chain (a row was edited, removed or inserted).`,
        };
      }
      if (checkpoint && row.id === checkpoint.id) checkpointHash = row.hash;
      prevHash = row.hash;
      rows++;
    }
    if (chunk.length < CHUNK) break;
    after = chunk[chunk.length - 1]!.id;
    await new Promise((resolve) => setImmediate(resolve));
  }

  const verified = `All ${rows} audit rows verified${anchor ? ` (rows up to #${anchor.throughId} were removed by retention)` : ''}`;
  if (!checkpoints) return { ok: true, rows, ...pruned, message: `${verified}.` };
  if (!checkpoint) {
    const from = db.prepare("SELECT value FROM audit_meta WHERE key = 'checkpoints_from'").get() as
      { value: string } | undefined;
    if (lastId > Number(from?.value ?? 0)) {
      return {
        ok: false,
        rows,
        ...pruned,
        message:
          'The audit checkpoint kept outside the database is missing, so rows removed from the end of the log cannot be ruled out.',
      };
    }
    return { ok: true, rows, ...pruned, message: `${verified}; no checkpoint has been written yet.` };
  }
  const at = new Date(checkpoint.at).toISOString();
  const base = { rows, ...pruned };
  if (checkpoint.id > lastId) {
    return {
      ...base,
      ok: false,
      checkpoint: { ...pick(checkpoint), matched: false },
      message: `The audit log was altered: rows were removed from its end. The checkpoint written at ${at} names row #${checkpoint.id}; the log now ends at #${lastId}.`,
    };
  }
  if (checkpoint.id > 0 && checkpointHash === undefined) {
    return {
      ...base,
      ok: false,
      checkpoint: { ...pick(checkpoint), matched: false },
      message: `The audit checkpoint written at ${at} names row #${checkpoint.id}, which retention has removed: the checkpoint is older than the log allows.`,
    };
  }
  if (checkpoint.id > 0 && checkpointHash !== checkpoint.hash) {
    return {
      ...base,
      ok: false,
      checkpoint: { ...pick(checkpoint), matched: false },
      message: `The audit log was altered: row #${checkpoint.id} no longer has the hash the checkpoint of ${at} recorded, so the history up to it was rewritten and chained again.`,
    };
  }
  return {
    ...base,
    ok: true,
    checkpoint: { ...pick(checkpoint), matched: true },
    message: `${verified}, and the chain reaches the checkpoint written at ${at} (row #${checkpoint.id}).`,
  };
}

function pick(c: Checkpoint): { id: number; hash: string; at: number } {
  return { id: c.id, hash: c.hash, at: c.at };
}
