import type { Database } from "@halcyon/node-common";
import { bytesToHex, hexToBytes } from "@halcyon/protocol";
import type { Hex } from "viem";

// The challenger's own games: which batch each disputes and how it ended, as far as it knows.

/** On-chain statuses, and "vanished": the game's opening was reorged out of L1. */
export const GAME_STATUSES = [
  "in-progress",
  "proposer-won",
  "challenger-won",
  "cancelled",
  "vanished",
] as const;
export type GameStatusName = (typeof GAME_STATUSES)[number];

export type StoredGame = {
  readonly gameId: bigint;
  readonly recordHash: Hex;
  readonly batchIndex: bigint;
  readonly status: GameStatusName;
  readonly openedTx: Hex | null;
};

type GameRow = {
  game_id: bigint;
  record_hash: Uint8Array;
  batch_index: bigint;
  status: GameStatusName;
  opened_tx: Uint8Array | null;
};

function gameFromRow(row: GameRow): StoredGame {
  return {
    gameId: row.game_id,
    recordHash: bytesToHex(row.record_hash),
    batchIndex: row.batch_index,
    status: row.status,
    openedTx: row.opened_tx === null ? null : bytesToHex(row.opened_tx),
  };
}

export type GameStore = ReturnType<typeof createGameStore>;

export function createGameStore(db: Database) {
  return {
    /** Records a game (idempotent: a known game id keeps its row). */
    async insert(game: Omit<StoredGame, "status">): Promise<void> {
      await db.query(
        `INSERT INTO game (game_id, record_hash, batch_index, status, opened_tx) VALUES ($1, $2, $3, 'in-progress', $4)
         ON CONFLICT (game_id) DO NOTHING`,
        [
          game.gameId,
          hexToBytes(game.recordHash),
          game.batchIndex,
          game.openedTx === null ? null : hexToBytes(game.openedTx),
        ],
      );
    },

    async setStatus(gameId: bigint, status: GameStatusName): Promise<void> {
      await db.query("UPDATE game SET status = $2, updated_at = now() WHERE game_id = $1", [gameId, status]);
    },

    async all(): Promise<StoredGame[]> {
      const { rows } = await db.query<GameRow>(
        "SELECT game_id, record_hash, batch_index, status, opened_tx FROM game ORDER BY game_id",
      );
      return rows.map(gameFromRow);
    },

    async inProgress(): Promise<StoredGame[]> {
      const { rows } = await db.query<GameRow>(
        `SELECT game_id, record_hash, batch_index, status, opened_tx FROM game WHERE status = 'in-progress'
         ORDER BY game_id`,
      );
      return rows.map(gameFromRow);
    },

    async byRecordHash(recordHash: Hex): Promise<StoredGame[]> {
      const { rows } = await db.query<GameRow>(
        "SELECT game_id, record_hash, batch_index, status, opened_tx FROM game WHERE record_hash = $1 ORDER BY game_id",
        [hexToBytes(recordHash)],
      );
      return rows.map(gameFromRow);
    },
  };
}
