import type { Database, Queryable } from "@halcyon/node-common";
import {
  type Address,
  bytesToHex,
  decodeTransaction,
  type Hex,
  hexToBytes,
  isTokenAddress,
  parseTransferCalldata,
  type SignedTransaction,
} from "@halcyon/protocol";

// The account history the explorer shows (rollup_getAddressTransactions): an index of who took part in
// which transaction, built behind the chain from the stored raw transactions when a history is asked
// for, so that the block path (the sequencer's throughput) pays nothing for it. Deposits come straight
// from l1_queue_entries, which the follower fills anyway.

/** Transactions indexed per step: a short database transaction, and a short pause of the event loop (decoding). */
const STEP_TRANSACTIONS = 2_000;
/** Blocks looked at per step to find a step's range. */
const STEP_BLOCKS = 2_000;

/** The accounts a transaction touches: its sender, its recipient, and a token transfer's recipient. */
export function participantsOf(sender: Address, tx: SignedTransaction): Address[] {
  const out = new Set<Address>([sender.toLowerCase() as Address, tx.to.toLowerCase() as Address]);
  if (isTokenAddress(tx.to)) {
    const transfer = parseTransferCalldata(tx.data);
    if (transfer !== null) out.add(transfer.recipient.toLowerCase() as Address);
  }
  return [...out];
}

/** An L2 transaction in an account's history, with its receipt's status. */
export type HistoryTransaction = {
  readonly type: "transaction";
  readonly blockNumber: bigint;
  readonly index: number;
  readonly sender: Address;
  readonly tx: SignedTransaction;
  readonly status: 0 | 1;
};

/** An L1 deposit to the account, applied in an L2 block. */
export type HistoryDeposit = {
  readonly type: "deposit";
  readonly blockNumber: bigint;
  readonly index: number;
  readonly queueIndex: bigint;
  readonly from: Address;
  readonly to: Address;
  readonly l1Token: Address | undefined;
  readonly amount: bigint;
  readonly pseudoHash: Hex;
  readonly l1TransactionHash: Hex | undefined;
};

export type HistoryItem = HistoryTransaction | HistoryDeposit;

/**
 * Where a page starts: items strictly before (blockNumber, slot), newest first. In a block the queue
 * entries come before the transactions (as the producer applies them), so an entry's slot is its
 * position and a transaction's is TX_SLOT + its index.
 */
export type HistoryCursor = { readonly blockNumber: bigint; readonly slot: number };

export const TX_SLOT = 1 << 16;

export function slotOf(item: HistoryItem): number {
  return item.type === "deposit" ? item.index : TX_SLOT + item.index;
}

type TxRow = { block_number: bigint; tx_index: number; sender: Uint8Array; raw: Uint8Array; status: number };
type DepositRow = {
  queue_index: bigint;
  from_address: Uint8Array;
  to_address: Uint8Array;
  l1_token: Uint8Array | null;
  amount: string;
  block_number: bigint;
  position: number;
  pseudo_hash: Uint8Array;
  l1_tx_hash: Uint8Array | null;
};

/**
 * The index and its reads. One catch-up runs at a time in a process; several processes on one database
 * are safe too (rows are inserted once, the cursor only moves forward).
 */
export class AddressIndex {
  readonly #db: Database;
  readonly #chainId: bigint;
  #running: Promise<bigint> | undefined;

  constructor(db: Database, chainId: bigint) {
    this.#db = db;
    this.#chainId = chainId;
  }

  /** The last block indexed. */
  async indexedThrough(q: Queryable = this.#db): Promise<bigint> {
    const { rows } = await q.query<{ block_number: bigint }>("SELECT block_number FROM address_index_cursor");
    return rows[0]?.block_number ?? 0n;
  }

