import { readGameList } from "../../store/gameList.ts";
import type { RpcMethod } from "../context.ts";
import { RPC_ERROR, RpcError } from "../errors.ts";
import { toQuantity } from "../format.ts";
import { parsePageSize } from "../pageSize.ts";
import { paramList } from "../params.ts";

const MAX_GAMES = 100;

/**
 * The games against the sequencer's batches that its defender tracks: every open one, then the most
 * recently ended, up to `count`. An open game comes with its chess clocks as the DisputeGame has them
 * now (who is to move, the seconds left on each side's clock as of the last move, the mover's time left
 * at the L1 head, and the L1 time its clock runs out); `clocks` is null for ended games, and when the
 * sequencer runs without L1.
 */
export const rollupGetGames: RpcMethod = {
  name: "rollup_getGames",
  handler: async (params, ctx) => {
    const [countParam] = paramList(params, 0, 1);
    const count = parsePageSize(countParam, "count", 20, MAX_GAMES);
    const games = await readGameList(ctx.rollup.db, count);
    const source = ctx.rollup.gameClocks;
    return Promise.all(
      games.map(async (g) => {
        let clocks: Record<string, unknown> | null = null;
        if (g.status === "open" && source !== undefined) {
          const c = await source.clocks(g.gameId).catch((error: unknown) => {
            throw new RpcError(
              RPC_ERROR.RESOURCE_UNAVAILABLE,
              "the game's clocks could not be read from L1",
              {
                cause: error,
              },
            );
          });
          clocks = {
            mover: c.mover,
            proposerClock: toQuantity(c.proposerClock),
            challengerClock: toQuantity(c.challengerClock),
            lastMoveAt: toQuantity(c.lastMoveAt),
            remaining: toQuantity(c.remaining),
            deadline: c.deadline === undefined ? null : toQuantity(c.deadline),
          };
        }
        return {
          gameId: toQuantity(g.gameId),
          batchIndex: toQuantity(g.batchIndex),
          recordHash: g.recordHash,
          challenger: g.challenger,
          status: g.status,
          lo: g.lo,
          hi: g.hi,
          openedL1Block: toQuantity(g.openedBlock),
          updatedAt: g.updatedAt,
          clocks,
        };
      }),
    );
  },
};
