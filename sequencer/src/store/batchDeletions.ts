import type { Queryable } from "@halcyon/node-common";
import { bytesToHex, type Hex } from "@halcyon/protocol";
import { hexBuffer } from "./hexBuffer.ts";

// Deletions of batches by the Rollup after a lost game (IRollup.BatchesDeleted). The L1 follower records
// each one with its cursor, in one database transaction; the recovery then moves the deleted batches out
// of `batches` (their indices are cut again from the same L2 blocks) and marks the deletion handled, again
// in one transaction. A crash between the two leaves an unhandled deletion that the next start handles.

export type BatchDeletion = {
  /** The Rollup's epoch after the deletion (one per deletion). */
  readonly epoch: bigint;
  readonly fromIndex: bigint;
  readonly previousCount: bigint;
  /** The state root and queue position the chain continues from (the parent's). */
  readonly stateRoot: Hex;
  readonly queueApplied: bigint;
  readonly l1BlockNumber: bigint;
};

type Row = {
  epoch: bigint;
  from_index: bigint;
  previous_count: bigint;
  state_root: Uint8Array;
  queue_applied: bigint;
  l1_block_number: bigint;
};

export async function insertBatchDeletions(q: Queryable, deletions: readonly BatchDeletion[]): Promise<void> {
  for (const d of deletions) {
    await q.query(
      `INSERT INTO batch_deletions (epoch, from_index, previous_count, state_root, queue_applied, l1_block_number)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (epoch) DO NOTHING`,
      [d.epoch, d.fromIndex, d.previousCount, hexBuffer(d.stateRoot), d.queueApplied, d.l1BlockNumber],
    );
  }
}

/** Deletions not handled yet, oldest first. */
export async function readUnhandledDeletions(q: Queryable): Promise<BatchDeletion[]> {
  const { rows } = await q.query<Row>(
    `SELECT epoch, from_index, previous_count, state_root, queue_applied, l1_block_number
     FROM batch_deletions WHERE NOT handled ORDER BY epoch`,
  );
  return rows.map((r) => ({
    epoch: r.epoch,
    fromIndex: r.from_index,
    previousCount: r.previous_count,
    stateRoot: bytesToHex(r.state_root),
    queueApplied: r.queue_applied,
    l1BlockNumber: r.l1_block_number,
  }));
}

/** How many deletions were handled: batches cut after the n-th are generation n (their job ids differ). */
export async function readBatchGeneration(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: bigint }>(
    "SELECT count(*)::int8 AS n FROM batch_deletions WHERE handled",
  );
  return Number(rows[0]?.n ?? 0n);
}

/**
 * Moves batches `deletion.fromIndex` and later into `deleted_batches` and marks the deletion handled
 * (call inside a transaction). Returns how many batches moved.
 */
export async function applyBatchDeletion(q: Queryable, deletion: BatchDeletion): Promise<number> {
  await q.query("INSERT INTO deleted_batches SELECT b.*, $2::int8 FROM batches b WHERE b.batch_index >= $1", [
    deletion.fromIndex,
    deletion.epoch,
  ]);
  const { rowCount } = await q.query("DELETE FROM batches WHERE batch_index >= $1", [deletion.fromIndex]);
  await q.query("UPDATE batch_deletions SET handled = true WHERE epoch = $1", [deletion.epoch]);
  return rowCount;
}
