import type { Database } from "@halcyon/node-common";
import { bytesToHex, hexToBytes, type StateHeader } from "@halcyon/protocol";
import type { Hex } from "viem";
import type { ReplayOutcome } from "../replay/replayBatch.ts";

// What the replay stores: the current state leaves, and per replayed batch its result, the previous
// value of each leaf it changed, and its withdrawals. The previous values are what make a batch
// reversible: unwinding batches >= i writes them back, and overlaying them on the current leaves gives
// the pre-state of batch i without touching the stored state.

export type Leaf = { readonly key: Uint8Array; readonly value: Uint8Array };
/** A leaf to restore: its value before the unwound batches, undefined if it was absent. */
export type LeafUndo = { readonly key: Uint8Array; readonly previous: Uint8Array | undefined };

export type ReplayedBatch = {
  readonly index: bigint;
  readonly recordHash: Hex;
  readonly claimedRoot: Uint8Array;
  readonly computedRoot: Uint8Array;
  readonly agreed: boolean;
  /** The verifier's post-state header. */
  readonly header: StateHeader;
  readonly txCount: number;
  readonly includedCount: number;
};

export type ReplayStats = {
  readonly replayed: bigint;
  readonly agreed: bigint;
  readonly disputed: bigint;
  readonly transactions: bigint;
};

type ReplayedRow = {
  batch_index: bigint;
  record_hash: Uint8Array;
  claimed_root: Uint8Array;
  computed_root: Uint8Array;
  agreed: boolean;
  tree_root: Uint8Array;
  withdrawals_root: Uint8Array;
  withdrawal_count: bigint;
  queue_applied: bigint;
  account_count: bigint;
  tx_count: number;
  included_count: number;
};

const REPLAYED_COLUMNS = `batch_index, record_hash, claimed_root, computed_root, agreed, tree_root, withdrawals_root,
  withdrawal_count, queue_applied, account_count, tx_count, included_count`;

const REPLAYED_COLUMNS_OF_R = REPLAYED_COLUMNS.split(",")
  .map((column) => `r.${column.trim()}`)
  .join(", ");

function replayedFromRow(row: ReplayedRow): ReplayedBatch {
  return {
    index: row.batch_index,
    recordHash: bytesToHex(row.record_hash),
    claimedRoot: row.claimed_root,
    computedRoot: row.computed_root,
    agreed: row.agreed,
    header: {
      treeRoot: row.tree_root,
      withdrawalsRoot: row.withdrawals_root,
      withdrawalCount: row.withdrawal_count,
      queueApplied: row.queue_applied,
      accountCount: row.account_count,
    },
    txCount: row.tx_count,
    includedCount: row.included_count,
  };
}

// The value of every leaf changed by batches >= $1 as it was before the first of them.
const FIRST_PREVIOUS = `SELECT DISTINCT ON (key) key, previous FROM leaf_change WHERE batch_index >= $1
  ORDER BY key, batch_index`;

export type ReplayStore = ReturnType<typeof createReplayStore>;

