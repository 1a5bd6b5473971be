import type { BatchRecord, Database, Queryable } from "@halcyon/node-common";
import {
  type Address,
  bytesToHex,
  decodeTransaction,
  encodeStateHeader,
  hexToBytes,
  type QueueEntry,
  type StateHeader,
} from "@halcyon/protocol";
import { getAddress, type Hex } from "viem";
import { decodeStateHeader } from "../derive/batchRecord.ts";
import type { DerivedHead, DerivedRange } from "../derive/types.ts";

// What the derivation pipeline stores: the L1 cursor, block hashes, queue entries, batches, deletions.

export type BlockHashRef = { readonly number: bigint; readonly hash: Hex };

/** A batch as stored: its record, claimed header, data and where it came from. */
export type StoredBatch = {
  readonly recordHash: Hex;
  readonly record: BatchRecord;
  readonly header: StateHeader;
  readonly data: Uint8Array;
  readonly l1Block: bigint;
  readonly l1TxHash: Hex;
  /** The L1 block of the BatchesDeleted that removed it; null while live. */
  readonly deletedAtBlock: bigint | null;
};

export type UnwindSummary = {
  readonly queueEntries: number;
  readonly batches: number;
  readonly restoredBatches: number;
};

export type DerivationCounts = {
  readonly liveBatches: bigint;
  readonly queueEntries: bigint;
  readonly deletions: bigint;
};

type BatchRow = {
  record_hash: Uint8Array;
  batch_index: bigint;
  epoch: bigint;
  data_root: Uint8Array;
  parent_state_root: Uint8Array;
  state_root: Uint8Array;
  steps: number;
  queue_start: bigint;
  queue_limit: bigint;
  queue_applied: bigint;
  appended_at: bigint;
  proposer: Uint8Array;
  header: Uint8Array;
  data: Uint8Array;
  l1_block: bigint;
  l1_tx_hash: Uint8Array;
  deleted_at_block: bigint | null;
};

type QueueRow = {
  queue_index: bigint;
  kind: QueueEntry["kind"];
  from_address: Uint8Array;
  to_address: Uint8Array | null;
  l1_token: Uint8Array | null;
  amount: string | null;
  raw_transaction: Uint8Array | null;
  l1_timestamp: bigint;
};

const BATCH_COLUMNS = `record_hash, batch_index, epoch, data_root, parent_state_root, state_root, steps, queue_start,
  queue_limit, queue_applied, appended_at, proposer, header, data, l1_block, l1_tx_hash, deleted_at_block`;

function address(bytes: Uint8Array): Address {
  return bytesToHex(bytes) as Address;
}

function batchFromRow(row: BatchRow): StoredBatch {
  return {
    recordHash: bytesToHex(row.record_hash),
    record: {
      index: row.batch_index,
      epoch: row.epoch,
      dataRoot: bytesToHex(row.data_root),
      parentStateRoot: bytesToHex(row.parent_state_root),
      stateRoot: bytesToHex(row.state_root),
      steps: row.steps,
      queueStart: row.queue_start,
      queueLimit: row.queue_limit,
      queueApplied: row.queue_applied,
      appendedAt: row.appended_at,
      proposer: getAddress(bytesToHex(row.proposer)),
    },
    header: decodeStateHeader(row.header),
    data: row.data,
    l1Block: row.l1_block,
    l1TxHash: bytesToHex(row.l1_tx_hash),
    deletedAtBlock: row.deleted_at_block,
  };
}

function entryFromRow(row: QueueRow, chainId: bigint): QueueEntry {
  const base = {
    queueIndex: row.queue_index,
    from: address(row.from_address),
    l1Timestamp: row.l1_timestamp,
  };
  switch (row.kind) {
    case "eth-deposit":
      return { ...base, kind: "eth-deposit", to: address(row.to_address!), amount: BigInt(row.amount!) };
    case "erc20-deposit":
      return {
        ...base,
        kind: "erc20-deposit",
        to: address(row.to_address!),
        l1Token: address(row.l1_token!),
        amount: BigInt(row.amount!),
      };
    case "forced-transaction":
      // Decoded when stored already (the Bridge checked it too): this cannot fail on a row we wrote.
      return { ...base, kind: "forced-transaction", tx: decodeTransaction(row.raw_transaction!, chainId) };
  }
}

