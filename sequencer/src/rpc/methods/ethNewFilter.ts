import type { RpcContext, RpcMethod } from "../context.ts";
import { parseLogCriteria } from "../logCriteria.ts";
import { type BlockRef, paramList } from "../params.ts";
import { resolveBlockNumber } from "../stateAt.ts";

/** A bound of a filter: open (latest, pending, absent) or a fixed block. */
async function bound(ctx: RpcContext, ref: BlockRef | undefined): Promise<bigint | undefined> {
  if (ref === undefined || (ref.kind === "tag" && (ref.tag === "latest" || ref.tag === "pending")))
    return undefined;
  return resolveBlockNumber(ctx, ref);
}

export const ethNewFilter: RpcMethod = {
  name: "eth_newFilter",
  handler: async (params, ctx) => {
    const [filterParam] = paramList(params, 1);
    const criteria = parseLogCriteria(filterParam, "filter");
    const fromBlock = await bound(ctx, criteria.fromBlock);
    const toBlock = await bound(ctx, criteria.toBlock);
    return ctx.filters.newLogFilter(
      { addresses: criteria.addresses, topics: criteria.topics },
      fromBlock,
      toBlock,
    );
  },
};
