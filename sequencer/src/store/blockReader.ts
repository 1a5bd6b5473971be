import type { Queryable } from "@halcyon/node-common";
import { bytesToHex, decodeTransaction, type FailureReason, type Hex, hexToBytes } from "@halcyon/protocol";
import type { AddressHints, BlockHeader, BlockLog, IncludedTransaction } from "../chain/sealedBlock.ts";

// Reads of sealed blocks, their transactions, receipts and logs.

type HeaderRow = {
  number: bigint;
  hash: Uint8Array;
  parent_hash: Uint8Array;
  timestamp: bigint;
  base_fee: string;
  state_root: Uint8Array;
  transactions_hash: Uint8Array;
  receipts_root: Uint8Array;
  queue_start: bigint;
  queue_count: bigint;
  tx_count: number;
  gas_used: bigint;
  logs_bloom: Uint8Array;
  size: bigint;
  tree_root: Uint8Array;
  withdrawals_root: Uint8Array;
  withdrawal_count: bigint;
  queue_applied: bigint;
  account_count: bigint;
};

const HEADER_COLUMNS = `number, hash, parent_hash, timestamp, base_fee, state_root, transactions_hash, receipts_root,
  queue_start, queue_count, tx_count, gas_used, logs_bloom, size, tree_root, withdrawals_root, withdrawal_count,
  queue_applied, account_count`;

function headerOfRow(r: HeaderRow): BlockHeader {
  return {
    number: r.number,
    hash: bytesToHex(r.hash),
    parentHash: bytesToHex(r.parent_hash),
    timestamp: r.timestamp,
    baseFee: BigInt(r.base_fee),
    stateRoot: bytesToHex(r.state_root),
    transactionsHash: bytesToHex(r.transactions_hash),
    receiptsRoot: bytesToHex(r.receipts_root),
    queueStart: r.queue_start,
    queueCount: r.queue_count,
    txCount: r.tx_count,
    gasUsed: r.gas_used,
    logsBloom: bytesToHex(r.logs_bloom),
    size: r.size,
    state: {
      treeRoot: r.tree_root,
      withdrawalsRoot: r.withdrawals_root,
      withdrawalCount: r.withdrawal_count,
      queueApplied: r.queue_applied,
      accountCount: r.account_count,
    },
  };
}

export async function readHeaderByNumber(q: Queryable, number: bigint): Promise<BlockHeader | undefined> {
  const { rows } = await q.query<HeaderRow>(`SELECT ${HEADER_COLUMNS} FROM blocks WHERE number = $1`, [
    number,
  ]);
  return rows[0] === undefined ? undefined : headerOfRow(rows[0]);
}

export async function readHeaderByHash(q: Queryable, hash: Hex): Promise<BlockHeader | undefined> {
  const { rows } = await q.query<HeaderRow>(`SELECT ${HEADER_COLUMNS} FROM blocks WHERE hash = $1`, [
    hexToBytes(hash),
  ]);
  return rows[0] === undefined ? undefined : headerOfRow(rows[0]);
}

/** The last block, or undefined before genesis is written. */
export async function readLatestHeader(q: Queryable): Promise<BlockHeader | undefined> {
  const { rows } = await q.query<HeaderRow>(
    `SELECT ${HEADER_COLUMNS} FROM blocks ORDER BY number DESC LIMIT 1`,
  );
  return rows[0] === undefined ? undefined : headerOfRow(rows[0]);
}

/** Headers of blocks [from, to], in order. */
export async function readHeaderRange(q: Queryable, from: bigint, to: bigint): Promise<BlockHeader[]> {
  const { rows } = await q.query<HeaderRow>(
    `SELECT ${HEADER_COLUMNS} FROM blocks WHERE number BETWEEN $1 AND $2 ORDER BY number`,
    [from, to],
  );
  return rows.map(headerOfRow);
}

export type LogRow = {
  block_number: bigint;
  log_index: number;
  tx_index: number;
  tx_hash: Uint8Array;
  address: Uint8Array;
  topic0: Uint8Array | null;
  topic1: Uint8Array | null;
  topic2: Uint8Array | null;
  topic3: Uint8Array | null;
  data: Uint8Array;
};