async function insertRange(tx: Queryable, range: DerivedRange): Promise<void> {
  for (const block of range.blocks) {
    await tx.query(
      `INSERT INTO l1_block (block_number, block_hash) VALUES ($1, $2)
       ON CONFLICT (block_number) DO UPDATE SET block_hash = excluded.block_hash`,
      [block.number, hexToBytes(block.hash)],
    );
  }
  for (const item of range.items) {
    switch (item.kind) {
      case "queue-entry": {
        const e = item.entry;
        await tx.query(
          `INSERT INTO queue_entry (queue_index, kind, from_address, to_address, l1_token, amount, raw_transaction,
             l1_timestamp, entry_hash, l1_block, l1_log_index)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            e.queueIndex,
            e.kind,
            hexToBytes(e.from),
            e.kind === "forced-transaction" ? null : hexToBytes(e.to),
            e.kind === "erc20-deposit" ? hexToBytes(e.l1Token) : null,
            e.kind === "forced-transaction" ? null : e.amount.toString(),
            item.rawTransaction ?? null,
            e.l1Timestamp,
            item.entryHash,
            item.l1Block,
            item.logIndex,
          ],
        );
        break;
      }
      case "batch": {
        const r = item.record;
        await tx.query(
          `INSERT INTO batch (record_hash, batch_index, epoch, data_root, parent_state_root, state_root, steps,
             queue_start, queue_limit, queue_applied, appended_at, proposer, header, data, l1_block, l1_tx_hash,
             l1_log_index)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
          [
            hexToBytes(item.recordHash),
            r.index,
            r.epoch,
            hexToBytes(r.dataRoot),
            hexToBytes(r.parentStateRoot),
            hexToBytes(r.stateRoot),
            r.steps,
            r.queueStart,
            r.queueLimit,
            r.queueApplied,
            r.appendedAt,
            hexToBytes(r.proposer),
            encodeStateHeader(item.header),
            item.data,
            item.l1Block,
            hexToBytes(item.l1TxHash),
            item.logIndex,
          ],
        );
        break;
      }
      case "deletion":
        await tx.query(
          "UPDATE batch SET deleted_at_block = $1 WHERE deleted_at_block IS NULL AND batch_index >= $2",
          [item.l1Block, item.fromIndex],
        );
        await tx.query(
          `INSERT INTO batch_deletion (l1_block, l1_log_index, from_index, previous_count, epoch)
           VALUES ($1, $2, $3, $4, $5)`,
          [item.l1Block, item.logIndex, item.fromIndex, item.previousCount, item.epoch],
        );
        break;
    }
  }
  await setCursor(tx, range.to);
}

async function setCursor(q: Queryable, ref: BlockHashRef): Promise<void> {
  await q.query(
    `INSERT INTO l1_cursor (id, block_number, block_hash) VALUES (1, $1, $2)
     ON CONFLICT (id) DO UPDATE SET block_number = excluded.block_number, block_hash = excluded.block_hash`,
    [ref.number, hexToBytes(ref.hash)],
  );
}

export type DerivationStore = ReturnType<typeof createDerivationStore>;

