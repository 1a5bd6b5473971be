import type { Database, Queryable } from "@halcyon/node-common";
import {
  type Address,
  BaseError,
  bytesToHex,
  type ChainConfig,
  createStateTree,
  equalBytes,
  type Hex,
  hexToBytes,
  L2State,
  WithdrawalTree,
  withdrawalLeafHash,
} from "@halcyon/protocol";
import { genesisHeader } from "../chain/genesis.ts";
import type { BlockHeader } from "../chain/sealedBlock.ts";
import { readHeaderByNumber, readLatestHeader } from "./blockReader.ts";

// Opening the chain store: first start (genesis) and restart (rebuild the state from the stored leaves
// and withdrawals, and check it against the last block's state root).

/** The store cannot be used as it is: it belongs to another chain, or its state does not match its blocks. */
export class ChainStoreError extends BaseError {
  override name = "ChainStoreError";
}

async function writeGenesis(db: Database, config: ChainConfig): Promise<BlockHeader> {
  const g = genesisHeader();
  await db.transaction(async (tx) => {
    await tx.query("INSERT INTO chain_params (chain_id, fee_vault) VALUES ($1, $2)", [
      config.chainId,
      hexToBytes(config.feeVault),
    ]);
    await tx.query(
      `INSERT INTO blocks (number, hash, parent_hash, timestamp, base_fee, state_root, transactions_hash,
         receipts_root, queue_start, queue_count, tx_count, gas_used, logs_bloom, size, tree_root,
         withdrawals_root, withdrawal_count, queue_applied, account_count)
       VALUES (0, $1, $2, 0, $3, $4, $5, $6, 0, 0, 0, 0, $7, $8, $9, $10, 0, 0, 0)`,
      [
        hexToBytes(g.hash),
        hexToBytes(g.parentHash),
        g.baseFee,
        hexToBytes(g.stateRoot),
        hexToBytes(g.transactionsHash),
        hexToBytes(g.receiptsRoot),
        hexToBytes(g.logsBloom),
        g.size,
        g.state.treeRoot,
        g.state.withdrawalsRoot,
      ],
    );
  });
  return g;
}

async function checkChainParams(q: Queryable, config: ChainConfig): Promise<boolean> {
  const { rows } = await q.query<{ chain_id: string; fee_vault: Uint8Array }>(
    "SELECT chain_id, fee_vault FROM chain_params",
  );
  const row = rows[0];
  if (row === undefined) return false;
  const feeVault = bytesToHex(row.fee_vault) as Address;
  if (BigInt(row.chain_id) !== config.chainId || feeVault !== config.feeVault) {
    throw new ChainStoreError(
      `the database holds chain ${row.chain_id} with fee vault ${feeVault}, not chain ${config.chainId} with fee vault ${config.feeVault}`,
      { details: { storedChainId: row.chain_id, storedFeeVault: feeVault } },
    );
  }
  return true;
}

const LEAF_PAGE = 50_000;

/** Loads every stored leaf into a fresh state tree, a page at a time (keyset pagination). */
async function loadTree(q: Queryable): Promise<{ tree: ReturnType<typeof createStateTree>; leaves: number }> {
  const tree = createStateTree();
  let after: Uint8Array = new Uint8Array(0);
  let leaves = 0;
  for (;;) {
    const { rows } = await q.query<{ key: Uint8Array; value: Uint8Array }>(
      "SELECT key, value FROM state_leaves WHERE key > $1 ORDER BY key LIMIT $2",
      [after, LEAF_PAGE],
    );
    for (const r of rows) tree.set(r.key, r.value);
    leaves += rows.length;
    if (rows.length < LEAF_PAGE) return { tree, leaves };
    after = rows[rows.length - 1]!.key;
  }
}

/** The withdrawal leaf hashes, in order, checked; and their count against `expectedCount` if given. */
async function loadWithdrawals(q: Queryable, expectedCount: bigint | undefined): Promise<Uint8Array[]> {
  const { rows } = await q.query<{
    withdrawal_index: bigint;
    l2_sender: Uint8Array;
    l1_recipient: Uint8Array;
    l1_token: Uint8Array;
    amount: string;
    leaf_hash: Uint8Array;
  }>(
    "SELECT withdrawal_index, l2_sender, l1_recipient, l1_token, amount, leaf_hash FROM withdrawals ORDER BY withdrawal_index",
  );
  if (expectedCount !== undefined && BigInt(rows.length) !== expectedCount) {
    throw new ChainStoreError(
      `the store holds ${rows.length} withdrawals but the last block counts ${expectedCount}: refusing to start`,
    );
  }
  const leaves = rows.map((r, i) => {
    const leafHash = withdrawalLeafHash({
      index: r.withdrawal_index,
      l2Sender: bytesToHex(r.l2_sender),
      l1Recipient: bytesToHex(r.l1_recipient),
      l1Token: bytesToHex(r.l1_token),
      amount: BigInt(r.amount),
    });
    if (r.withdrawal_index !== BigInt(i) || !equalBytes(leafHash, r.leaf_hash)) {
      throw new ChainStoreError(
        `withdrawal ${r.withdrawal_index} in the store is inconsistent: refusing to start`,
      );
    }
    return leafHash;
  });
  return leaves;
}

