import type { BatchRecord, Queryable } from "@halcyon/node-common";
import { type Address, bytesToHex, type Hex, type StateHeader } from "@halcyon/protocol";
import { hexBuffer } from "./hexBuffer.ts";

// The batches table: what the batcher cut (data, steps, post-state header) and what the submitter
// learned on L1 (status, transaction, the record the Rollup emitted).

/** pending: not on L1 (yet, or again after a reorg); submitted: in an L1 block; posted: confirmed; final. */
export type BatchStatus = "pending" | "submitted" | "posted" | "final";

/** A batch as the batcher cut it. */
export type NewBatch = {
  readonly index: bigint;
  readonly firstBlock: bigint;
  readonly lastBlock: bigint;
  readonly data: Uint8Array;
  readonly dataRoot: Hex;
  readonly steps: number;
  readonly parentStateRoot: Hex;
  readonly stateRoot: Hex;
  /** The post-state header (its hash is stateRoot). */
  readonly header: StateHeader;
  /** The parent's queueApplied: the first entry the batch may apply. */
  readonly queueStart: bigint;
};

/** Where a batch landed on L1. */
export type BatchInclusion = {
  readonly txHash: Hex;
  readonly blockNumber: bigint;
  readonly blockHash: Hex;
  readonly record: BatchRecord;
  readonly recordHash: Hex;
};

export type StoredBatch = NewBatch & {
  readonly status: BatchStatus;
  readonly inclusion: BatchInclusion | undefined;
};

type BatchRow = {
  batch_index: bigint;
  first_block: bigint;
  last_block: bigint;
  data: Uint8Array;
  data_root: Uint8Array;
  steps: number;
  parent_state_root: Uint8Array;
  state_root: Uint8Array;
  tree_root: Uint8Array;
  withdrawals_root: Uint8Array;
  withdrawal_count: bigint;
  queue_start: bigint;
  queue_applied: bigint;
  account_count: bigint;
  status: BatchStatus;
  l1_tx_hash: Uint8Array | null;
  l1_block_number: bigint | null;
  l1_block_hash: Uint8Array | null;
  record_hash: Uint8Array | null;
  epoch: bigint | null;
  queue_limit: bigint | null;
  appended_at: bigint | null;
  proposer: Uint8Array | null;
};

const OTHER_COLUMNS = `batch_index, first_block, last_block, data_root, steps, parent_state_root, state_root,
  tree_root, withdrawals_root, withdrawal_count, queue_start, queue_applied, account_count, status, l1_tx_hash,
  l1_block_number, l1_block_hash, record_hash, epoch, queue_limit, appended_at, proposer`;
const COLUMNS = `data, ${OTHER_COLUMNS}`;
/** Without the data (an empty one): for status reads that do not need it. */
const COLUMNS_WITHOUT_DATA = `''::bytea AS data, ${OTHER_COLUMNS}`;

function batchOfRow(r: BatchRow): StoredBatch {
  const inclusion: BatchInclusion | undefined =
    r.l1_tx_hash === null || r.record_hash === null
      ? undefined
      : {
          txHash: bytesToHex(r.l1_tx_hash),
          blockNumber: r.l1_block_number!,
          blockHash: bytesToHex(r.l1_block_hash!),
          recordHash: bytesToHex(r.record_hash),
          record: {
            index: r.batch_index,
            epoch: r.epoch!,
            dataRoot: bytesToHex(r.data_root),
            parentStateRoot: bytesToHex(r.parent_state_root),
            stateRoot: bytesToHex(r.state_root),
            steps: r.steps,
            queueStart: r.queue_start,
            queueLimit: r.queue_limit!,
            queueApplied: r.queue_applied,
            appendedAt: r.appended_at!,
            proposer: bytesToHex(r.proposer!) as Address,
          },
        };
  return {
    index: r.batch_index,
    firstBlock: r.first_block,
    lastBlock: r.last_block,
    data: r.data,
    dataRoot: bytesToHex(r.data_root),
    steps: r.steps,
    parentStateRoot: bytesToHex(r.parent_state_root),
    stateRoot: bytesToHex(r.state_root),
    header: {
      treeRoot: r.tree_root,
      withdrawalsRoot: r.withdrawals_root,
      withdrawalCount: r.withdrawal_count,
      queueApplied: r.queue_applied,
      accountCount: r.account_count,
    },
    queueStart: r.queue_start,
    status: r.status,
    inclusion,
  };
}