export function createDerivationStore(db: Database) {
  return {
    async readMeta(key: string): Promise<string | undefined> {
      const { rows } = await db.query<{ value: string }>("SELECT value FROM verifier_meta WHERE key = $1", [
        key,
      ]);
      return rows[0]?.value;
    },

    async writeMeta(key: string, value: string): Promise<void> {
      await db.query(
        `INSERT INTO verifier_meta (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [key, value],
      );
    },

    /** The last L1 block whose items are stored, or undefined before the first range. */
    async cursor(): Promise<BlockHashRef | undefined> {
      const { rows } = await db.query<{ block_number: bigint; block_hash: Uint8Array }>(
        "SELECT block_number, block_hash FROM l1_cursor WHERE id = 1",
      );
      const row = rows[0];
      return row === undefined ? undefined : { number: row.block_number, hash: bytesToHex(row.block_hash) };
    },

    async initCursor(ref: BlockHashRef): Promise<void> {
      await setCursor(db, ref);
    },

    /** The live chain as stored: what the next derived item must continue. */
    async head(): Promise<DerivedHead> {
      const [batches, queue, deletions] = await Promise.all([
        db.query<{ count: bigint; state_root: Uint8Array | null; queue_applied: bigint | null }>(
          `SELECT (SELECT count(*) FROM batch WHERE deleted_at_block IS NULL) AS count, b.state_root, b.queue_applied
           FROM (SELECT 1) one
           LEFT JOIN LATERAL (SELECT state_root, queue_applied FROM batch WHERE deleted_at_block IS NULL
                              ORDER BY batch_index DESC LIMIT 1) b ON true`,
        ),
        db.query<{ count: bigint }>("SELECT count(*) AS count FROM queue_entry"),
        db.query<{ epoch: bigint | null }>("SELECT max(epoch) AS epoch FROM batch_deletion"),
      ]);
      const last = batches.rows[0]!;
      return {
        batchCount: last.count,
        lastStateRoot: last.state_root === null ? `0x${"00".repeat(32)}` : bytesToHex(last.state_root),
        queueApplied: last.queue_applied ?? 0n,
        epoch: deletions.rows[0]?.epoch ?? 0n,
        queueLength: queue.rows[0]!.count,
      };
    },

    /** Stores one range's items and moves the cursor, in one transaction. */
    async commitRange(range: DerivedRange): Promise<void> {
      await db.transaction((tx) => insertRange(tx, range));
    },

    /** Stored block hashes at or below `atOrBelow`, highest first: the candidates for a common ancestor. */
    async storedBlocks(atOrBelow: bigint, limit: number): Promise<BlockHashRef[]> {
      const { rows } = await db.query<{ block_number: bigint; block_hash: Uint8Array }>(
        `SELECT block_number, block_hash FROM l1_block WHERE block_number <= $1
         ORDER BY block_number DESC LIMIT $2`,
        [atOrBelow, limit],
      );
      return rows.map((r) => ({ number: r.block_number, hash: bytesToHex(r.block_hash) }));
    },

    /**
     * Forgets everything blocks above `ancestor` brought (queue entries, batches, deletions, which
     * makes the batches they deleted live again) and moves the cursor back to `ancestor`.
     */
    async unwindAbove(ancestor: BlockHashRef): Promise<UnwindSummary> {
      return db.transaction(async (tx) => {
        const entries = await tx.query("DELETE FROM queue_entry WHERE l1_block > $1", [ancestor.number]);
        const batches = await tx.query("DELETE FROM batch WHERE l1_block > $1", [ancestor.number]);
        const restored = await tx.query(
          "UPDATE batch SET deleted_at_block = NULL WHERE deleted_at_block > $1",
          [ancestor.number],
        );
        await tx.query("DELETE FROM batch_deletion WHERE l1_block > $1", [ancestor.number]);
        await tx.query("DELETE FROM l1_block WHERE block_number > $1", [ancestor.number]);
        await setCursor(tx, ancestor);
        return {
          queueEntries: entries.rowCount,
          batches: batches.rowCount,
          restoredBatches: restored.rowCount,
        };
      });
    },

    /** Live batches with index >= fromIndex, in index order, at most `limit`. */
    async liveBatches(fromIndex: bigint, limit: number): Promise<StoredBatch[]> {
      const { rows } = await db.query<BatchRow>(
        `SELECT ${BATCH_COLUMNS} FROM batch WHERE deleted_at_block IS NULL AND batch_index >= $1
         ORDER BY batch_index LIMIT $2`,
        [fromIndex, limit],
      );
      return rows.map(batchFromRow);
    },

    async batchByRecordHash(recordHash: Hex): Promise<StoredBatch | undefined> {
      const { rows } = await db.query<BatchRow>(`SELECT ${BATCH_COLUMNS} FROM batch WHERE record_hash = $1`, [
        hexToBytes(recordHash),
      ]);
      const row = rows[0];
      return row === undefined ? undefined : batchFromRow(row);
    },

    /** Queue entries [from, to), in order (fewer if not all are derived). */
    async queueEntries(from: bigint, to: bigint, chainId: bigint): Promise<QueueEntry[]> {
      const { rows } = await db.query<QueueRow>(
        `SELECT queue_index, kind, from_address, to_address, l1_token, amount, raw_transaction, l1_timestamp
         FROM queue_entry WHERE queue_index >= $1 AND queue_index < $2 ORDER BY queue_index`,
        [from, to],
      );
      return rows.map((row) => entryFromRow(row, chainId));
    },

    async counts(): Promise<DerivationCounts> {
      const { rows } = await db.query<{ live: bigint; entries: bigint; deletions: bigint }>(
        `SELECT (SELECT count(*) FROM batch WHERE deleted_at_block IS NULL) AS live,
                (SELECT count(*) FROM queue_entry) AS entries,
                (SELECT count(*) FROM batch_deletion) AS deletions`,
      );
      const row = rows[0]!;
      return { liveBatches: row.live, queueEntries: row.entries, deletions: row.deletions };
    },
  };
}
