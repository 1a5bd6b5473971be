import type { Queryable } from "@halcyon/node-common";
import {
  type Address,
  bytesToHex,
  decodeTransaction,
  encodeSignedTransaction,
  type Hex,
  type QueueEntry,
} from "@halcyon/protocol";
import { hexBuffer } from "./hexBuffer.ts";

// The l1_queue_entries table as the L1 follower fills it (entries confirmed on L1, not yet applied) and
// as the defender reads it back (any entry, to re-execute a batch).

/** A queue entry with where the follower found it on L1. */
export type LocatedQueueEntry = {
  readonly entry: QueueEntry;
  readonly entryHash: Hex;
  readonly l1BlockNumber: bigint;
  readonly l1TxHash: Hex;
};

type QueueEntryRow = {
  queue_index: bigint;
  kind: QueueEntry["kind"];
  from_address: Uint8Array;
  to_address: Uint8Array | null;
  l1_token: Uint8Array | null;
  amount: string | null;
  raw_transaction: Uint8Array | null;
  l1_timestamp: bigint;
};

const COLUMNS =
  "queue_index, kind, from_address, to_address, l1_token, amount, raw_transaction, l1_timestamp";

/** Rebuilds an entry from its row (a forced transaction is decoded from its raw envelope). */
export function queueEntryOfRow(r: QueueEntryRow, chainId: bigint): QueueEntry {
  const base = {
    queueIndex: r.queue_index,
    from: bytesToHex(r.from_address) as Address,
    l1Timestamp: r.l1_timestamp,
  };
  switch (r.kind) {
    case "eth-deposit":
      return { ...base, kind: r.kind, to: bytesToHex(r.to_address!), amount: BigInt(r.amount!) };
    case "erc20-deposit":
      return {
        ...base,
        kind: r.kind,
        to: bytesToHex(r.to_address!),
        l1Token: bytesToHex(r.l1_token!),
        amount: BigInt(r.amount!),
      };
    case "forced-transaction": {
      const { hash: _hash, ...tx } = decodeTransaction(r.raw_transaction!, chainId);
      return { ...base, kind: r.kind, tx };
    }
  }
}

/**
 * Inserts entries the follower confirmed. An entry already there (applied by a block, or inserted
 * before a crash) is left as it is; the caller has checked every entry against the Bridge.
 */
export async function insertQueueEntries(q: Queryable, entries: readonly LocatedQueueEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const e = entries.map((l) => l.entry);
  await q.query(
    `INSERT INTO l1_queue_entries (queue_index, kind, from_address, to_address, l1_token, amount, raw_transaction,
       l1_timestamp, entry_hash, l1_block_number, l1_tx_hash)
     SELECT * FROM unnest($1::int8[], $2::text[], $3::bytea[], $4::bytea[], $5::bytea[], $6::numeric[], $7::bytea[],
                          $8::int8[], $9::bytea[], $10::int8[], $11::bytea[])
     ON CONFLICT (queue_index) DO UPDATE SET l1_block_number = excluded.l1_block_number,
       l1_tx_hash = excluded.l1_tx_hash`,
    [
      e.map((x) => x.queueIndex),
      e.map((x) => x.kind),
      e.map((x) => hexBuffer(x.from)),
      e.map((x) => (x.kind === "forced-transaction" ? null : hexBuffer(x.to))),
      e.map((x) => (x.kind === "erc20-deposit" ? hexBuffer(x.l1Token) : null)),
      e.map((x) => (x.kind === "forced-transaction" ? null : x.amount)),
      e.map((x) => (x.kind === "forced-transaction" ? encodeSignedTransaction(x.tx) : null)),
      e.map((x) => x.l1Timestamp),
      entries.map((l) => hexBuffer(l.entryHash)),
      entries.map((l) => l.l1BlockNumber),
      entries.map((l) => hexBuffer(l.l1TxHash)),
    ],
  );
}

/** Entries no block has applied yet, in queue order. */
export async function loadUnappliedQueueEntries(q: Queryable, chainId: bigint): Promise<QueueEntry[]> {
  const { rows } = await q.query<QueueEntryRow>(
    `SELECT ${COLUMNS} FROM l1_queue_entries WHERE block_number IS NULL ORDER BY queue_index`,
  );
  return rows.map((r) => queueEntryOfRow(r, chainId));
}

/** Entries [from, to) as stored, in queue order (fewer if some are unknown). */
export async function loadQueueEntries(
  q: Queryable,
  chainId: bigint,
  from: bigint,
  to: bigint,
): Promise<QueueEntry[]> {
  const { rows } = await q.query<QueueEntryRow>(
    `SELECT ${COLUMNS} FROM l1_queue_entries WHERE queue_index >= $1 AND queue_index < $2 ORDER BY queue_index`,
    [from, to],
  );
  return rows.map((r) => queueEntryOfRow(r, chainId));
}

/** The number of entries the store knows of (applied or not): the next queue index it expects. */
export async function knownQueueLength(q: Queryable): Promise<bigint> {
  const { rows } = await q.query<{ next: bigint | null }>(
    "SELECT max(queue_index) + 1 AS next FROM l1_queue_entries",
  );
  return rows[0]?.next ?? 0n;
}