export function logOfRow(r: LogRow): BlockLog {
  const topics: Hex[] = [];
  for (const t of [r.topic0, r.topic1, r.topic2, r.topic3]) if (t !== null) topics.push(bytesToHex(t));
  return {
    address: bytesToHex(r.address),
    topics,
    data: bytesToHex(r.data),
    logIndex: r.log_index,
    transactionIndex: r.tx_index,
    transactionHash: bytesToHex(r.tx_hash),
  };
}

type TxRow = {
  hash: Uint8Array;
  tx_index: number;
  sender: Uint8Array;
  raw: Uint8Array;
  to_index: bigint | null;
  recipient_index: bigint | null;
  status: number;
  gas_used: bigint;
  cumulative_gas_used: bigint;
  effective_gas_price: string;
  failure: string | null;
};

export function hintsOfRow(r: { to_index: bigint | null; recipient_index: bigint | null }): AddressHints {
  return {
    ...(r.to_index === null ? {} : { toIndex: r.to_index }),
    ...(r.recipient_index === null ? {} : { recipientIndex: r.recipient_index }),
  };
}

async function transactionsWhere(
  q: Queryable,
  chainId: bigint,
  where: string,
  params: unknown[],
): Promise<Array<{ blockNumber: bigint; tx: IncludedTransaction }>> {
  const { rows } = await q.query<TxRow & { block_number: bigint }>(
    `SELECT t.hash, t.block_number, t.tx_index, t.sender, t.raw, t.to_index, t.recipient_index, r.status, r.gas_used, r.cumulative_gas_used,
            r.effective_gas_price, r.failure
     FROM transactions t JOIN receipts r ON r.block_number = t.block_number AND r.tx_index = t.tx_index
     WHERE ${where} ORDER BY t.block_number, t.tx_index`,
    params,
  );
  if (rows.length === 0) return [];
  const blocks = [...new Set(rows.map((r) => r.block_number))];
  const logRows = await q.query<LogRow>(
    `SELECT block_number, log_index, tx_index, tx_hash, address, topic0, topic1, topic2, topic3, data
     FROM logs WHERE block_number = ANY($1::int8[]) AND tx_hash = ANY($2::bytea[]) ORDER BY block_number, log_index`,
    [blocks, rows.map((r) => r.hash)],
  );
  const logsByTx = new Map<Hex, BlockLog[]>();
  for (const row of logRows.rows) {
    const log = logOfRow(row);
    const list = logsByTx.get(log.transactionHash);
    if (list === undefined) logsByTx.set(log.transactionHash, [log]);
    else list.push(log);
  }
  return rows.map((r) => {
    const tx = decodeTransaction(r.raw, chainId);
    const included: IncludedTransaction = {
      tx,
      raw: r.raw,
      sender: bytesToHex(r.sender),
      hints: hintsOfRow(r),
      index: r.tx_index,
      status: r.status === 1 ? 1 : 0,
      failure: (r.failure ?? undefined) as FailureReason | undefined,
      gasUsed: r.gas_used,
      cumulativeGasUsed: r.cumulative_gas_used,
      effectiveGasPrice: BigInt(r.effective_gas_price),
      logs: logsByTx.get(tx.hash) ?? [],
    };
    return { blockNumber: r.block_number, tx: included };
  });
}

/** The transactions of block `number`, with receipts and logs, in order. */
export async function readBlockTransactions(
  q: Queryable,
  chainId: bigint,
  number: bigint,
): Promise<IncludedTransaction[]> {
  const found = await transactionsWhere(q, chainId, "t.block_number = $1", [number]);
  return found.map((f) => f.tx);
}

/** An included transaction with its receipt and the number of its block. */
export async function readIncludedTransaction(
  q: Queryable,
  chainId: bigint,
  hash: Hex,
): Promise<{ blockNumber: bigint; tx: IncludedTransaction } | undefined> {
  const found = await transactionsWhere(q, chainId, "t.hash = $1", [hexToBytes(hash)]);
  return found[0];
}