  /**
   * Indexes the blocks up to `head`, for at most `budgetMs` (a long backlog is left for the next call).
   * Returns the last block indexed.
   */
  async catchUp(head: bigint, budgetMs: number): Promise<bigint> {
    const deadline = performance.now() + budgetMs;
    for (;;) {
      while (this.#running !== undefined) await this.#running.catch(() => undefined);
      this.#running = this.#step(head);
      const through = await this.#running.finally(() => {
        this.#running = undefined;
      });
      if (through >= head || performance.now() >= deadline) return through;
    }
  }

  /** Indexes the next range of blocks after the cursor; returns the new cursor. */
  async #step(head: bigint): Promise<bigint> {
    const from = await this.indexedThrough();
    if (from >= head) return from;
    const { rows: blocks } = await this.#db.query<{ number: bigint; tx_count: number }>(
      `SELECT number, tx_count FROM blocks WHERE number > $1 AND number <= $2 AND tx_count > 0
       ORDER BY number LIMIT ${STEP_BLOCKS}`,
      [from, head],
    );
    // Whole blocks, about STEP_TRANSACTIONS transactions (at least one block).
    let to = blocks.length === STEP_BLOCKS ? blocks.at(-1)!.number : head;
    let count = 0;
    for (const b of blocks) {
      if (count > 0 && count + b.tx_count > STEP_TRANSACTIONS) {
        to = b.number - 1n;
        break;
      }
      count += b.tx_count;
    }
    const { rows } = await this.#db.query<{
      block_number: bigint;
      tx_index: number;
      sender: Uint8Array;
      raw: Uint8Array;
    }>(
      "SELECT block_number, tx_index, sender, raw FROM transactions WHERE block_number > $1 AND block_number <= $2",
      [from, to],
    );
    const addresses: Buffer[] = [];
    const numbers: bigint[] = [];
    const indices: number[] = [];
    for (const r of rows) {
      const tx = decodeTransaction(r.raw, this.#chainId);
      for (const a of participantsOf(bytesToHex(r.sender) as Address, tx)) {
        addresses.push(Buffer.from(hexToBytes(a)));
        numbers.push(r.block_number);
        indices.push(r.tx_index);
      }
    }
    await this.#db.transaction(async (q) => {
      if (addresses.length > 0) {
        await q.query(
          `INSERT INTO address_transactions (address, block_number, tx_index)
           SELECT * FROM unnest($1::bytea[], $2::int8[], $3::int4[]) ON CONFLICT DO NOTHING`,
          [addresses, numbers, indices],
        );
      }
      await q.query("UPDATE address_index_cursor SET block_number = GREATEST(block_number, $1)", [to]);
    });
    return to;
  }

  /**
   * Up to `limit` items of `address`'s history before `cursor` (or from the newest), newest first: the
   * transactions it sent or received (ETH or tokens) among the blocks indexed, and the deposits to it.
   */
  async history(address: Address, limit: number, cursor: HistoryCursor | undefined): Promise<HistoryItem[]> {
    const key = hexToBytes(address);
    const block = cursor?.blockNumber ?? 1n << 62n;
    const slot = cursor?.slot ?? TX_SLOT * 2;
    // A transaction is before the cursor if its block is, or in the cursor's block with a lower slot.
    const txBefore = slot > TX_SLOT ? [block, slot - TX_SLOT] : [block - 1n, TX_SLOT];
    const { rows: txRows } = await this.#db.query<TxRow>(
      `SELECT a.block_number, a.tx_index, t.sender, t.raw, r.status
       FROM address_transactions a
       JOIN transactions t ON t.block_number = a.block_number AND t.tx_index = a.tx_index
       JOIN receipts r ON r.block_number = a.block_number AND r.tx_index = a.tx_index
       WHERE a.address = $1 AND (a.block_number < $2 OR (a.block_number = $2 AND a.tx_index < $3))
       ORDER BY a.block_number DESC, a.tx_index DESC LIMIT $4`,
      [key, txBefore[0], txBefore[1], limit],
    );
    const entryBefore = slot >= TX_SLOT ? [block, TX_SLOT] : [block, slot];
    const { rows: depositRows } = await this.#db.query<DepositRow>(
      `SELECT e.queue_index, e.from_address, e.to_address, e.l1_token, e.amount, e.block_number, e.position,
              e.pseudo_hash, e.l1_tx_hash
       FROM l1_queue_entries e
       WHERE e.to_address = $1 AND e.block_number IS NOT NULL
         AND (e.block_number < $2 OR (e.block_number = $2 AND e.position < $3))
       ORDER BY e.block_number DESC, e.position DESC LIMIT $4`,
      [key, entryBefore[0], entryBefore[1], limit],
    );
    const items: HistoryItem[] = [
      ...txRows.map(
        (r): HistoryTransaction => ({
          type: "transaction",
          blockNumber: r.block_number,
          index: r.tx_index,
          sender: bytesToHex(r.sender) as Address,
          tx: decodeTransaction(r.raw, this.#chainId),
          status: r.status === 1 ? 1 : 0,
        }),
      ),
      ...depositRows.map(
        (r): HistoryDeposit => ({
          type: "deposit",
          blockNumber: r.block_number,
          index: r.position,
          queueIndex: r.queue_index,
          from: bytesToHex(r.from_address) as Address,
          to: bytesToHex(r.to_address) as Address,
          l1Token: r.l1_token === null ? undefined : (bytesToHex(r.l1_token) as Address),
          amount: BigInt(r.amount),
          pseudoHash: bytesToHex(r.pseudo_hash),
          l1TransactionHash: r.l1_tx_hash === null ? undefined : bytesToHex(r.l1_tx_hash),
        }),
      ),
    ];
    items.sort((a, b) =>
      a.blockNumber === b.blockNumber ? slotOf(b) - slotOf(a) : a.blockNumber > b.blockNumber ? -1 : 1,
    );
    return items.slice(0, limit);
  }
}
