import type { Queryable } from "@halcyon/node-common";
import { type Address, bytesToHex, type Hex } from "@halcyon/protocol";
import { hexBuffer } from "./hexBuffer.ts";

// The mempool table: what eth_sendRawTransaction acknowledged and no block has included yet.

export type MempoolRow = {
  readonly hash: Hex;
  readonly sender: Address;
  readonly nonce: bigint;
  readonly raw: Uint8Array;
};

/**
 * Inserts admitted transactions and deletes the rows of those they replaced or evicted, in one
 * statement (so atomically, and in one round trip: the intake's group commit).
 */
export async function insertMempoolTransactions(
  q: Queryable,
  added: readonly MempoolRow[],
  removed: readonly Hex[],
): Promise<void> {
  await q.query(
    `WITH gone AS (DELETE FROM mempool_transactions WHERE hash = ANY($5::bytea[]))
     INSERT INTO mempool_transactions (hash, sender, nonce, raw)
     SELECT * FROM unnest($1::bytea[], $2::bytea[], $3::int8[], $4::bytea[])
     ON CONFLICT (hash) DO NOTHING`,
    [
      added.map((r) => hexBuffer(r.hash)),
      added.map((r) => hexBuffer(r.sender)),
      added.map((r) => r.nonce),
      added.map((r) => r.raw),
      removed.map(hexBuffer),
    ],
  );
}

export async function deleteMempoolTransactions(q: Queryable, hashes: readonly Hex[]): Promise<void> {
  if (hashes.length === 0) return;
  await q.query("DELETE FROM mempool_transactions WHERE hash = ANY($1::bytea[])", [hashes.map(hexBuffer)]);
}

/** Every row, by sender and nonce (the order in which a restart re-admits them). */
export async function loadMempoolTransactions(q: Queryable): Promise<MempoolRow[]> {
  const { rows } = await q.query<{ hash: Uint8Array; sender: Uint8Array; nonce: bigint; raw: Uint8Array }>(
    "SELECT hash, sender, nonce, raw FROM mempool_transactions ORDER BY sender, nonce, received_at",
  );
  return rows.map((r) => ({
    hash: bytesToHex(r.hash),
    sender: bytesToHex(r.sender),
    nonce: r.nonce,
    raw: r.raw,
  }));
}
