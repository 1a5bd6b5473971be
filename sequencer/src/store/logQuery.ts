import type { Queryable } from "@halcyon/node-common";
import { type Address, bytesToHex, type Hex, hexToBytes } from "@halcyon/protocol";
import type { BlockLog } from "../chain/sealedBlock.ts";
import { type LogRow, logOfRow } from "./blockReader.ts";

/** eth_getLogs criteria: a block range, any of `addresses`, and per position any of the topics (null: any). */
export type LogFilter = {
  readonly fromBlock: bigint;
  readonly toBlock: bigint;
  readonly addresses?: readonly Address[] | undefined;
  readonly topics?: readonly (readonly Hex[] | null)[] | undefined;
};

export type LocatedLog = BlockLog & { readonly blockNumber: bigint; readonly blockHash: Hex };

/** Whether a log matches the address and topic criteria of `filter` (not its block range). */
export function logMatches(log: BlockLog, filter: Pick<LogFilter, "addresses" | "topics">): boolean {
  if (
    filter.addresses !== undefined &&
    filter.addresses.length > 0 &&
    !filter.addresses.includes(log.address)
  )
    return false;
  const topics = filter.topics ?? [];
  for (let i = 0; i < topics.length; i++) {
    const wanted = topics[i];
    if (wanted === null || wanted === undefined || wanted.length === 0) continue;
    const topic = log.topics[i];
    if (topic === undefined || !wanted.includes(topic)) return false;
  }
  return true;
}

/**
 * The logs matching `filter`, in block and log order, at most `limit` (the caller asks for one more
 * than it serves, to tell "exactly the cap" from "over the cap").
 */
export async function queryLogs(q: Queryable, filter: LogFilter, limit: number): Promise<LocatedLog[]> {
  const params: unknown[] = [filter.fromBlock, filter.toBlock];
  const conditions = ["l.block_number BETWEEN $1 AND $2"];
  if (filter.addresses !== undefined && filter.addresses.length > 0) {
    params.push(filter.addresses.map(hexToBytes));
    conditions.push(`l.address = ANY($${params.length}::bytea[])`);
  }
  (filter.topics ?? []).forEach((wanted, i) => {
    if (wanted === null || wanted.length === 0 || i > 3) return;
    params.push(wanted.map(hexToBytes));
    conditions.push(`l.topic${i} = ANY($${params.length}::bytea[])`);
  });
  params.push(limit);
  const { rows } = await q.query<LogRow & { block_hash: Uint8Array }>(
    `SELECT l.block_number, l.log_index, l.tx_index, l.tx_hash, l.address, l.topic0, l.topic1, l.topic2, l.topic3,
            l.data, b.hash AS block_hash
     FROM logs l JOIN blocks b ON b.number = l.block_number
     WHERE ${conditions.join(" AND ")}
     ORDER BY l.block_number, l.log_index LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => ({
    ...logOfRow(r),
    blockNumber: r.block_number,
    blockHash: bytesToHex(r.block_hash),
  }));
}