export type OpenedChain = {
  readonly state: L2State;
  readonly head: BlockHeader;
  /** True when the store was empty and genesis was written now. */
  readonly created: boolean;
  /** Leaves loaded from the store. */
  readonly leaves: number;
};

/**
 * Opens the chain held by `db` (migrated): writes genesis into an empty store; otherwise rebuilds
 * the state (leaves into a fresh tree, header counters from the last block, the withdrawals tree)
 * and refuses, with ChainStoreError, a store whose chain parameters differ from `config` or whose
 * recomputed state root is not the last block's.
 */
export async function openChain(db: Database, config: ChainConfig): Promise<OpenedChain> {
  if (!(await checkChainParams(db, config))) {
    const head = await writeGenesis(db, config);
    return { state: new L2State(), head, created: true, leaves: 0 };
  }
  const head = await readLatestHeader(db);
  if (head === undefined) throw new ChainStoreError("the store has chain parameters but no genesis block");
  const { tree, leaves } = await loadTree(db);
  const withdrawals = WithdrawalTree.fromLeaves(await loadWithdrawals(db, head.state.withdrawalCount));
  const state = new L2State({
    tree,
    withdrawals,
    queueApplied: head.state.queueApplied,
    accountCount: head.state.accountCount,
  });
  const root: Hex = bytesToHex(state.stateRoot());
  if (root !== head.stateRoot) {
    throw new ChainStoreError(
      `state root mismatch on restart: the stored state hashes to ${root}, but block ${head.number} says ${head.stateRoot}; ` +
        "the store is inconsistent, refusing to start",
      { details: { block: head.number, computed: root, stored: head.stateRoot } },
    );
  }
  return { state, head, created: false, leaves };
}

/**
 * The state right after block `number` (so the pre-state of block `number + 1`), rebuilt from the
 * current leaves by undoing the diffs of every later block, and checked against that block's state
 * root. The defender needs it to re-execute a disputed block; how far back it can go is how far back
 * the diffs are kept (all of them, until the batcher prunes what is final).
 */
export async function loadStateAfterBlock(db: Database, number: bigint): Promise<L2State> {
  const header = await readHeaderByNumber(db, number);
  if (header === undefined) throw new ChainStoreError(`no block ${number} in the store`);
  const { tree } = await loadTree(db);
  const { rows } = await db.query<{ key: Uint8Array; previous: Uint8Array | null }>(
    `SELECT DISTINCT ON (key) key, previous FROM state_diffs WHERE block_number > $1 ORDER BY key, block_number`,
    [number],
  );
  for (const r of rows) {
    if (r.previous === null) tree.delete(r.key);
    else tree.set(r.key, r.previous);
  }
  const all = await loadWithdrawals(db, undefined);
  const state = new L2State({
    tree,
    withdrawals: WithdrawalTree.fromLeaves(all.slice(0, Number(header.state.withdrawalCount))),
    queueApplied: header.state.queueApplied,
    accountCount: header.state.accountCount,
  });
  const root: Hex = bytesToHex(state.stateRoot());
  if (root !== header.stateRoot) {
    throw new ChainStoreError(
      `the state rebuilt after block ${number} hashes to ${root}, not ${header.stateRoot}`,
      {
        details: { block: number, computed: root, stored: header.stateRoot },
      },
    );
  }
  return state;
}

/**
 * The value of leaf `key` after block `number`, if a later block changed it: the earliest diff of
 * the key after `number` holds it ({ found: true, value }, value undefined when it was absent).
 * Otherwise { found: false }: the key has not changed since, and its current value is the answer.
 */
export async function leafAfterBlock(
  q: Queryable,
  key: Uint8Array,
  number: bigint,
): Promise<{ found: false } | { found: true; value: Uint8Array | undefined }> {
  const { rows } = await q.query<{ previous: Uint8Array | null }>(
    "SELECT previous FROM state_diffs WHERE key = $1 AND block_number > $2 ORDER BY block_number LIMIT 1",
    [key, number],
  );
  const row = rows[0];
  return row === undefined ? { found: false } : { found: true, value: row.previous ?? undefined };
}