export async function insertBatch(q: Queryable, b: NewBatch): Promise<void> {
  await q.query(
    `INSERT INTO batches (batch_index, first_block, last_block, data, data_root, steps, parent_state_root, state_root,
       tree_root, withdrawals_root, withdrawal_count, queue_start, queue_applied, account_count)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      b.index,
      b.firstBlock,
      b.lastBlock,
      b.data,
      hexBuffer(b.dataRoot),
      b.steps,
      hexBuffer(b.parentStateRoot),
      hexBuffer(b.stateRoot),
      b.header.treeRoot,
      b.header.withdrawalsRoot,
      b.header.withdrawalCount,
      b.queueStart,
      b.header.queueApplied,
      b.header.accountCount,
    ],
  );
}

export async function readBatch(
  q: Queryable,
  index: bigint,
  options: { withData?: boolean } = {},
): Promise<StoredBatch | undefined> {
  const columns = options.withData === false ? COLUMNS_WITHOUT_DATA : COLUMNS;
  const { rows } = await q.query<BatchRow>(`SELECT ${columns} FROM batches WHERE batch_index = $1`, [index]);
  return rows[0] === undefined ? undefined : batchOfRow(rows[0]);
}

/** The last batch cut, if any. */
export async function readLastBatch(q: Queryable): Promise<StoredBatch | undefined> {
  const { rows } = await q.query<BatchRow>(
    `SELECT ${COLUMNS_WITHOUT_DATA} FROM batches ORDER BY batch_index DESC LIMIT 1`,
  );
  return rows[0] === undefined ? undefined : batchOfRow(rows[0]);
}

/** The batch holding L2 block `block`, if one does. */
export async function readBatchOfBlock(q: Queryable, block: bigint): Promise<StoredBatch | undefined> {
  const { rows } = await q.query<BatchRow>(
    `SELECT ${COLUMNS_WITHOUT_DATA} FROM batches WHERE last_block >= $1 ORDER BY last_block LIMIT 1`,
    [block],
  );
  const row = rows[0];
  return row === undefined || row.first_block > block ? undefined : batchOfRow(row);
}

/** Indices of the batches not yet confirmed on L1, in order. */
export async function readUnpostedBatchIndices(q: Queryable): Promise<bigint[]> {
  const { rows } = await q.query<{ batch_index: bigint }>(
    "SELECT batch_index FROM batches WHERE status IN ('pending', 'submitted') ORDER BY batch_index",
  );
  return rows.map((r) => r.batch_index);
}

/** The batch is in an L1 block (status submitted), with the record the Rollup emitted. */
export async function markBatchSubmitted(q: Queryable, index: bigint, at: BatchInclusion): Promise<void> {
  await q.query(
    `UPDATE batches SET status = 'submitted', l1_tx_hash = $2, l1_block_number = $3, l1_block_hash = $4,
       record_hash = $5, epoch = $6, queue_limit = $7, appended_at = $8, proposer = $9
     WHERE batch_index = $1 AND status IN ('pending', 'submitted')`,
    [
      index,
      hexBuffer(at.txHash),
      at.blockNumber,
      hexBuffer(at.blockHash),
      hexBuffer(at.recordHash),
      at.record.epoch,
      at.record.queueLimit,
      at.record.appendedAt,
      hexBuffer(at.record.proposer),
    ],
  );
}

/** The batch's L1 transaction is confirmed. */
export async function markBatchPosted(q: Queryable, index: bigint): Promise<void> {
  await q.query(
    "UPDATE batches SET status = 'posted', posted_at = now() WHERE batch_index = $1 AND status = 'submitted'",
    [index],
  );
}

/** An L1 reorg dropped the batch's transaction: it must be appended again. */
export async function markBatchPending(q: Queryable, index: bigint): Promise<void> {
  await q.query(
    `UPDATE batches SET status = 'pending', l1_tx_hash = NULL, l1_block_number = NULL, l1_block_hash = NULL,
       record_hash = NULL, epoch = NULL, queue_limit = NULL, appended_at = NULL, proposer = NULL
     WHERE batch_index = $1 AND status = 'submitted'`,
    [index],
  );
}

/** Batches below `finalizedCount` (the Rollup's) are final. */
export async function markBatchesFinal(q: Queryable, finalizedCount: bigint): Promise<number> {
  const { rowCount } = await q.query(
    "UPDATE batches SET status = 'final' WHERE batch_index < $1 AND status = 'posted'",
    [finalizedCount],
  );
  return rowCount;
}

/** The last L2 block of the last batch with one of `statuses` (0 if none). */
export async function lastBlockWithStatus(q: Queryable, statuses: readonly BatchStatus[]): Promise<bigint> {
  const { rows } = await q.query<{ last: bigint | null }>(
    "SELECT max(last_block) AS last FROM batches WHERE status = ANY($1::text[])",
    [statuses],
  );
  return rows[0]?.last ?? 0n;
}
