import type { Queryable } from "@halcyon/node-common";
import { bytesToHex, type Hex } from "@halcyon/protocol";
import type { BatchStatus } from "./batchTable.ts";

// Pages of batches for the explorer (rollup_getBatches): what a list shows, without the data itself.

export type BatchSummary = {
  readonly index: bigint;
  readonly firstBlock: bigint;
  readonly lastBlock: bigint;
  readonly steps: number;
  readonly dataLength: number;
  readonly parentStateRoot: Hex;
  readonly stateRoot: Hex;
  readonly status: BatchStatus;
  readonly l1TransactionHash: Hex | undefined;
  readonly l1BlockNumber: bigint | undefined;
  /** When the batcher cut it and when its L1 transaction was confirmed (unix seconds). */
  readonly createdAt: number;
  readonly postedAt: number | undefined;
  /** Games against it that are open now. */
  readonly openGames: number;
};

type Row = {
  batch_index: bigint;
  first_block: bigint;
  last_block: bigint;
  steps: number;
  data_length: number;
  parent_state_root: Uint8Array;
  state_root: Uint8Array;
  status: BatchStatus;
  l1_tx_hash: Uint8Array | null;
  l1_block_number: bigint | null;
  created_at: Date;
  posted_at: Date | null;
  open_games: number;
};

/** Up to `limit` batches with an index below `before` (all if undefined), newest first. */
export async function readBatchSummaries(
  q: Queryable,
  limit: number,
  before: bigint | undefined,
): Promise<BatchSummary[]> {
  const { rows } = await q.query<Row>(
    `SELECT b.batch_index, b.first_block, b.last_block, b.steps, octet_length(b.data) AS data_length,
            b.parent_state_root, b.state_root, b.status, b.l1_tx_hash, b.l1_block_number, b.created_at, b.posted_at,
            (SELECT count(*) FROM dispute_games g WHERE g.batch_index = b.batch_index AND g.status = 'open')::int4
              AS open_games
     FROM batches b WHERE b.batch_index < $1 ORDER BY b.batch_index DESC LIMIT $2`,
    [before ?? 1n << 62n, limit],
  );
  return rows.map((r) => ({
    index: r.batch_index,
    firstBlock: r.first_block,
    lastBlock: r.last_block,
    steps: r.steps,
    dataLength: r.data_length,
    parentStateRoot: bytesToHex(r.parent_state_root),
    stateRoot: bytesToHex(r.state_root),
    status: r.status,
    l1TransactionHash: r.l1_tx_hash === null ? undefined : bytesToHex(r.l1_tx_hash),
    l1BlockNumber: r.l1_block_number ?? undefined,
    createdAt: Math.floor(r.created_at.getTime() / 1000),
    postedAt: r.posted_at === null ? undefined : Math.floor(r.posted_at.getTime() / 1000),
    openGames: r.open_games,
  }));
}
