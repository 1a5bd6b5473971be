import type { Database, Queryable } from "@halcyon/node-common";
import { encodeSignedTransaction, type Hex } from "@halcyon/protocol";
import type { BlockLog, BlockWrites, SealedBlock } from "../chain/sealedBlock.ts";
import { hexBuffer } from "./hexBuffer.ts";

// Persists a sealed block atomically: the block, its transactions, receipts and logs, the leaves it
// wrote with their earlier values, its withdrawals and queue entries, and the removal of its
// transactions from the mempool table. One database transaction, one multi-row statement per table.

const bytes = hexBuffer;

async function insertHeader(q: Queryable, block: SealedBlock): Promise<void> {
  const h = block.header;
  await q.query(
    `INSERT INTO blocks (number, hash, parent_hash, timestamp, base_fee, state_root, transactions_hash,
       receipts_root, queue_start, queue_count, tx_count, gas_used, logs_bloom, size, tree_root,
       withdrawals_root, withdrawal_count, queue_applied, account_count)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
    [
      h.number,
      bytes(h.hash),
      bytes(h.parentHash),
      h.timestamp,
      h.baseFee,
      bytes(h.stateRoot),
      bytes(h.transactionsHash),
      bytes(h.receiptsRoot),
      h.queueStart,
      h.queueCount,
      h.txCount,
      h.gasUsed,
      bytes(h.logsBloom),
      h.size,
      h.state.treeRoot,
      h.state.withdrawalsRoot,
      h.state.withdrawalCount,
      h.state.queueApplied,
      h.state.accountCount,
    ],
  );
}

async function insertTransactions(q: Queryable, block: SealedBlock): Promise<void> {
  const txs = block.transactions;
  if (txs.length === 0) return;
  const n = block.header.number;
  await q.query(
    `INSERT INTO transactions (hash, block_number, tx_index, sender, raw, to_index, recipient_index)
     SELECT h, $1, i, s, r, ti, ri
     FROM unnest($2::bytea[], $3::int4[], $4::bytea[], $5::bytea[], $6::int8[], $7::int8[]) AS t(h, i, s, r, ti, ri)`,
    [
      n,
      txs.map((t) => bytes(t.tx.hash)),
      txs.map((t) => t.index),
      txs.map((t) => bytes(t.sender)),
      txs.map((t) => t.raw),
      txs.map((t) => t.hints.toIndex ?? null),
      txs.map((t) => t.hints.recipientIndex ?? null),
    ],
  );
  await q.query(
    `INSERT INTO receipts (block_number, tx_index, status, gas_used, cumulative_gas_used, effective_gas_price, failure)
     SELECT $1, i, s, g, c, p, f
     FROM unnest($2::int4[], $3::int2[], $4::int8[], $5::int8[], $6::numeric[], $7::text[]) AS t(i, s, g, c, p, f)`,
    [
      n,
      txs.map((t) => t.index),
      txs.map((t) => t.status),
      txs.map((t) => t.gasUsed),
      txs.map((t) => t.cumulativeGasUsed),
      txs.map((t) => t.effectiveGasPrice),
      txs.map((t) => t.failure ?? null),
    ],
  );
}

/** Every log of the block, in logIndex order. */
export function blockLogs(block: SealedBlock): BlockLog[] {
  const out: BlockLog[] = [];
  for (const entry of block.queueEntries) out.push(...entry.logs);
  for (const tx of block.transactions) out.push(...tx.logs);
  return out;
}

async function insertLogs(q: Queryable, block: SealedBlock): Promise<void> {
  const logs = blockLogs(block);
  if (logs.length === 0) return;
  const topic = (i: number) => logs.map((l) => (l.topics[i] === undefined ? null : bytes(l.topics[i]!)));
  await q.query(
    `INSERT INTO logs (block_number, log_index, tx_index, tx_hash, address, topic0, topic1, topic2, topic3, data)
     SELECT $1, li, ti, th, a, t0, t1, t2, t3, d
     FROM unnest($2::int4[], $3::int4[], $4::bytea[], $5::bytea[], $6::bytea[], $7::bytea[], $8::bytea[],
                 $9::bytea[], $10::bytea[]) AS t(li, ti, th, a, t0, t1, t2, t3, d)`,
    [
      block.header.number,
      logs.map((l) => l.logIndex),
      logs.map((l) => l.transactionIndex),
      logs.map((l) => bytes(l.transactionHash)),
      logs.map((l) => bytes(l.address)),
      topic(0),
      topic(1),
      topic(2),
      topic(3),
      logs.map((l) => bytes(l.data)),
    ],
  );
}

async function writeState(q: Queryable, writes: BlockWrites): Promise<void> {
  const changes = writes.leafChanges;
  if (changes.length === 0) return;
  await q.query(
    `INSERT INTO state_leaves (key, value) SELECT * FROM unnest($1::bytea[], $2::bytea[])
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    [changes.map((c) => c.key), changes.map((c) => c.value)],
  );
  await q.query(
    `INSERT INTO state_diffs (key, block_number, previous)
     SELECT k, $1, p FROM unnest($2::bytea[], $3::bytea[]) AS t(k, p)`,
    [writes.block.header.number, changes.map((c) => c.key), changes.map((c) => c.previous ?? null)],
  );
}

