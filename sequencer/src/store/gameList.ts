import type { Queryable } from "@halcyon/node-common";
import { type Address, bytesToHex } from "@halcyon/protocol";
import type { StoredGame } from "./rollupQueries.ts";

// The games the defender tracks, for the explorer (rollup_getGames): open ones first, then the most
// recently ended.

export type ListedGame = StoredGame & { readonly updatedAt: number };

type Row = {
  game_id: bigint;
  batch_index: bigint;
  record_hash: Uint8Array;
  challenger: Uint8Array;
  status: StoredGame["status"];
  lo: number;
  hi: number;
  opened_block: bigint;
  updated_at: Date;
};

/** Up to `limit` games: every open one (oldest first), then ended ones, newest first. */
export async function readGameList(q: Queryable, limit: number): Promise<ListedGame[]> {
  const { rows } = await q.query<Row>(
    `SELECT game_id, batch_index, record_hash, challenger, status, lo, hi, opened_block, updated_at
     FROM dispute_games
     ORDER BY (status = 'open') DESC, CASE WHEN status = 'open' THEN game_id END ASC, game_id DESC
     LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    gameId: r.game_id,
    batchIndex: r.batch_index,
    recordHash: bytesToHex(r.record_hash),
    challenger: bytesToHex(r.challenger) as Address,
    status: r.status,
    lo: r.lo,
    hi: r.hi,
    openedBlock: r.opened_block,
    updatedAt: Math.floor(r.updated_at.getTime() / 1000),
  }));
}
