import type { Queryable } from "@halcyon/node-common";
import { type Address, bytesToHex, type Hex, hexToBytes, type WithdrawalLeaf } from "@halcyon/protocol";

// Reads for the rollup_* methods: withdrawals with where they happened, and the games against the
// sequencer's batches as the defender last saw them.

export type StoredWithdrawal = {
  readonly leaf: WithdrawalLeaf;
  readonly leafHash: Hex;
  readonly blockNumber: bigint;
  /** The L2 transaction (or a forced transaction's queue-entry pseudo hash). */
  readonly transactionHash: Hex;
};

type WithdrawalRow = {
  withdrawal_index: bigint;
  block_number: bigint;
  tx_hash: Uint8Array;
  l2_sender: Uint8Array;
  l1_recipient: Uint8Array;
  l1_token: Uint8Array;
  amount: string;
  leaf_hash: Uint8Array;
};

function withdrawalOfRow(r: WithdrawalRow): StoredWithdrawal {
  return {
    leaf: {
      index: r.withdrawal_index,
      l2Sender: bytesToHex(r.l2_sender) as Address,
      l1Recipient: bytesToHex(r.l1_recipient) as Address,
      l1Token: bytesToHex(r.l1_token) as Address,
      amount: BigInt(r.amount),
    },
    leafHash: bytesToHex(r.leaf_hash),
    blockNumber: r.block_number,
    transactionHash: bytesToHex(r.tx_hash),
  };
}

const WITHDRAWAL_COLUMNS =
  "withdrawal_index, block_number, tx_hash, l2_sender, l1_recipient, l1_token, amount, leaf_hash";

/** The withdrawal with index `index`, or the (first) one made by transaction `hash`. */
export async function readWithdrawal(
  q: Queryable,
  by: { readonly index: bigint } | { readonly transactionHash: Hex },
): Promise<StoredWithdrawal | undefined> {
  const { rows } =
    "index" in by
      ? await q.query<WithdrawalRow>(
          `SELECT ${WITHDRAWAL_COLUMNS} FROM withdrawals WHERE withdrawal_index = $1`,
          [by.index],
        )
      : await q.query<WithdrawalRow>(
          `SELECT ${WITHDRAWAL_COLUMNS} FROM withdrawals WHERE tx_hash = $1 ORDER BY withdrawal_index LIMIT 1`,
          [hexToBytes(by.transactionHash)],
        );
  return rows[0] === undefined ? undefined : withdrawalOfRow(rows[0]);
}

/** The leaf hashes of withdrawals [0, count), in order. */
export async function readWithdrawalLeafHashes(q: Queryable, count: bigint): Promise<Uint8Array[]> {
  const { rows } = await q.query<{ leaf_hash: Uint8Array }>(
    "SELECT leaf_hash FROM withdrawals WHERE withdrawal_index < $1 ORDER BY withdrawal_index",
    [count],
  );
  return rows.map((r) => r.leaf_hash);
}

export type GameStatus = "open" | "proposer-won" | "challenger-won" | "cancelled";

export type StoredGame = {
  readonly gameId: bigint;
  readonly batchIndex: bigint;
  readonly recordHash: Hex;
  readonly challenger: Address;
  readonly status: GameStatus;
  readonly lo: number;
  readonly hi: number;
  readonly openedBlock: bigint;
};

type GameRow = {
  game_id: bigint;
  batch_index: bigint;
  record_hash: Uint8Array;
  challenger: Uint8Array;
  status: GameStatus;
  lo: number;
  hi: number;
  opened_block: bigint;
};

function gameOfRow(r: GameRow): StoredGame {
  return {
    gameId: r.game_id,
    batchIndex: r.batch_index,
    recordHash: bytesToHex(r.record_hash),
    challenger: bytesToHex(r.challenger) as Address,
    status: r.status,
    lo: r.lo,
    hi: r.hi,
    openedBlock: r.opened_block,
  };
}

const GAME_COLUMNS = "game_id, batch_index, record_hash, challenger, status, lo, hi, opened_block";

/** Open games, all of them or those against batch `batchIndex`. */
export async function readOpenGames(q: Queryable, batchIndex?: bigint): Promise<StoredGame[]> {
  const { rows } =
    batchIndex === undefined
      ? await q.query<GameRow>(
          `SELECT ${GAME_COLUMNS} FROM dispute_games WHERE status = 'open' ORDER BY game_id`,
        )
      : await q.query<GameRow>(
          `SELECT ${GAME_COLUMNS} FROM dispute_games WHERE status = 'open' AND batch_index = $1 ORDER BY game_id`,
          [batchIndex],
        );
  return rows.map(gameOfRow);
}

/** Inserts or updates a game as seen on L1. */
export async function upsertGame(q: Queryable, g: StoredGame): Promise<void> {
  await q.query(
    `INSERT INTO dispute_games (game_id, batch_index, record_hash, challenger, status, lo, hi, opened_block)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (game_id) DO UPDATE SET status = excluded.status, lo = excluded.lo, hi = excluded.hi,
       updated_at = now()`,
    [
      g.gameId,
      g.batchIndex,
      hexToBytes(g.recordHash),
      hexToBytes(g.challenger),
      g.status,
      g.lo,
      g.hi,
      g.openedBlock,
    ],
  );
}

/** The last batch cut, the last posted (or final) and the last final, as indices (undefined: none). */
export async function readBatchProgress(
  q: Queryable,
): Promise<{ last?: bigint; posted?: bigint; final?: bigint; unposted: number }> {
  const { rows } = await q.query<{
    last: bigint | null;
    posted: bigint | null;
    final: bigint | null;
    unposted: bigint;
  }>(
    `SELECT max(batch_index) AS last,
            max(batch_index) FILTER (WHERE status IN ('posted', 'final')) AS posted,
            max(batch_index) FILTER (WHERE status = 'final') AS final,
            count(*) FILTER (WHERE status IN ('pending', 'submitted'))::int8 AS unposted
     FROM batches`,
  );
  const r = rows[0]!;
  return {
    ...(r.last === null ? {} : { last: r.last }),
    ...(r.posted === null ? {} : { posted: r.posted }),
    ...(r.final === null ? {} : { final: r.final }),
    unposted: Number(r.unposted),
  };
}