export function createReplayStore(db: Database) {
  return {
    async lastReplayed(): Promise<ReplayedBatch | undefined> {
      const { rows } = await db.query<ReplayedRow>(
        `SELECT ${REPLAYED_COLUMNS} FROM replayed_batch ORDER BY batch_index DESC LIMIT 1`,
      );
      return rows[0] === undefined ? undefined : replayedFromRow(rows[0]);
    },

    async replayed(index: bigint): Promise<ReplayedBatch | undefined> {
      const { rows } = await db.query<ReplayedRow>(
        `SELECT ${REPLAYED_COLUMNS} FROM replayed_batch WHERE batch_index = $1`,
        [index],
      );
      return rows[0] === undefined ? undefined : replayedFromRow(rows[0]);
    },

    /** Every current state leaf. */
    async leaves(): Promise<Leaf[]> {
      const { rows } = await db.query<Leaf>("SELECT key, value FROM state_leaf");
      return rows;
    },

    /** The state leaves as they were before batch `index` ran (current leaves, undone back to it). */
    async leavesBefore(index: bigint): Promise<Leaf[]> {
      const { rows } = await db.query<Leaf>(
        `WITH first AS (${FIRST_PREVIOUS})
         SELECT s.key, s.value FROM state_leaf s WHERE NOT EXISTS (SELECT 1 FROM first f WHERE f.key = s.key)
         UNION ALL
         SELECT key, previous AS value FROM first WHERE previous IS NOT NULL`,
        [index],
      );
      return rows;
    },

    /** Leaf hashes of withdrawals [0, count), in order. */
    async withdrawalHashes(count: bigint): Promise<Uint8Array[]> {
      const { rows } = await db.query<{ leaf_hash: Uint8Array }>(
        "SELECT leaf_hash FROM withdrawal WHERE withdrawal_index < $1 ORDER BY withdrawal_index",
        [count],
      );
      return rows.map((r) => r.leaf_hash);
    },

    /** The lowest replayed batch that is no longer live on L1 (deleted by a game, or reorged out). */
    async firstStale(): Promise<bigint | undefined> {
      const { rows } = await db.query<{ index: bigint | null }>(
        `SELECT min(r.batch_index) AS index FROM replayed_batch r
         WHERE NOT EXISTS (SELECT 1 FROM batch b WHERE b.record_hash = r.record_hash AND b.deleted_at_block IS NULL)`,
      );
      return rows[0]?.index ?? undefined;
    },

    /** Stores one replayed batch: its result, leaf changes (with previous values) and withdrawals. */
    async save(outcome: ReplayOutcome, withdrawalHashes: readonly Uint8Array[]): Promise<void> {
      const written = outcome.changes.filter((c) => c.value !== undefined);
      const removed = outcome.changes.filter((c) => c.value === undefined);
      await db.transaction(async (tx) => {
        if (outcome.changes.length > 0) {
          await tx.query(
            `INSERT INTO leaf_change (batch_index, key, previous)
             SELECT $1, k, p FROM unnest($2::bytea[], $3::bytea[]) AS t(k, p)`,
            [
              outcome.index,
              outcome.changes.map((c) => c.key),
              outcome.changes.map((c) => c.previous ?? null),
            ],
          );
        }
        if (written.length > 0) {
          await tx.query(
            `INSERT INTO state_leaf (key, value) SELECT k, v FROM unnest($1::bytea[], $2::bytea[]) AS t(k, v)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
            [written.map((c) => c.key), written.map((c) => c.value!)],
          );
        }
        if (removed.length > 0) {
          await tx.query("DELETE FROM state_leaf WHERE key = ANY($1::bytea[])", [removed.map((c) => c.key)]);
        }
        if (outcome.withdrawals.length > 0) {
          const w = outcome.withdrawals;
          await tx.query(
            `INSERT INTO withdrawal (withdrawal_index, batch_index, l2_sender, l1_recipient, l1_token, amount, leaf_hash)
             SELECT i, $1, s, r, t, a, h
             FROM unnest($2::int8[], $3::bytea[], $4::bytea[], $5::bytea[], $6::numeric[], $7::bytea[])
               AS x(i, s, r, t, a, h)`,
            [
              outcome.index,
              w.map((l) => l.index),
              w.map((l) => hexToBytes(l.l2Sender)),
              w.map((l) => hexToBytes(l.l1Recipient)),
              w.map((l) => hexToBytes(l.l1Token)),
              w.map((l) => l.amount.toString()),
              withdrawalHashes,
            ],
          );
        }
        const h = outcome.header;
        await tx.query(
          `INSERT INTO replayed_batch (${REPLAYED_COLUMNS})
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            outcome.index,
            hexToBytes(outcome.recordHash),
            outcome.claimedRoot,
            outcome.computedRoot,
            outcome.agreed,
            h.treeRoot,
            h.withdrawalsRoot,
            h.withdrawalCount,
            h.queueApplied,
            h.accountCount,
            outcome.txCount,
            outcome.includedCount,
          ],
        );
      });
    },

    /**
     * Unwinds replayed batches >= index: writes back the leaves' previous values and forgets their
     * results and withdrawals. Returns what it wrote back, for the in-memory state to do the same.
     */
    async unwindFrom(index: bigint): Promise<LeafUndo[]> {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query<{ key: Uint8Array; previous: Uint8Array | null }>(FIRST_PREVIOUS, [
          index,
        ]);
        const absent = rows.filter((r) => r.previous === null).map((r) => r.key);
        const present = rows.filter((r) => r.previous !== null);
        if (absent.length > 0)
          await tx.query("DELETE FROM state_leaf WHERE key = ANY($1::bytea[])", [absent]);
        if (present.length > 0) {
          await tx.query(
            `INSERT INTO state_leaf (key, value) SELECT k, v FROM unnest($1::bytea[], $2::bytea[]) AS t(k, v)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
            [present.map((r) => r.key), present.map((r) => r.previous!)],
          );
        }
        await tx.query("DELETE FROM leaf_change WHERE batch_index >= $1", [index]);
        await tx.query("DELETE FROM withdrawal WHERE batch_index >= $1", [index]);
        await tx.query("DELETE FROM replayed_batch WHERE batch_index >= $1", [index]);
        return rows.map((r) => ({ key: r.key, previous: r.previous ?? undefined }));
      });
    },

    /** Replayed batches whose root the verifier disputes and that are still live on L1. */
    async disputedLive(): Promise<ReplayedBatch[]> {
      const { rows } = await db.query<ReplayedRow>(
        `SELECT ${REPLAYED_COLUMNS_OF_R} FROM replayed_batch r
         JOIN batch b ON b.record_hash = r.record_hash AND b.deleted_at_block IS NULL
         WHERE NOT r.agreed ORDER BY r.batch_index`,
      );
      return rows.map(replayedFromRow);
    },

    async stats(): Promise<ReplayStats> {
      const { rows } = await db.query<{ replayed: bigint; agreed: bigint | null; txs: bigint | null }>(
        `SELECT count(*) AS replayed, sum(CASE WHEN agreed THEN 1 ELSE 0 END)::int8 AS agreed,
                sum(tx_count)::int8 AS txs
         FROM replayed_batch`,
      );
      const row = rows[0]!;
      const agreed = row.agreed ?? 0n;
      return { replayed: row.replayed, agreed, disputed: row.replayed - agreed, transactions: row.txs ?? 0n };
    },

    async saveCommitments(recordHash: Hex, commitments: readonly Uint8Array[]): Promise<void> {
      const packed = new Uint8Array(commitments.length * 32);
      for (const [i, c] of commitments.entries()) packed.set(c, i * 32);
      await db.query(
        `INSERT INTO batch_commitments (record_hash, commitments) VALUES ($1, $2)
         ON CONFLICT (record_hash) DO NOTHING`,
        [hexToBytes(recordHash), packed],
      );
    },

    async loadCommitments(recordHash: Hex): Promise<Uint8Array[] | undefined> {
      const { rows } = await db.query<{ commitments: Uint8Array }>(
        "SELECT commitments FROM batch_commitments WHERE record_hash = $1",
        [hexToBytes(recordHash)],
      );
      const packed = rows[0]?.commitments;
      if (packed === undefined) return undefined;
      const out: Uint8Array[] = [];
      for (let i = 0; i < packed.length; i += 32) out.push(packed.slice(i, i + 32));
      return out;
    },
  };
}
