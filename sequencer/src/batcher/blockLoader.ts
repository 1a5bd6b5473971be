import type { Queryable } from "@halcyon/node-common";
import { decodeTransaction, type EncodableTx } from "@halcyon/protocol";
import { hintsOfRow, readHeaderRange } from "../store/blockReader.ts";
import { type BatchableBlock, batchableBlock, encodableTx } from "./batchableBlock.ts";

/**
 * Blocks [from, to] from the store as the batcher takes them: headers, transactions decoded from their
 * raw envelopes with the address hints the producer stored, and each block's oldest queue entry time.
 */
export async function loadBatchableBlocks(
  q: Queryable,
  chainId: bigint,
  from: bigint,
  to: bigint,
): Promise<BatchableBlock[]> {
  const headers = await readHeaderRange(q, from, to);
  if (headers.length === 0) return [];
  const last = headers[headers.length - 1]!.number;
  const { rows } = await q.query<{
    block_number: bigint;
    raw: Uint8Array;
    to_index: bigint | null;
    recipient_index: bigint | null;
  }>(
    `SELECT block_number, raw, to_index, recipient_index FROM transactions
     WHERE block_number BETWEEN $1 AND $2 ORDER BY block_number, tx_index`,
    [from, last],
  );
  const txs = new Map<bigint, EncodableTx[]>();
  for (const row of rows) {
    const list = txs.get(row.block_number) ?? [];
    list.push(encodableTx(decodeTransaction(row.raw, chainId), hintsOfRow(row)));
    txs.set(row.block_number, list);
  }
  const entries = await q.query<{ block_number: bigint; oldest: bigint }>(
    `SELECT block_number, min(l1_timestamp) AS oldest FROM l1_queue_entries
     WHERE block_number BETWEEN $1 AND $2 GROUP BY block_number`,
    [from, last],
  );
  const oldest = new Map(entries.rows.map((r) => [r.block_number, r.oldest]));
  return headers.map((h) => batchableBlock(h, txs.get(h.number) ?? [], oldest.get(h.number)));
}
