import type { Queryable } from "@halcyon/node-common";
import { bytesToHex, type Hex } from "@halcyon/protocol";
import { hexBuffer } from "./hexBuffer.ts";

// Named L1 cursors: the last L1 block a reader processed, with its hash.

export type L1Cursor = { readonly blockNumber: bigint; readonly blockHash: Hex };

export async function readL1Cursor(q: Queryable, name: string): Promise<L1Cursor | undefined> {
  const { rows } = await q.query<{ block_number: bigint; block_hash: Uint8Array }>(
    "SELECT block_number, block_hash FROM l1_cursors WHERE name = $1",
    [name],
  );
  const row = rows[0];
  return row === undefined
    ? undefined
    : { blockNumber: row.block_number, blockHash: bytesToHex(row.block_hash) };
}

export async function writeL1Cursor(q: Queryable, name: string, cursor: L1Cursor): Promise<void> {
  await q.query(
    `INSERT INTO l1_cursors (name, block_number, block_hash) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET block_number = excluded.block_number, block_hash = excluded.block_hash`,
    [name, cursor.blockNumber, hexBuffer(cursor.blockHash)],
  );
}