async function insertWithdrawals(q: Queryable, block: SealedBlock): Promise<void> {
  const ws = block.withdrawals;
  if (ws.length === 0) return;
  await q.query(
    `INSERT INTO withdrawals (withdrawal_index, block_number, tx_hash, l2_sender, l1_recipient, l1_token, amount, leaf_hash)
     SELECT i, $1, h, s, r, t, a, l
     FROM unnest($2::int8[], $3::bytea[], $4::bytea[], $5::bytea[], $6::bytea[], $7::numeric[], $8::bytea[])
       AS x(i, h, s, r, t, a, l)`,
    [
      block.header.number,
      ws.map((w) => w.leaf.index),
      ws.map((w) => bytes(w.transactionHash)),
      ws.map((w) => bytes(w.leaf.l2Sender)),
      ws.map((w) => bytes(w.leaf.l1Recipient)),
      ws.map((w) => bytes(w.leaf.l1Token)),
      ws.map((w) => w.leaf.amount),
      ws.map((w) => bytes(w.leafHash)),
    ],
  );
}

async function upsertQueueEntries(q: Queryable, block: SealedBlock): Promise<void> {
  const applied = block.queueEntries;
  if (applied.length === 0) return;
  const field = <T>(f: (a: (typeof applied)[number]) => T) => applied.map(f);
  await q.query(
    `INSERT INTO l1_queue_entries (queue_index, kind, from_address, to_address, l1_token, amount, raw_transaction,
       l1_timestamp, entry_hash, block_number, position, pseudo_hash, result)
     SELECT qi, k, f, t, l, a, r, ts, eh, $1, p, ph, res
     FROM unnest($2::int8[], $3::text[], $4::bytea[], $5::bytea[], $6::bytea[], $7::numeric[], $8::bytea[], $9::int8[],
                 $10::bytea[], $11::int4[], $12::bytea[], $13::text[])
       AS x(qi, k, f, t, l, a, r, ts, eh, p, ph, res)
     ON CONFLICT (queue_index) DO UPDATE SET block_number = excluded.block_number, position = excluded.position,
       pseudo_hash = excluded.pseudo_hash, result = excluded.result`,
    [
      block.header.number,
      field((a) => a.entry.queueIndex),
      field((a) => a.entry.kind),
      field((a) => bytes(a.entry.from)),
      field((a) => (a.entry.kind === "forced-transaction" ? null : bytes(a.entry.to))),
      field((a) => (a.entry.kind === "erc20-deposit" ? bytes(a.entry.l1Token) : null)),
      field((a) => (a.entry.kind === "forced-transaction" ? null : a.entry.amount)),
      field((a) => (a.entry.kind === "forced-transaction" ? encodeSignedTransaction(a.entry.tx) : null)),
      field((a) => a.entry.l1Timestamp),
      field((a) => bytes(a.entryHash)),
      field((a) => a.position),
      field((a) => bytes(a.pseudoHash)),
      field((a) => a.result),
    ],
  );
}

async function deleteFromMempool(q: Queryable, hashes: readonly Hex[]): Promise<void> {
  if (hashes.length === 0) return;
  await q.query("DELETE FROM mempool_transactions WHERE hash = ANY($1::bytea[])", [hashes.map(bytes)]);
}

/** The statements of writeBlock, on a transaction the caller opened. */
export async function writeBlockWith(tx: Queryable, writes: BlockWrites): Promise<void> {
  await insertHeader(tx, writes.block);
  await insertTransactions(tx, writes.block);
  await insertLogs(tx, writes.block);
  await writeState(tx, writes);
  await insertWithdrawals(tx, writes.block);
  await upsertQueueEntries(tx, writes.block);
  await deleteFromMempool(tx, writes.removedFromMempool);
}

/** Writes a sealed block and everything that goes with it, atomically. */
export async function writeBlock(db: Database, writes: BlockWrites): Promise<void> {
  await db.transaction((tx) => writeBlockWith(tx, writes));
}
