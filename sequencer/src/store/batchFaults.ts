import type { Queryable } from "@halcyon/node-common";
import type { Hex } from "@halcyon/protocol";
import { hexBuffer } from "./hexBuffer.ts";
import type { NewBatch } from "./batchTable.ts";

// The test-only fault mode's records (sequencer/src/faults/): which stored batches tell a lie, and how,
// so that the defender re-executes them with the same lie after a restart too.

export type BatchFaultRow = { readonly kind: string; readonly lie: string | null };

export async function insertBatchFault(
  q: Queryable,
  index: bigint,
  stateRoot: Hex,
  fault: BatchFaultRow,
): Promise<void> {
  await q.query(
    `INSERT INTO batch_faults (batch_index, state_root, kind, lie) VALUES ($1, $2, $3, $4)
     ON CONFLICT (batch_index, state_root) DO NOTHING`,
    [index, hexBuffer(stateRoot), fault.kind, fault.lie],
  );
}

/** The fault of the batch `index` whose claimed root is `stateRoot`, if it has one. */
export async function readBatchFault(
  q: Queryable,
  index: bigint,
  stateRoot: Hex,
): Promise<BatchFaultRow | undefined> {
  const { rows } = await q.query<{ kind: string; lie: string | null }>(
    "SELECT kind, lie FROM batch_faults WHERE batch_index = $1 AND state_root = $2",
    [index, hexBuffer(stateRoot)],
  );
  return rows[0];
}

/** Puts a batch not yet on L1 back to `batch`'s contents (a refused faulty batch becomes the honest one). */
export async function replacePendingBatch(q: Queryable, batch: NewBatch): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE batches SET data = $2, data_root = $3, steps = $4, state_root = $5, tree_root = $6,
       withdrawals_root = $7, withdrawal_count = $8, queue_applied = $9, account_count = $10
     WHERE batch_index = $1 AND status = 'pending'`,
    [
      batch.index,
      batch.data,
      hexBuffer(batch.dataRoot),
      batch.steps,
      hexBuffer(batch.stateRoot),
      batch.header.treeRoot,
      batch.header.withdrawalsRoot,
      batch.header.withdrawalCount,
      batch.header.queueApplied,
      batch.header.accountCount,
    ],
  );
  return rowCount > 0;
}
