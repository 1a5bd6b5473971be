import { readBatchProgress, readOpenGames } from "../../store/rollupQueries.ts";
import type { RpcMethod } from "../context.ts";
import { toQuantity } from "../format.ts";
import { paramList } from "../params.ts";

const quantityOrNull = (value: bigint | undefined) => (value === undefined ? null : toQuantity(value));

/** The L2 head with its safe and finalized blocks, batch progress, open games, and what L1 looks like. */
export const rollupGetStatus: RpcMethod = {
  name: "rollup_getStatus",
  handler: async (params, ctx) => {
    paramList(params, 0);
    const head = ctx.chain.head;
    const progress = await readBatchProgress(ctx.rollup.db);
    const games = await readOpenGames(ctx.rollup.db);
    const l1 = ctx.rollup.l1Status?.();
    return {
      l2: {
        head: toQuantity(head.number),
        headHash: head.hash,
        safe: toQuantity(ctx.finality.safeBlock()),
        finalized: toQuantity(ctx.finality.finalizedBlock()),
        mempool: ctx.mempool.size,
      },
      batches: {
        last: quantityOrNull(progress.last),
        lastPosted: quantityOrNull(progress.posted),
        lastFinal: quantityOrNull(progress.final),
        unposted: progress.unposted,
      },
      openGames: games.map((g) => ({
        gameId: toQuantity(g.gameId),
        batchIndex: toQuantity(g.batchIndex),
        challenger: g.challenger,
        lo: g.lo,
        hi: g.hi,
      })),
      l1:
        l1 === undefined
          ? null
          : {
              headBlock: quantityOrNull(l1.l1Head),
              followedBlock: quantityOrNull(l1.followedBlock),
              queueLength: toQuantity(l1.queueLength),
              halted: l1.halted ?? null,
            },
    };
  },
};
